/**
 * The whole Lambda path in process, over the real SDK wire protocol: every ingest handler, cold
 * started as Lambda would, is fed real-shaped events (CloudWatch Logs subscription payloads,
 * Kinesis records, EventBridge events) built from samples/logs → the emulator's DynamoDB state
 * table and SQS findings queue → the publish handler is fed the messages that queue really holds
 * → the emulator's Security Hub and SNS (a queue subscribed to the topic counts what on-call would
 * receive). Redelivery of every batch publishes nothing new; a missing topic fails the messages
 * that had to notify (`batchItemFailures`) and nothing else.
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { type Message, SQSClient } from '@aws-sdk/client-sqs';
import type { CloudWatchLogsEvent, Context, EventBridgeEvent, KinesisStreamEvent, KinesisStreamBatchResponse, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ensureStateTable } from '../../lambdas/adapters/state-table';
import type { CwlLogEvent } from '../../lambdas/core/envelopes/cwl-payload';
import type { FindingUpdate } from '../../lambdas/core/model/finding';
import { toAsff } from '../../lambdas/core/publish/asff';
import { buildNotification } from '../../lambdas/core/publish/notification';
import { notifyDecision } from '../../lambdas/core/publish/notify-policy';
import {
  type Captured,
  FLOW_GROUP,
  FLOW_STREAM,
  HOST_GROUP,
  HOST_STREAM,
  SAMPLE_CONFIG,
  captureStdout,
  cwlEvent,
  cwlPayload,
  handlerPath,
  kinesisEvent,
  sampleDockerdEvents,
  sampleEcrEvents,
  sampleEksPayload,
  sampleFlowEvents,
} from '../handlers/ingest-support';
import { EMULATOR_ACCOUNT, clientConfig, describeIfEmulator, emulatorEnv, useProcessEnv } from './emulator';
import { coldStart, createIdempotencyTable, createQueue, drainQueue, emulatorLambdaContext, receivedNotifications, sqsEventOf, topicWithQueue } from './emulator-aws';

type CwlHandler = (event: CloudWatchLogsEvent, context: Context) => Promise<unknown>;
type EbHandler = (event: EventBridgeEvent<string, unknown>, context: Context) => Promise<unknown>;
type KinesisHandler = (event: KinesisStreamEvent, context: Context) => Promise<KinesisStreamBatchResponse>;
type PublishHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

const REGION = 'us-east-1';
const MIN_NOTIFY = 'MEDIUM'; // samples/config.json

interface Delivery {
  /** Wall-clock time of the invocation. */
  at: number;
  run(): Promise<unknown>;
}

/** CloudWatch Logs batches: consecutive events at most a minute apart, delivered 90 s after the last. */
function cwlDeliveries(group: string, stream: string, events: CwlLogEvent[], handler: CwlHandler, fn: string): Delivery[] {
  const batches: CwlLogEvent[][] = [];
  for (const e of [...events].sort((a, b) => a.timestamp - b.timestamp)) {
    const last = batches[batches.length - 1];
    if (last && e.timestamp - last[0]!.timestamp <= 60_000) last.push(e);
    else batches.push([e]);
  }
  return batches.map((b) => ({ at: b[b.length - 1]!.timestamp + 90_000, run: () => handler(cwlEvent(cwlPayload(group, stream, b)), emulatorLambdaContext(fn, REGION)) }));
}

describeIfEmulator('the Lambda path on the emulator: ingest handlers → DynamoDB + SQS → publish handler → Security Hub + SNS', () => {
  let dynamodb: DynamoDBClient;
  let sqs: SQSClient;
  let sns: SNSClient;
  let securityHub: SecurityHubClient;
  let findingsQueue: { url: string; arn: string };
  let alerts: { topicArn: string; queueUrl: string };
  let ingestEnv: Record<string, string>;
  let captured: Captured;
  /** Filled by the first test, replayed by the others: every ingest delivery and every publisher batch. */
  let deliveries: Delivery[] = [];
  let publisherBatches: SQSEvent[] = [];
  let updates: FindingUpdate[] = [];

  useProcessEnv(() => emulatorEnv(REGION));
  beforeAll(async () => {
    dynamodb = new DynamoDBClient(clientConfig(REGION));
    sqs = new SQSClient(clientConfig(REGION));
    sns = new SNSClient(clientConfig(REGION));
    securityHub = new SecurityHubClient(clientConfig(REGION));
    await ensureStateTable(dynamodb, 'an1261-state');
    findingsQueue = await createQueue(sqs, 'an1261-findings');
    alerts = await topicWithQueue(sns, sqs, 'an1261-alerts');
    ingestEnv = { STATE_TABLE_NAME: 'an1261-state', FINDINGS_QUEUE_URL: findingsQueue.url, AN1261_CONFIG_FILE: SAMPLE_CONFIG, POWERTOOLS_METRICS_NAMESPACE: 'AN1261' };
  });
  afterAll(() => [dynamodb, sqs, sns, securityHub].forEach((c) => c.destroy()));
  beforeEach(() => {
    captured = captureStdout(); // Powertools logs and EMF: not under test here
  });
  afterEach(() => {
    captured.restore();
    jest.restoreAllMocks();
  });

  const publisher = async (topicArn: string) => coldStart<PublishHandler>(handlerPath('publish'), { IDEMPOTENCY_TABLE_NAME: await createIdempotencyTable(dynamodb, `an1261-idempotency-${Date.now()}-${Math.random().toString(36).slice(2)}`), TOPIC_ARN: topicArn, SECURITY_HUB_ENABLED: 'true', AN1261_CONFIG_FILE: SAMPLE_CONFIG });
  const asffOf = async (id: string) => (await securityHub.send(new GetFindingsCommand({ Filters: { Id: [{ Value: `an1261/${id}`, Comparison: 'EQUALS' }] } }))).Findings ?? [];
  /** Runs the deliveries in order, the Lambda clock (Date.now) at each one's time; the real clock after. */
  const runAll = async (list: Delivery[], lateByMs = 0) => {
    const clock = jest.spyOn(Date, 'now');
    try {
      for (const d of list) {
        clock.mockReturnValue(d.at + lateByMs);
        await d.run();
      }
    } finally {
      clock.mockRestore();
    }
  };

  it('turns the sample logs into one CRITICAL finding in Security Hub and one SNS message per notifying version, in version order', async () => {
    // Prepare: a cold start of each ingest Lambda; the samples as timed deliveries.
    const eks = coldStart<CwlHandler>(handlerPath('eks-audit'), ingestEnv);
    const flow = coldStart<CwlHandler>(handlerPath('flow-logs'), ingestEnv);
    const host = coldStart<CwlHandler>(handlerPath('host-logs'), ingestEnv);
    const ecr = coldStart<EbHandler>(handlerPath('ecr-events'), ingestEnv);
    const eksPayload = sampleEksPayload();
    deliveries = [
      ...cwlDeliveries(eksPayload.logGroup, eksPayload.logStream, eksPayload.logEvents, eks, 'an1261-eks-audit'),
      ...cwlDeliveries(FLOW_GROUP, FLOW_STREAM, sampleFlowEvents(), flow, 'an1261-flow-logs'),
      ...cwlDeliveries(HOST_GROUP, HOST_STREAM, sampleDockerdEvents(), host, 'an1261-host-logs'),
      ...sampleEcrEvents().map((e) => ({ at: Date.parse(e.time) + 5_000, run: () => ecr(e, emulatorLambdaContext('an1261-ecr-events', REGION)) })),
    ].sort((a, b) => a.at - b.at);

    // Act 1: every delivery in wall-clock order.
    await runAll(deliveries);

    // Assess 1: state in the table, finding updates on the queue.
    expect((await dynamodb.send(new ScanCommand({ TableName: 'an1261-state', Select: 'COUNT' }))).Count).toBeGreaterThan(20);
    const messages: Message[] = await drainQueue(sqs, findingsQueue.url);
    updates = messages.map((m) => JSON.parse(m.Body!) as FindingUpdate);
    expect(new Set(updates.map((u) => u.finding.id)).size).toBe(1);
    const latest = updates.reduce((a, b) => (b.finding.version > a.finding.version ? b : a));
    expect(latest.finding).toMatchObject({ severity: 'CRITICAL', stages: ['build', 'egress', 'push', 'deploy'], image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments-api:v2.3.1-hotfix' });

    // Act 2: the publisher fed those messages, ten per batch as the event source mapping does.
    const publish = await publisher(alerts.topicArn);
    publisherBatches = [];
    for (let i = 0; i < messages.length; i += 10) publisherBatches.push(sqsEventOf(messages.slice(i, i + 10), findingsQueue.arn, REGION));
    for (const batch of publisherBatches) expect(await publish(batch, emulatorLambdaContext('an1261-publish', REGION))).toEqual({ batchItemFailures: [] });

    // Assess 2: Security Hub holds the newest version, exactly as mapped to ASFF.
    const stored = await asffOf(latest.finding.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject(JSON.parse(JSON.stringify(toAsff(latest.finding, { account: EMULATOR_ACCOUNT, region: REGION }))) as object);
    // SNS: one message per version that notifies (≥ MEDIUM and a severity increase), oldest first.
    const notifying = [...updates]
      .sort((a, b) => a.finding.version - b.finding.version)
      .flatMap((u) => {
        const decision = notifyDecision(u, MIN_NOTIFY);
        return decision.notify ? [{ u, reason: decision.reason }] : [];
      });
    const received = await receivedNotifications(sqs, alerts.queueUrl);
    const ctx = { account: EMULATOR_ACCOUNT, region: REGION, securityHub: true };
    expect(received).toEqual(notifying.map(({ u, reason }) => buildNotification(u, reason, ctx)).map((n) => ({ subject: n.subject, message: n.message })));
    expect(received.length).toBeGreaterThan(0);
    expect(received[received.length - 1]!.subject).toMatch(/^\[CRITICAL/);
  });

  it('publishes nothing new when every ingest batch and every publisher batch is delivered again', async () => {
    expect(publisherBatches.length).toBeGreaterThan(0); // the first test's batches
    const before = await asffOf(updates[0]!.finding.id);

    await runAll(deliveries, 30_000);
    const requeued = await drainQueue(sqs, findingsQueue.url);
    const publish = coldStart<PublishHandler>(handlerPath('publish'), {}); // same idempotency table and topic as before
    const responses = [];
    for (const batch of publisherBatches) responses.push(await publish(batch, emulatorLambdaContext('an1261-publish', REGION)));

    expect(requeued).toEqual([]);
    expect(responses.every((r) => r.batchItemFailures.length === 0)).toBe(true);
    expect(await receivedNotifications(sqs, alerts.queueUrl)).toEqual([]);
    expect(await asffOf(updates[0]!.finding.id)).toEqual(before);
  });

  it('returns the messages that had to notify as batchItemFailures when the topic does not exist', async () => {
    const missing = `arn:aws:sns:${REGION}:${EMULATOR_ACCOUNT}:an1261-deleted-topic`;
    const publish = await publisher(missing);
    const byMessage = new Map(publisherBatches.flatMap((b) => b.Records).map((r) => [r.messageId, JSON.parse(r.body) as FindingUpdate]));

    const failed: string[] = [];
    for (const batch of publisherBatches) failed.push(...(await publish(batch, emulatorLambdaContext('an1261-publish', REGION))).batchItemFailures.map((f) => f.itemIdentifier));

    const mustNotify = [...byMessage].filter(([, u]) => notifyDecision(u, MIN_NOTIFY).notify).map(([id]) => id);
    expect(mustNotify.length).toBeGreaterThan(0);
    expect(failed.sort()).toEqual(mustNotify.sort());
  });

  it('writes flow-log state from Kinesis records (the high-volume flow-log path) and reports no failed record', async () => {
    await ensureStateTable(dynamodb, 'an1261-state-kinesis');
    const stream = coldStart<KinesisHandler>(handlerPath('flow-logs-stream'), { ...ingestEnv, STATE_TABLE_NAME: 'an1261-state-kinesis' });
    const events = sampleFlowEvents();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(events[events.length - 1]!.timestamp + 90_000);

    const response = await stream(kinesisEvent([cwlPayload(FLOW_GROUP, FLOW_STREAM, events.slice(0, 10)), cwlPayload(FLOW_GROUP, FLOW_STREAM, events.slice(10))]), emulatorLambdaContext('an1261-flow-logs-stream', REGION));

    clock.mockRestore();
    expect(response).toEqual({ batchItemFailures: [] });
    const items = (await dynamodb.send(new ScanCommand({ TableName: 'an1261-state-kinesis' }))).Items ?? [];
    expect(items.map((i) => i.pk!.S!).some((pk) => pk.startsWith('H#'))).toBe(true);
    expect(await drainQueue(sqs, findingsQueue.url)).toEqual([]); // egress alone is no finding
  });
});
