/**
 * s3-objects.handler: SQS messages announcing S3 objects (S3 event notifications, EventBridge
 * "Object Created", SNS-wrapped, Security Lake) → GetObject (mocked S3 client: the exact requests are
 * checked) → the ingest pipeline on dynalite → the findings queue (mocked SQS). Partial batch
 * failures, and each object read once (Powertools idempotency on the state table).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DeleteItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, CloudWatchLogsEvent } from 'aws-lambda';
import type { AwsStub } from 'aws-sdk-client-mock';
import { ENV } from '../../lambdas/contract';
import { eventBridgeObjectCreated, s3Notification, snsWrapped } from '../support/s3-notifications';
import { sqsEventOfRecords as sqsEvent, sqsRecord as sharedSqsRecord } from '../support/sqs-records';
import { flowLogKey, flowLogParquet } from '../support/parquet-fixtures';
import {
  SAMPLES,
  SAMPLE_CONFIG,
  cwlEvent,
  handlerPath,
  lambdaContext,
  loadHandler,
  loadHandlerWith,
  sampleEksPayload,
  useFrozenClockAndCapture,
  useIngestEnv,
} from './ingest-support';

type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
type CwlHandler = (event: CloudWatchLogsEvent, context: Context) => Promise<unknown>;
type S3Module = typeof import('@aws-sdk/client-s3');
type MetadataBearer = { $metadata: object };
type StsModule = typeof import('@aws-sdk/client-sts');

const NOW = '2026-11-02T02:25:00.000Z';
const A = '111122223333';
const FLOW_BUCKET = 'org-flow-logs';
const INTAKE_QUEUE_ARN = 'arn:aws:sqs:us-east-1:111122223333:an1261-s3-objects';
const TRAIL_BUCKET = 'org-trail';
const LAKE_BUCKET = 'aws-security-data-lake-us-east-1-abc123';
const LAKE_ROLE = 'arn:aws:iam::444455556666:role/AmazonSecurityLake-subscriber';
const SAMPLE_FLOW = readFileSync(join(SAMPLES, 'logs/vpc-flow-111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261102T0200Z.log.gz'));
const FLOW_KEY = flowLogKey({ account: A, region: 'us-east-1', day: '2026-11-02', hour: '02', format: 'text' });

/** The sample config, reading the intake buckets and Security Lake. */
function configFile(): string {
  const config = JSON.parse(readFileSync(SAMPLE_CONFIG, 'utf8')) as { sources: Record<string, unknown> };
  config.sources.s3 = [
    { bucket: FLOW_BUCKET, prefix: 'AWSLogs/' },
    { bucket: TRAIL_BUCKET, prefix: 'trails/', notifications: 'eventbridge' },
  ];
  config.sources.securityLake = { queueArn: 'arn:aws:sqs:us-east-1:444455556666:lake', bucketArn: `arn:aws:s3:::${LAKE_BUCKET}`, roleArn: LAKE_ROLE, externalId: 'an1261-external', sources: ['VPC_FLOW'] };
  const path = join(mkdtempSync(join(tmpdir(), 'an1261-s3-')), 'config.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

interface Mocks {
  s3: AwsStub<object, MetadataBearer, object>;
  sts: AwsStub<object, MetadataBearer, object>;
  GetObjectCommand: S3Module['GetObjectCommand'];
  HeadObjectCommand: S3Module['HeadObjectCommand'];
  AssumeRoleCommand: StsModule['AssumeRoleCommand'];
}

/** Objects of the fake S3, by `bucket/key`; a function value is called instead (to throw). */
type Store = Map<string, Uint8Array | (() => never)>;

const s3Error = (name: string, status: number, fault: 'client' | 'server') => Object.assign(new Error(name), { name, $fault: fault, $metadata: { httpStatusCode: status } });

function body(bytes: Uint8Array) {
  return Object.assign(Readable.from([Buffer.from(bytes)]), { transformToByteArray: async () => bytes });
}

const sqsRecord = (body: string) => sharedSqsRecord(body, { queueArn: INTAKE_QUEUE_ARN });

describe('s3-objects.handler', () => {
  const env = useIngestEnv();
  const capture = useFrozenClockAndCapture(NOW);
  const context = () => lambdaContext('an1261-s3-objects');
  const done = () => capture().lines().filter((l) => l.message === 'ingest done' && l.source === 's3-objects');
  let table: Record<string, string | undefined>;
  let store: Store;

  const load = async () => {
    table = await env.freshEnv({ [ENV.configFile]: configFile() });
    store = new Map();
    const loaded = loadHandlerWith<SqsHandler, Mocks>(handlerPath('s3-objects'), table, (load) => {
      const s3m = load('@aws-sdk/client-s3') as S3Module;
      const stsm = load('@aws-sdk/client-sts') as StsModule;
      const { mockClient } = load('aws-sdk-client-mock') as typeof import('aws-sdk-client-mock');
      const s3 = mockClient(s3m.S3Client) as unknown as Mocks['s3'];
      const sts = mockClient(stsm.STSClient) as unknown as Mocks['sts'];
      return { s3, sts, GetObjectCommand: s3m.GetObjectCommand, HeadObjectCommand: s3m.HeadObjectCommand, AssumeRoleCommand: stsm.AssumeRoleCommand };
    });
    const { s3, sts } = loaded.mocks;
    s3.on(loaded.mocks.GetObjectCommand as never).callsFake((input: { Bucket: string; Key: string; Range?: string }) => {
      const o = store.get(`${input.Bucket}/${input.Key}`);
      if (!o) throw s3Error('NoSuchKey', 404, 'client');
      if (typeof o === 'function') o();
      const bytes = o as Uint8Array;
      const m = input.Range ? /^bytes=(\d+)-(\d+)$/.exec(input.Range) : null;
      const part = m ? bytes.subarray(Number(m[1]), Number(m[2]) + 1) : bytes;
      return { Body: body(part), ContentLength: part.length };
    });
    sts.on(loaded.mocks.AssumeRoleCommand as never).resolves({ Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.parse(NOW) + 3600_000) } } as never);
    return loaded;
  };
  const getObjects = (m: Mocks) => m.s3.commandCalls(m.GetObjectCommand as never).map((c) => (c.args[0] as { input: Record<string, unknown> }).input);

  /** The state table's egress items and idempotency records. */
  async function stateItems(): Promise<{ egress: Array<{ pk: string; sk: string; bytes: number }>; idempotency: Array<{ pk: string; sk: string; status: string; expiresAt: number }> }> {
    const items = (await env.db.client.send(new ScanCommand({ TableName: table[ENV.stateTable] }))).Items ?? [];
    const egress = items.filter((i) => i.sk?.S?.startsWith('E#')).map((i) => ({ pk: i.pk!.S!, sk: i.sk!.S!, bytes: (JSON.parse(i.doc!.S!) as { bytes: number }).bytes }));
    const idempotency = items.filter((i) => i.pk?.S?.startsWith('idempotency#')).map((i) => ({ pk: i.pk!.S!, sk: i.sk!.S!, status: i.status!.S!, expiresAt: Number(i.expiresAt!.N) }));
    return { egress: egress.sort((a, b) => (a.sk < b.sk ? -1 : 1)), idempotency };
  }

  it('reads a flow-log object once: the same notification again is skipped, and the findings and egress bytes stay as they were', async () => {
    // Prepare: the attack's build and deploy from the EKS audit log, on the same state table.
    const intake = await load();
    const eks = loadHandler<CwlHandler>(handlerPath('eks-audit'), table);
    await eks.handler(cwlEvent(sampleEksPayload()), lambdaContext('an1261-eks-audit'));
    store.set(`${FLOW_BUCKET}/${FLOW_KEY}`, SAMPLE_FLOW);
    const notification = s3Notification(FLOW_BUCKET, FLOW_KEY.replace(/_/g, '%5F'), { size: SAMPLE_FLOW.length, eTag: 'etag-flow-1' });

    // Act: S3 announces the object.
    expect(await intake.handler(sqsEvent(sqsRecord(notification)), context())).toEqual({ batchItemFailures: [] });

    // Assess: one streamed GetObject (no Range for text), the flows joined the chain.
    expect(getObjects(intake.mocks)).toEqual([{ Bucket: FLOW_BUCKET, Key: FLOW_KEY }]);
    expect(intake.sentUpdates().map((u) => [u.finding.version, u.finding.stages])).toEqual([[2, ['build', 'egress', 'deploy']]]);
    expect(done()[0]).toMatchObject({ source: 's3-objects', records: 12, rejected: 0, signals: { egress: 5, link: 5 } });
    const first = await stateItems();
    expect(first.egress.length).toBeGreaterThan(0);
    expect(first.idempotency).toEqual([{ pk: expect.stringMatching(/^idempotency#an1261-s3-objects#[0-9a-f]$/), sk: expect.stringMatching(/^an1261-s3-objects#/), status: 'COMPLETED', expiresAt: Date.parse(NOW) / 1000 + 7 * 24 * 3600 }]);

    // Act again: the same notification (SQS delivers at least once), then the same object announced by EventBridge.
    expect(await intake.handler(sqsEvent(sqsRecord(notification)), context())).toEqual({ batchItemFailures: [] });
    expect(await intake.handler(sqsEvent(sqsRecord(eventBridgeObjectCreated(FLOW_BUCKET, FLOW_KEY, { etag: 'etag-flow-1', 'version-id': undefined }))), context())).toEqual({ batchItemFailures: [] });

    // Assess: not read again, counted, nothing sent, state unchanged.
    expect(getObjects(intake.mocks)).toHaveLength(1);
    expect(done().slice(1).map((d) => [d.records, d.ignoredByReason])).toEqual([
      [0, { 'object:already-processed': 1 }],
      [0, { 'object:already-processed': 1 }],
    ]);
    expect(intake.sentUpdates()).toHaveLength(1);
    expect(await stateItems()).toEqual(first);
  });

  it('writes the same egress items when an object is read again (its record expired): bytes are not added twice', async () => {
    const intake = await load();
    store.set(`${FLOW_BUCKET}/${FLOW_KEY}`, SAMPLE_FLOW);
    const notification = s3Notification(FLOW_BUCKET, FLOW_KEY, { eTag: 'etag-flow-2' });
    await intake.handler(sqsEvent(sqsRecord(notification)), context());
    const first = await stateItems();
    for (const r of first.idempotency) await env.db.client.send(new DeleteItemCommand({ TableName: table[ENV.stateTable], Key: { pk: { S: r.pk }, sk: { S: r.sk } } }));

    await intake.handler(sqsEvent(sqsRecord(notification)), context());

    expect(getObjects(intake.mocks)).toHaveLength(2);
    const again = await stateItems();
    expect(again.egress).toEqual(first.egress);
    expect(again.egress.reduce((s, e) => s + e.bytes, 0)).toBe(first.egress.reduce((s, e) => s + e.bytes, 0));
  });

  it('fails only the message of a throttled object (batchItemFailures), and reads it when it comes back', async () => {
    const intake = await load();
    const otherKey = flowLogKey({ account: '444455556666', region: 'us-east-1', day: '2026-11-02', hour: '02', format: 'text', flowLogId: 'fl-0aaaabbbbccccdddd' });
    store.set(`${FLOW_BUCKET}/${FLOW_KEY}`, SAMPLE_FLOW);
    store.set(`${FLOW_BUCKET}/${otherKey}`, () => {
      throw s3Error('SlowDown', 503, 'server');
    });
    const ok = sqsRecord(s3Notification(FLOW_BUCKET, FLOW_KEY, { eTag: 'e-ok' }));
    const throttled = sqsRecord(s3Notification(FLOW_BUCKET, otherKey, { eTag: 'e-throttled' }));

    expect(await intake.handler(sqsEvent(throttled, ok), context())).toEqual({ batchItemFailures: [{ itemIdentifier: throttled.messageId }] });
    expect(capture().lines().find((l) => l.message === 'object notification failed: its message returns to the queue')).toMatchObject({ level: 'ERROR', messageId: throttled.messageId, error: expect.objectContaining({ name: 'SlowDown' }) });
    // No record is kept for the failed read: the redelivery reads it.
    expect((await stateItems()).idempotency.map((r) => r.status)).toEqual(['COMPLETED']);

    store.set(`${FLOW_BUCKET}/${otherKey}`, SAMPLE_FLOW);
    expect(await intake.handler(sqsEvent(sqsRecord(throttled.body)), context())).toEqual({ batchItemFailures: [] });
    expect(done()[1]).toMatchObject({ records: 12, ignoredByReason: expect.not.objectContaining({ 'object:already-processed': expect.anything() }) });
    expect((await stateItems()).idempotency.map((r) => r.status)).toEqual(['COMPLETED', 'COMPLETED']);
  });

  it.each<[string, string, number, 'client' | 'server', string]>([
    ['a deleted object', 'NoSuchKey', 404, 'client', 'object:not-found'],
    ['an object the function may not read', 'AccessDenied', 403, 'client', 'object:access-denied'],
    ['an archived object', 'InvalidObjectState', 403, 'client', 'object:not-readable'],
  ])('counts %s as rejected and logs it; the message succeeds (a retry cannot help)', async (_what, name, status, fault, reason) => {
    const intake = await load();
    store.set(`${FLOW_BUCKET}/${FLOW_KEY}`, () => {
      throw s3Error(name, status, fault);
    });
    expect(await intake.handler(sqsEvent(sqsRecord(s3Notification(FLOW_BUCKET, FLOW_KEY))), context())).toEqual({ batchItemFailures: [] });
    expect(capture().lines().find((l) => l.message === 'records rejected')).toMatchObject({ rejectedByReason: { [reason]: 1 }, samples: [{ reason, ref: `s3://${FLOW_BUCKET}/${FLOW_KEY}` }] });
    expect(capture().lines().find((l) => l.message === 'object cannot be read: counted, its message is not retried')).toMatchObject({ level: 'ERROR', reason });
    expect((await stateItems()).idempotency).toEqual([]);
  });

  it('does not start a message with less than 30 s left in the invocation: it returns to the queue at once', async () => {
    const intake = await load();
    store.set(`${FLOW_BUCKET}/${FLOW_KEY}`, SAMPLE_FLOW);
    const late = { ...context(), getRemainingTimeInMillis: () => 29_000 };
    const message = sqsRecord(s3Notification(FLOW_BUCKET, FLOW_KEY));
    expect(await intake.handler(sqsEvent(message), late)).toEqual({ batchItemFailures: [{ itemIdentifier: message.messageId }] });
    expect(getObjects(intake.mocks)).toEqual([]);
    expect(capture().lines().find((l) => l.message === 'message not started: too little time left in this invocation; it returns to the queue')).toMatchObject({ level: 'WARN', remainingMs: 29_000 });
  });

  it('never reads objects outside the configured buckets and prefixes, nor test events: counted ignores', async () => {
    const intake = await load();
    const test = JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: NOW, Bucket: FLOW_BUCKET, RequestId: 'r', HostId: 'h' });
    const response = await intake.handler(
      sqsEvent(
        sqsRecord(test),
        sqsRecord(s3Notification('someone-elses-bucket', FLOW_KEY)),
        sqsRecord(s3Notification(FLOW_BUCKET, `other/${FLOW_KEY}`)),
        sqsRecord(s3Notification(FLOW_BUCKET, `AWSLogs/${A}/CloudTrail-Digest/us-east-1/2026/11/02/d.json.gz`)),
        sqsRecord(s3Notification(FLOW_BUCKET, 'AWSLogs/../../etc/passwd')),
        sqsRecord('not json at all'),
      ),
      context(),
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(getObjects(intake.mocks)).toEqual([]);
    expect(done()[0]).toMatchObject({
      ignoredByReason: { 'notification:s3-test-event': 1, 'object:not-configured': 2, 'object:cloudtrail-digest': 1, 'object:not-a-log-key': 1 },
      rejected: 1,
    });
  });

  it('reads a CloudTrail organisation trail file announced by EventBridge, SNS-wrapped, its key not decoded', async () => {
    const intake = await load();
    const key = `trails/AWSLogs/o-exampleorgid/${A}/CloudTrail/us-east-1/2026/11/02/${A}_CloudTrail_us-east-1_20261102T0215Z_a+b.json.gz`;
    const trail = { Records: [{ eventVersion: '1.08', eventSource: 'ecr.amazonaws.com', eventName: 'DescribeImages', eventTime: '2026-11-02T02:14:00Z', awsRegion: 'us-east-1', recipientAccountId: A, userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${A}:assumed-role/dev/x` } }] };
    store.set(`${TRAIL_BUCKET}/${key}`, new Uint8Array(require('node:zlib').gzipSync(JSON.stringify(trail))));
    expect(await intake.handler(sqsEvent(sqsRecord(snsWrapped(eventBridgeObjectCreated(TRAIL_BUCKET, key, { 'version-id': 'v7' })))), context())).toEqual({ batchItemFailures: [] });
    expect(getObjects(intake.mocks)).toEqual([{ Bucket: TRAIL_BUCKET, Key: key, VersionId: 'v7' }]);
    expect(done()[0]).toMatchObject({ records: 1, rejected: 0 });
  });

  it('reads a Parquet flow-log object with ranged GETs, the size from the notification (no HeadObject)', async () => {
    const intake = await load();
    const key = flowLogKey({ account: A, region: 'us-east-1', day: '2026-11-02', format: 'parquet', hive: true });
    const lines = require('node:zlib').gunzipSync(SAMPLE_FLOW).toString('utf8').trim().split('\n') as string[];
    const pq = flowLogParquet(lines[0]!.split(' ') as never, lines.slice(1).map((l) => l.split(' ')), { codec: 'GZIP' });
    store.set(`${FLOW_BUCKET}/${key}`, pq);
    expect(await intake.handler(sqsEvent(sqsRecord(s3Notification(FLOW_BUCKET, key, { size: pq.length, versionId: 'v1' }))), context())).toEqual({ batchItemFailures: [] });
    // A small file: its one footer read covers it whole.
    expect(getObjects(intake.mocks)).toEqual([{ Bucket: FLOW_BUCKET, Key: key, VersionId: 'v1', Range: `bytes=0-${pq.length - 1}` }]);
    expect(intake.mocks.s3.commandCalls(intake.mocks.HeadObjectCommand as never)).toHaveLength(0);
    expect(done()[0]).toMatchObject({ records: 11, rejected: 0, signals: { egress: 5, link: 5 } });
  });

  it('reads Security Lake objects as the subscriber role (AssumeRole with the external id, once), for the configured sources only', async () => {
    const intake = await load();
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const lakeKey = (source: string, i: number) => `aws/${source}/2.0/region=us-east-1/accountId=${A}/eventDay=20261102/part-${i}.gz.parquet`;
    const rows = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'class_uid', data: [4001, 4001], type: 'INT32' }] }));
    store.set(`${LAKE_BUCKET}/${lakeKey('VPC_FLOW', 1)}`, rows);
    store.set(`${LAKE_BUCKET}/${lakeKey('VPC_FLOW', 2)}`, rows);
    const lake = (key: string) => sqsRecord(JSON.stringify({ source: 'aws.s3', account: '444455556666', region: 'us-east-1', detail: { bucket: { name: LAKE_BUCKET }, object: { key, size: rows.length } } }));

    const response = await intake.handler(sqsEvent(lake(lakeKey('VPC_FLOW', 1)), lake(lakeKey('VPC_FLOW', 2)), lake(lakeKey('EKS_AUDIT', 3))), context());

    expect(response).toEqual({ batchItemFailures: [] });
    const calls = intake.mocks.s3.commandCalls(intake.mocks.GetObjectCommand as never);
    expect(calls.map((c) => (c.args[0] as { input: { Key: string } }).input.Key)).toEqual([lakeKey('VPC_FLOW', 1), lakeKey('VPC_FLOW', 2)]);
    // The mocked client answers before it signs: ask the client the calls went through for its credentials.
    const credentials = await Promise.all(calls.map((c) => (c.thisValue as { config: { credentials: () => Promise<{ accessKeyId: string }> } }).config.credentials()));
    expect(credentials.map((c) => c.accessKeyId)).toEqual(['ASIAEXAMPLE', 'ASIAEXAMPLE']);
    expect(intake.mocks.sts.commandCalls(intake.mocks.AssumeRoleCommand as never).map((c) => (c.args[0] as { input: unknown }).input)).toEqual([
      { RoleArn: LAKE_ROLE, RoleSessionName: 'an1261-security-lake', DurationSeconds: 3600, ExternalId: 'an1261-external' },
    ]);
    expect(done()[0]).toMatchObject({ ignoredByReason: expect.objectContaining({ 'object:lake-source-not-configured': 1 }) });
  });
});
