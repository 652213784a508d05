/**
 * The account and Region findings are imported into (lambdas/adapters/security-hub-account.ts):
 * the Lambda's own from its ARN, the CLI's from --account or STS GetCallerIdentity.
 */
import { createSecurityHubClient } from '../../lambdas/adapters/security-hub-importer';
import { resolveImportTarget, targetFromFunctionArn } from '../../lambdas/adapters/security-hub-account';
import { FakeAwsEndpoint } from './security-hub-sns-fake-endpoint';

describe('Function: targetFromFunctionArn', () => {
  it.each([
    ['arn:aws:lambda:eu-west-1:111122223333:function:an1261-publish', { account: '111122223333', region: 'eu-west-1' }],
    ['arn:aws:lambda:us-east-1:444455556666:function:an1261-publish:live', { account: '444455556666', region: 'us-east-1' }],
    ['arn:aws-cn:lambda:cn-north-1:777788889999:function:p', { account: '777788889999', region: 'cn-north-1' }],
  ])('reads %s', (arn, target) => {
    expect(targetFromFunctionArn(arn)).toEqual(target);
  });

  it('refuses anything else, quoting it', () => {
    expect(() => targetFromFunctionArn('offline_functionName')).toThrow('invokedFunctionArn "offline_functionName" is not a Lambda function ARN');
  });
});

describe('Function: resolveImportTarget', () => {
  const fake = new FakeAwsEndpoint();
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  it('asks STS for the caller account, in the Region of the Security Hub client', async () => {
    const sh = createSecurityHubClient({ region: 'ap-southeast-2', credentials });

    const target = await resolveImportTarget(sh, undefined, { endpoint: fake.endpoint, credentials });

    expect(target).toEqual({ account: '777788889999', region: 'ap-southeast-2' });
    expect(fake.of('sts').map((r) => r.body.Action)).toEqual(['GetCallerIdentity']);
  });

  it('uses --account without calling STS, and checks it', async () => {
    const sh = createSecurityHubClient({ region: 'us-east-1', credentials });

    await expect(resolveImportTarget(sh, '123456789012', { endpoint: fake.endpoint, credentials })).resolves.toEqual({ account: '123456789012', region: 'us-east-1' });
    await expect(resolveImportTarget(sh, '1234')).rejects.toThrow('--account "1234" is not a 12-digit AWS account id');
    expect(fake.requests).toHaveLength(0);
  });
});
