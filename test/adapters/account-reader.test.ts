/**
 * The account adapters' shared plumbing: every client retries adaptively, failures are classified
 * and named after the IAM action, and throttling really is retried by the SDK (a fake HTTP handler
 * answers 400 ThrottlingException, then the page — no network).
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { AccountReader, DEFAULT_MAX_ATTEMPTS, createLogsClient, sdkClientConfig } from '../../lambdas/adapters/account-reader';
import { AwsCallError, awsCall, classifyAwsError, toAwsCallError } from '../../lambdas/adapters/account-reader-errors';
import { CloudWatchLogsReader } from '../../lambdas/adapters/cloudwatch-logs-reader';

interface FakeResponse {
  status: number;
  body: object;
  errorType?: string;
}

/** An HTTP handler that answers from a script and records each request's target operation. */
function scriptedHandler(script: FakeResponse[]) {
  const targets: string[] = [];
  return {
    targets,
    handler: {
      handle: async (req: { headers: Record<string, string> }) => {
        targets.push(req.headers['x-amz-target'] ?? '?');
        const next = script.shift() ?? { status: 500, body: { message: 'script exhausted' } };
        const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1', ...(next.errorType ? { 'x-amzn-errortype': next.errorType } : {}) };
        return { response: { statusCode: next.status, headers, body: Buffer.from(JSON.stringify(next.body)) } };
      },
    },
  };
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

describe('sdkClientConfig', () => {
  it('uses the adaptive retry strategy with 10 attempts, and the region and profile given', async () => {
    expect(sdkClientConfig({ region: 'eu-west-1', profile: 'audit' })).toEqual({ region: 'eu-west-1', profile: 'audit', retryMode: 'adaptive', maxAttempts: DEFAULT_MAX_ATTEMPTS });
    expect(sdkClientConfig({})).toEqual({ retryMode: 'adaptive', maxAttempts: 10 });
    const client = createLogsClient({ region: 'eu-west-1' });
    const strategy = (await client.config.retryStrategy()) as { mode?: string };
    expect(strategy.mode).toBe('adaptive');
    expect(await client.config.maxAttempts()).toBe(10);
    expect(await client.config.region()).toBe('eu-west-1');
    client.destroy();
  });

  it('AccountReader builds every client the same way and names a missing region clearly', async () => {
    const reader = new AccountReader({ region: 'ap-southeast-2' });
    expect(await reader.region()).toBe('ap-southeast-2');
    for (const c of [reader.logs.client, reader.eks.client, reader.ec2.client, reader.cloudTrail.client, reader.eventBridge.client, reader.securityHub.client]) {
      expect(((await c.config.retryStrategy()) as { mode?: string }).mode).toBe('adaptive');
    }
    reader.destroy();
    const saved = { ...process.env };
    try {
      for (const k of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE']) delete process.env[k];
      process.env.AWS_CONFIG_FILE = '/nonexistent/config';
      const none = new AccountReader({});
      await expect(none.region()).rejects.toThrow('no AWS region: pass --region, set AWS_REGION, or give the profile a region');
      none.destroy();
    } finally {
      process.env = saved;
    }
  });
});

describe('throttling is retried by the SDK', () => {
  it('ThrottlingException, then success: one logical call, two HTTP requests', async () => {
    const { handler, targets } = scriptedHandler([
      { status: 400, errorType: 'ThrottlingException', body: { __type: 'ThrottlingException', message: 'Rate exceeded' } },
      { status: 200, body: { logGroups: [{ logGroupName: '/ec2/docker', arn: 'arn:aws:logs:us-east-1:111122223333:log-group:/ec2/docker:*', retentionInDays: 30 }] } },
    ]);
    const client = new CloudWatchLogsClient({ ...sdkClientConfig({ region: 'us-east-1' }), credentials, requestHandler: handler as never });
    const groups = await new CloudWatchLogsReader(client).findLogGroups('/ec2/docker');
    expect(groups).toEqual([{ name: '/ec2/docker', arn: 'arn:aws:logs:us-east-1:111122223333:log-group:/ec2/docker:*', account: '111122223333', retentionInDays: 30 }]);
    expect(targets).toEqual(['Logs_20140328.DescribeLogGroups', 'Logs_20140328.DescribeLogGroups']);
  });

  it('throttling that outlasts maxAttempts surfaces as an AwsCallError of kind throttled', async () => {
    const throttle = { status: 400, errorType: 'ThrottlingException', body: { __type: 'ThrottlingException', message: 'Rate exceeded' } };
    const { handler, targets } = scriptedHandler([throttle, throttle]);
    const client = new CloudWatchLogsClient({ ...sdkClientConfig({ region: 'us-east-1', maxAttempts: 2 }), credentials, requestHandler: handler as never });
    const err = await new CloudWatchLogsReader(client).findLogGroups('/ec2/docker').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsCallError);
    expect(err).toMatchObject({ action: 'logs:DescribeLogGroups', failure: 'throttled', code: 'ThrottlingException', message: "logs:DescribeLogGroups throttled by AWS even after the SDK's adaptive retries (ThrottlingException)" });
    expect(targets).toHaveLength(2);
  });
});

describe('classifyAwsError', () => {
  it.each([
    ['AccessDeniedException', undefined, 'access-denied'],
    ['UnauthorizedOperation', undefined, 'access-denied'],
    ['AccessDenied', undefined, 'access-denied'],
    ['SomethingNew', 403, 'access-denied'],
    ['ThrottlingException', undefined, 'throttled'],
    ['RequestLimitExceeded', undefined, 'throttled'],
    ['TooManyRequestsException', undefined, 'throttled'],
    ['ExpiredTokenException', undefined, 'credentials'],
    ['CredentialsProviderError', undefined, 'credentials'],
    ['ResourceNotFoundException', undefined, 'not-found'],
    ['InvalidVpcID.NotFound', undefined, 'not-found'],
    ['InternalFailure', 500, 'other'],
  ] as const)('%s (HTTP %s) → %s', (code, status, kind) => {
    expect(classifyAwsError(code, status)).toBe(kind);
  });

  it('keeps the first sentence of an EC2 denial and the original error as cause', () => {
    const raw = Object.assign(new Error('You are not authorized to perform this operation. Encoded authorization failure message: AbC123'), { name: 'UnauthorizedOperation' });
    const e = toAwsCallError(raw, 'ec2:DescribeFlowLogs');
    expect(e.message).toBe('missing IAM permission ec2:DescribeFlowLogs (UnauthorizedOperation)');
    expect(e.cause).toBe(raw);
    expect(toAwsCallError(e, 'other:Action')).toBe(e);
  });

  it('awsCall wraps anything thrown, even a non-Error', async () => {
    await expect(awsCall('eks:ListClusters', () => Promise.reject('boom'))).rejects.toMatchObject({ action: 'eks:ListClusters', failure: 'other', message: 'eks:ListClusters failed: Error: boom' });
  });
});
