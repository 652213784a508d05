/**
 * The S3 intake over the real SDK wire protocol: objects put in the emulator's S3 (flow logs as text
 * and as Parquet, a CloudTrail organisation trail file), S3's own event notifications to an SQS
 * queue, the messages that queue really holds fed to a cold-started s3-objects handler → GetObject
 * (streamed and ranged) → DynamoDB state and idempotency records → the findings queue. A second
 * delivery of the same messages reads nothing again; a deleted object is counted, not retried.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, DeleteObjectCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ensureStateTable } from '../../lambdas/adapters/state-table';
import type { FlowFieldName } from '../../lambdas/core/sources/vpc-flow/flow-format';
import { type Captured, SAMPLES, SAMPLE_CONFIG, captureStdout, handlerPath } from '../handlers/ingest-support';
import { flowLogKey, flowLogParquet } from '../support/parquet-fixtures';
import { clientConfig, describeIfEmulator, emulatorEnv, useProcessEnv } from './emulator';
import { coldStart, createQueue, drainQueue, emulatorLambdaContext, sqsEventOf } from './emulator-aws';

type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

const REGION = 'ap-southeast-2';
const BUCKET = 'an1261-emulator-org-logs';
const A = '111122223333';
const SAMPLE_FLOW = readFileSync(join(SAMPLES, 'logs/vpc-flow-111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261102T0200Z.log.gz'));
const LINES = gunzipSync(SAMPLE_FLOW).toString('utf8').trim().split('\n');
const TEXT_KEY = flowLogKey({ account: A, region: 'us-east-1', day: '2026-11-02', format: 'text', prefix: 'org/' });
const PARQUET_KEY = flowLogKey({ account: '444455556666', region: 'us-east-1', day: '2026-11-02', hour: '02', format: 'parquet', hive: true, prefix: 'org/' });
const TRAIL_KEY = `org/AWSLogs/o-exampleorgid/${A}/CloudTrail/us-east-1/2026/11/02/${A}_CloudTrail_us-east-1_20261102T0215Z_Mu0KsOhtH1ar15ZZ.json.gz`;

describeIfEmulator('the S3 intake on the emulator: S3 notifications → SQS → s3-objects handler → GetObject → state', () => {
  let s3: S3Client;
  let sqs: SQSClient;
  let dynamodb: DynamoDBClient;
  let intake: { url: string; arn: string };
  let env: Record<string, string>;
  let captured: Captured;

  useProcessEnv(() => emulatorEnv(REGION));
  beforeAll(async () => {
    s3 = new S3Client({ ...clientConfig(REGION), forcePathStyle: true });
    sqs = new SQSClient(clientConfig(REGION));
    dynamodb = new DynamoDBClient(clientConfig(REGION));
    await ensureStateTable(dynamodb, 'an1261-s3-state');
    intake = await createQueue(sqs, 'an1261-s3-intake');
    const findings = await createQueue(sqs, 'an1261-s3-findings');
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }));
    await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: BUCKET, NotificationConfiguration: { QueueConfigurations: [{ QueueArn: intake.arn, Events: ['s3:ObjectCreated:*'] }] } }));
    const config = JSON.parse(readFileSync(SAMPLE_CONFIG, 'utf8')) as { sources: Record<string, unknown> };
    config.sources.s3 = [{ bucket: BUCKET, prefix: 'org/AWSLogs/' }];
    const configFile = join(mkdtempSync(join(tmpdir(), 'an1261-emu-s3-')), 'config.json');
    writeFileSync(configFile, JSON.stringify(config));
    env = { STATE_TABLE_NAME: 'an1261-s3-state', FINDINGS_QUEUE_URL: findings.url, AN1261_CONFIG_FILE: configFile, POWERTOOLS_METRICS_NAMESPACE: 'AN1261' };
  });
  afterAll(() => [s3, sqs, dynamodb].forEach((c) => c.destroy()));
  beforeEach(() => {
    captured = captureStdout();
  });
  afterEach(() => {
    captured.restore();
    jest.restoreAllMocks();
  });

  const done = () => captured.lines().filter((l) => l.message === 'ingest done');
  const scan = async () => (await dynamodb.send(new ScanCommand({ TableName: 'an1261-s3-state' }))).Items ?? [];

  it('reads what S3 announces (text, Parquet by ranges, a CloudTrail file), once', async () => {
    // Prepare: three objects put in the bucket; S3 announces each on the intake queue.
    const parquet = flowLogParquet(LINES[0]!.split(' ') as FlowFieldName[], LINES.slice(1).map((l) => l.split(' ')), { codec: 'GZIP', rowGroupSize: 4 });
    const trail = gzipSync(JSON.stringify({ Records: [{ eventVersion: '1.08', eventSource: 'ecr.amazonaws.com', eventName: 'DescribeImages', eventTime: '2026-11-02T02:14:00Z', awsRegion: 'us-east-1', recipientAccountId: A }] }));
    for (const [Key, Body] of [
      [TEXT_KEY, SAMPLE_FLOW],
      [PARQUET_KEY, parquet],
      [TRAIL_KEY, trail],
    ] as const) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
    const messages = await drainQueue(sqs, intake.url);
    const announced = messages.map((m) => JSON.parse(m.Body!) as { Records?: Array<{ s3: { object: { key: string } } }> }).flatMap((b) => b.Records ?? []).map((r) => decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')));
    expect(announced.sort()).toEqual([PARQUET_KEY, TEXT_KEY, TRAIL_KEY].sort());
    const event = sqsEventOf(messages, intake.arn, REGION);
    const handler = coldStart<SqsHandler>(handlerPath('s3-objects'), env);
    const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-02T02:25:00Z'));

    // Act
    const response = await handler(event, emulatorLambdaContext('an1261-s3-objects', REGION));

    // Assess: every message done; both flow-log deliveries read (11 flows each, the text header a record of its own), the trail's record read.
    expect(response).toEqual({ batchItemFailures: [] });
    expect(done()[0]).toMatchObject({ records: 12 + 11 + 1, rejected: 0, signals: { egress: 10, link: 10 } });
    const items = await scan();
    const egress = items.filter((i) => i.sk?.S?.startsWith('E#'));
    expect(egress.length).toBeGreaterThan(0);
    expect(items.filter((i) => i.pk?.S?.startsWith('idempotency#an1261-s3-objects#')).map((i) => i.status?.S)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);

    // Act again: the same messages, delivered again.
    const again = await handler(event, emulatorLambdaContext('an1261-s3-objects', REGION));

    expect(again).toEqual({ batchItemFailures: [] });
    expect(done()[1]).toMatchObject({ records: 0, ignoredByReason: { 'object:already-processed': 3 } });
    expect(await scan()).toHaveLength(items.length);
    clock.mockRestore();
  });

  it('counts an object deleted before it is read (NoSuchKey through the wire protocol); the message succeeds', async () => {
    const key = flowLogKey({ account: A, region: 'us-east-1', day: '2026-11-03', format: 'text', prefix: 'org/' });
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: SAMPLE_FLOW }));
    const messages = await drainQueue(sqs, intake.url);
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    const handler = coldStart<SqsHandler>(handlerPath('s3-objects'), env);

    const response = await handler(sqsEventOf(messages, intake.arn, REGION), emulatorLambdaContext('an1261-s3-objects', REGION));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(captured.lines().find((l) => l.message === 'records rejected')).toMatchObject({ rejectedByReason: { 'object:not-found': 1 } });
  });
});
