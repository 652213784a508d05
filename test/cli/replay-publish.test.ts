/**
 * `an1261 replay … --publish [--topic-arn …]` on the bundled samples: the replay's findings go
 * through the same FindingPublisher as the Lambda, to endpoints taken from the standard SDK
 * configuration (AWS_ENDPOINT_URL here points every service at a loopback fake that answers like
 * STS, Security Hub and SNS); accepted/failed counts are printed and any failure exits non-zero.
 */
import { join } from 'node:path';
import { FakeAwsEndpoint } from '../adapters/security-hub-sns-fake-endpoint';
import { runCli } from './run-cli';

const SAMPLES = join(__dirname, '../../samples');
const TOPIC = 'arn:aws:sns:us-east-1:777788889999:an1261-findings';
const ENV_KEYS = ['AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'];
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
const fake = new FakeAwsEndpoint();

beforeAll(async () => {
  await fake.start();
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, { AWS_ENDPOINT_URL: fake.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  await fake.stop();
});
beforeEach(() => fake.reset());

const replay = (...flags: string[]) => runCli('replay', join(SAMPLES, 'logs'), '--config', join(SAMPLES, 'config.json'), '--no-details', ...flags);

describe('an1261 replay --publish', () => {
  it('imports the sample finding into the caller account and pages the topic once', async () => {
    const { code, stderr } = await replay('--publish', '--topic-arn', TOPIC);

    expect(code).toBe(0);
    expect(stderr).toContain(`published to Security Hub 777788889999/us-east-1 and SNS ${TOPIC}: 1 accepted, 0 failed, 1 notifications sent\n`);
    expect(fake.of('sts').map((r) => r.body.Action)).toEqual(['GetCallerIdentity']);
    const findings = fake.of('securityhub').map((r) => r.body.Findings as Array<Record<string, unknown>>);
    expect(findings).toHaveLength(1);
    expect(findings[0]![0]).toMatchObject({
      Id: 'an1261/bf822b376b8b714246fa9df746d647a4',
      AwsAccountId: '777788889999',
      ProductArn: 'arn:aws:securityhub:us-east-1:777788889999:product/777788889999/default',
      Severity: { Label: 'CRITICAL', Original: 'CRITICAL' },
    });
    expect(fake.of('sns').map((r) => [r.body.TopicArn, r.body.Subject])).toEqual([[TOPIC, '[CRITICAL] AN1261 image built on host i-0a1b2c3d4e5f60718 pushed and deployed (prod/payments-api)']]);
  });

  it('run twice, pages once: the second run finds the finding in Security Hub at the same severity and stays silent', async () => {
    expect((await replay('--publish', '--topic-arn', TOPIC)).code).toBe(0);
    const second = await replay('--publish', '--topic-arn', TOPIC);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`published to Security Hub 777788889999/us-east-1 and SNS ${TOPIC}: 1 accepted, 0 failed, 0 notifications sent (1 already in Security Hub: paged again only if the severity rose)\n`);
    expect(fake.of('sns')).toHaveLength(1);
    expect(fake.of('securityhub-get').map((r) => r.body.Filters)).toEqual([{ Id: [{ Value: 'an1261/bf822b376b8b714246fa9df746d647a4', Comparison: 'EQUALS' }] }, { Id: [{ Value: 'an1261/bf822b376b8b714246fa9df746d647a4', Comparison: 'EQUALS' }] }]);
  });

  it('pages an escalation when Security Hub holds the finding at a lower severity', async () => {
    const id = 'an1261/bf822b376b8b714246fa9df746d647a4';
    fake.imported.set(id, { Id: id, Severity: { Label: 'MEDIUM' }, FindingProviderFields: { Severity: { Label: 'MEDIUM' } }, Workflow: { Status: 'NEW' } });
    const { code } = await replay('--publish', '--topic-arn', TOPIC);
    expect(code).toBe(0);
    expect(fake.of('sns').map((r) => r.body.Subject)).toEqual(['[CRITICAL, was MEDIUM] AN1261 built on i-0a1b2c3d4e5f60718, pushed, deployed (prod/payments-api)']);
  });

  it('says so, and publishes as new, when it cannot read what Security Hub holds', async () => {
    fake.fail('securityhub-get', '5xx', '5xx', '5xx', '5xx', '5xx', '5xx');
    const { code, stderr } = await replay('--publish', '--topic-arn', TOPIC);
    expect(code).toBe(0);
    expect(stderr).toMatch(/warning: cannot read the findings Security Hub already holds \(InternalException: Service unavailable\): every finding is published as new and may page again\n/);
    expect(fake.of('sns')).toHaveLength(1);
  });

  it('imports only, with --account instead of STS, when no topic is given', async () => {
    const { code, stderr } = await replay('--publish', '--account', '123456789012');

    expect(code).toBe(0);
    expect(stderr).toContain('published to Security Hub 123456789012/us-east-1: 1 accepted, 0 failed\n');
    expect(fake.of('sts')).toHaveLength(0);
    expect(fake.of('sns')).toHaveLength(0);
    expect((fake.of('securityhub')[0]!.body.Findings as Array<{ AwsAccountId: string }>)[0]!.AwsAccountId).toBe('123456789012');
  });

  it('exits non-zero and names the finding when Security Hub stays unavailable', async () => {
    fake.fail('securityhub', '5xx', '5xx', '5xx', '5xx', '5xx', '5xx');

    const { code, stderr } = await replay('--publish', '--account', '123456789012', '--topic-arn', TOPIC);

    expect(code).toBe(2);
    // The finding's version depends on how its evidence arrived (one event-time pass: version 1); its id does not.
    expect(stderr).toMatch(/publish failed: bf822b376b8b714246fa9df746d647a4#\d+: Security Hub: InternalException: Service unavailable \(HTTP 503, 6 attempts\)\n/);
    expect(stderr).toContain(`published to Security Hub 123456789012/us-east-1 and SNS ${TOPIC}: 0 accepted, 1 failed, 0 notifications sent\n`);
    expect(stderr).toContain('an1261: publish: 1 of 1 findings were not accepted\n');
    expect(fake.of('sns')).toHaveLength(0);
  });

  it('refuses --topic-arn without --publish, and a malformed topic ARN, before reading any log', async () => {
    expect(await replay('--topic-arn', TOPIC)).toMatchObject({ code: 2, stderr: 'an1261: --topic-arn needs --publish\n' });
    expect(await replay('--publish', '--topic-arn', 'an1261-findings')).toMatchObject({ code: 2, stderr: 'an1261: --topic-arn: "an1261-findings" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)\n' });
    expect(fake.requests).toHaveLength(0);
  });
});
