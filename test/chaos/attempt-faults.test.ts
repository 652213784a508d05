/**
 * Per-attempt faults go through the SDK's own retry strategy: real clients, the real retry
 * middleware and deserializers; a fake transport answering 200 (SQS, SNS) or dynalite (DynamoDB).
 * Retries wait 0 ms (ConfiguredRetryStrategy: the standard strategy and classifier, no backoff).
 */
import { DynamoDBClient, GetItemCommand, ProvisionedThroughputExceededException, ThrottlingException } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import { createSnsClient } from '../../lambdas/adapters/sns-notifier';
import { isInjected } from '../../chaos/fault-errors';
import { injectFaults } from '../../chaos/fault-middleware';
import { type AttemptFaultKind, FaultPlan } from '../../chaos/fault-plan';
import { fakeHttp, OFFLINE, snsPublished, sqsAcceptAll } from './fake-http';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/findings';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:an1261';
const noWait = (maxAttempts: number) => new ConfiguredRetryStrategy(maxAttempts, () => 0);

function sqs(plan: FaultPlan, maxAttempts: number) {
  const http = fakeHttp(sqsAcceptAll);
  const client = injectFaults(new SQSClient({ ...OFFLINE, requestHandler: http.handler, retryStrategy: noWait(maxAttempts) }), plan);
  return { client, http };
}

const batch = () => new SendMessageBatchCommand({ QueueUrl: QUEUE, Entries: [{ Id: 'a', MessageBody: '{"a":1}' }, { Id: 'b', MessageBody: '{"b":2}' }] });

describe('per-attempt faults (inside the SDK retry loop)', () => {
  it.each<[AttemptFaultKind, (e: { name: string; code?: string; $metadata: { httpStatusCode?: number } }) => void]>([
    ['throttling', (e) => expect(['RequestThrottled', 'ThrottlingException']).toContain(e.name)],
    ['server-error', (e) => expect([500, 503]).toContain(e.$metadata.httpStatusCode)],
    ['timeout', (e) => expect(e.name === 'TimeoutError' || e.code === 'ECONNRESET').toBe(true)],
  ])('%s at rate 1 surfaces as the SDK error after maxAttempts attempts, nothing sent', async (kind, check) => {
    const plan = new FaultPlan({ seed: 9, rate: 1, kinds: [kind] });
    const { client, http } = sqs(plan, 3);
    const err = (await client.send(batch()).catch((e: unknown) => e)) as { name: string; code?: string; $metadata: { httpStatusCode?: number; attempts?: number } };
    expect(isInjected(err)).toBe(true);
    check(err);
    expect(err.$metadata.attempts).toBe(3);
    expect(http.sent).toHaveLength(0);
    expect(plan.injected()).toEqual({ [`SQS.SendMessageBatch.${kind}`]: 3 });
  });

  it('every injected attempt fault is retried by the SDK: attempts - 1 per call, all calls succeed', async () => {
    const plan = new FaultPlan({ seed: 5, rate: 0.4, kinds: ['throttling', 'server-error', 'timeout'] });
    const { client, http } = sqs(plan, 12);
    let retries = 0;
    for (let i = 0; i < 40; i++) {
      const out = await client.send(batch());
      expect(out.Successful).toHaveLength(2);
      retries += (out.$metadata.attempts ?? 1) - 1;
    }
    expect(retries).toBeGreaterThan(0);
    expect(retries).toBe(plan.total());
    expect(http.sent).toHaveLength(40);
  });

  it('SNS Publish: a publish-error burst longer than maxAttempts fails the call, a shorter one is absorbed', async () => {
    const plan = new FaultPlan({ seed: 11, rate: 1, kinds: ['publish-error'] });
    const http = fakeHttp(snsPublished);
    const absorbing = injectFaults(new SNSClient({ ...OFFLINE, requestHandler: http.handler, retryStrategy: noWait(9) }), plan);
    for (let i = 0; i < 10; i++) {
      const out = await absorbing.send(new PublishCommand({ TopicArn: TOPIC, Message: 'm' }));
      expect(out.MessageId).toBe('msg-1');
      expect(out.$metadata.attempts).toBeGreaterThan(1);
    }
    const failing = injectFaults(new SNSClient({ ...OFFLINE, requestHandler: http.handler, retryStrategy: noWait(1) }), plan);
    const err = (await failing.send(new PublishCommand({ TopicArn: TOPIC, Message: 'm' })).catch((e: unknown) => e)) as { name: string; $metadata: { httpStatusCode: number } };
    expect(['ThrottledException', 'Throttling', 'InternalErrorException', 'ServiceUnavailable']).toContain(err.name);
    expect([400, 500, 503]).toContain(err.$metadata.httpStatusCode);
    expect(http.sent).toHaveLength(10);
    expect(plan.injected()).toEqual({ 'SNS.Publish.publish-error': 11 });
  });

  it("the product's own client config (createSnsClient: adaptive retry mode) retries a 5xx too", async () => {
    const plan = new FaultPlan({ seed: 12, rate: 1, kinds: ['server-error'] });
    const http = fakeHttp(snsPublished);
    const client = injectFaults(createSnsClient({ ...OFFLINE, requestHandler: http.handler, maxAttempts: 2 }), plan);
    const err = (await client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'm' })).catch((e: unknown) => e)) as { $fault: string; $metadata: { attempts: number } };
    expect(err.$fault).toBe('server');
    expect(err.$metadata.attempts).toBe(2);
    expect(plan.injected()).toEqual({ 'SNS.Publish.server-error': 2 });
  });

  describe('DynamoDB through dynalite', () => {
    let db: EmbeddedDynamoDb;
    beforeAll(async () => {
      db = await startEmbeddedDynamoDb('chaos-attempts');
    });
    afterAll(() => db.close());

    it('throttling is the modeled DynamoDB exception, retried, then thrown with its attempts', async () => {
      const plan = new FaultPlan({ seed: 2, rate: 1, kinds: ['throttling'] });
      const client = injectFaults(new DynamoDBClient({ ...OFFLINE, endpoint: db.endpoint, retryStrategy: noWait(2) }), plan);
      const err = await client.send(new GetItemCommand({ TableName: db.tableName, Key: { pk: { S: 'x' }, sk: { S: 'y' } } })).catch((e: unknown) => e);
      expect(err instanceof ProvisionedThroughputExceededException || err instanceof ThrottlingException).toBe(true);
      expect((err as ProvisionedThroughputExceededException).$metadata).toMatchObject({ httpStatusCode: 400, attempts: 2 });
      client.destroy();
    });

    it('at rate 0 the call reaches dynalite untouched', async () => {
      const plan = new FaultPlan({ seed: 2, rate: 0 });
      const client = injectFaults(new DynamoDBClient({ ...OFFLINE, endpoint: db.endpoint, retryStrategy: noWait(2) }), plan);
      const out = await client.send(new GetItemCommand({ TableName: db.tableName, Key: { pk: { S: 'x' }, sk: { S: 'y' } } }));
      expect(out.Item).toBeUndefined();
      expect(out.$metadata.attempts).toBe(1);
      expect(plan.total()).toBe(0);
      client.destroy();
    });
  });
});
