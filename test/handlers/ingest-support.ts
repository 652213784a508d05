/**
 * Test support for the ingest Lambdas: real-shaped events built from samples/logs (CloudWatch Logs
 * subscription payloads, Kinesis records, EventBridge events), a handler loaded fresh after its
 * environment is set (dynalite for state, a mocked SQS client), a Lambda context, and a capture of
 * what Powertools writes to stdout (JSON logs and EMF metrics).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CloudWatchLogsEvent, Context, EventBridgeEvent, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { fakeLambdaContext } from '../support/lambda-context';
import type { SQSClientResolvedConfig, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-sqs';
import type { AwsStub } from 'aws-sdk-client-mock';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import { ensureStateTable } from '../../lambdas/adapters/state-table';
import { ENV, METRICS_NAMESPACE } from '../../lambdas/contract';
import type { CwlLogEvent, CwlPayload } from '../../lambdas/core/envelopes/cwl-payload';
import type { FindingUpdate } from '../../lambdas/core/model/finding';

export const SAMPLES = join(__dirname, '../../samples');
export const SAMPLE_CONFIG = join(SAMPLES, 'config.json');
export const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/an1261-findings';
const FLOW_FILE = 'vpc-flow-111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261102T0200Z.log.gz';

// ---------------------------------------------------------------- events

/** `{"awslogs":{"data": base64(gzip(json))}}`, as CloudWatch Logs invokes a subscribed Lambda. */
export function cwlEvent(payload: CwlPayload): CloudWatchLogsEvent {
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
}

export function cwlPayload(logGroup: string, logStream: string, events: CwlLogEvent[], messageType = 'DATA_MESSAGE'): CwlPayload {
  return { messageType, owner: '111122223333', logGroup, logStream, subscriptionFilters: ['an1261'], logEvents: events };
}

/** The EKS audit sample: a decoded CloudWatch Logs payload of /aws/eks/prod-cluster/cluster. */
export function sampleEksPayload(): CwlPayload {
  return JSON.parse(readFileSync(join(SAMPLES, 'logs/eks-audit-prod-cluster.cwl.json'), 'utf8')) as CwlPayload;
}

/** The flow-log sample (an S3-delivered file) as CloudWatch Logs events of a configured flow-log group. */
export function sampleFlowEvents(): CwlLogEvent[] {
  const lines = gunzipSync(readFileSync(join(SAMPLES, 'logs', FLOW_FILE))).toString('utf8').split('\n').filter((l) => l.trim().length > 0);
  // CloudWatch Logs delivery has no header line: the format comes from the config (samples/config.json).
  return lines.slice(1).map((message, i) => {
    const end = Number(message.split(' ')[11]);
    return { id: `flow-${i}`, timestamp: end * 1000, message };
  });
}
export const FLOW_GROUP = '/vpc/flow/prod';
export const FLOW_STREAM = 'eni-0c1d2e3f4a5b6c7d8-all';

/** The dockerd sample as CloudWatch Logs events of a configured host-log group. */
export function sampleDockerdEvents(): CwlLogEvent[] {
  const lines = readFileSync(join(SAMPLES, 'logs/ci-runner-dockerd.log'), 'utf8').split('\n').filter((l) => l.trim().length > 0);
  return lines.map((message, i) => ({ id: `dockerd-${i}`, timestamp: Date.parse(/time="([^"]+)"/.exec(message)![1]!), message }));
}
export const HOST_GROUP = '/ec2/docker/ci-runner';
export const HOST_STREAM = 'i-0c9d8e7f6a5b4c3d2';

/** The ECR sample: EventBridge events, one per line. */
export function sampleEcrEvents(): Array<EventBridgeEvent<string, Record<string, unknown>>> {
  return readFileSync(join(SAMPLES, 'logs/ecr-events.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as EventBridgeEvent<string, Record<string, unknown>>);
}

/** A Kinesis batch whose records each carry one gzipped subscription payload, as a CWL → Kinesis subscription writes them. */
export function kinesisEvent(payloads: ReadonlyArray<CwlPayload | string>): KinesisStreamEvent {
  const Records: KinesisStreamRecord[] = payloads.map((p, i) => {
    const seq = `4964${String(i + 1).padStart(52, '0')}`;
    const data = typeof p === 'string' ? Buffer.from(p).toString('base64') : gzipSync(JSON.stringify(p)).toString('base64');
    return {
      kinesis: { kinesisSchemaVersion: '1.0', partitionKey: `pk-${i}`, sequenceNumber: seq, data, approximateArrivalTimestamp: 1793586000 + i },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-000000000000:${seq}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::111122223333:role/an1261-flow-logs-stream',
      awsRegion: 'us-east-1',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:111122223333:stream/an1261-flow-logs',
    };
  });
  return { Records };
}

export function lambdaContext(functionName: string): Context {
  return fakeLambdaContext(functionName, { requestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678' });
}

// ---------------------------------------------------------------- environment and handler loading

export interface IngestTestEnv {
  db: EmbeddedDynamoDb;
  /** A fresh state table, and the environment a handler reads at cold start. */
  freshEnv(overrides?: Record<string, string | undefined>): Promise<Record<string, string | undefined>>;
}

/** dynalite for the whole test file; each loaded handler gets its own table; process.env is restored after each test. */
export function useIngestEnv(): IngestTestEnv {
  const ctx = {} as IngestTestEnv;
  const original = { ...process.env };
  let n = 0;
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in original)) delete process.env[k];
    Object.assign(process.env, original);
  });
  beforeAll(async () => {
    ctx.db = await startEmbeddedDynamoDb();
    ctx.freshEnv = async (overrides = {}) => {
      const table = `ingest-state-${++n}`;
      await ensureStateTable(ctx.db.client, table);
      return {
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL_DYNAMODB: ctx.db.endpoint,
        // What the construct sets (lib/detector-function.ts and the bind helpers), by the contract's names.
        [ENV.stateTable]: table,
        [ENV.findingsQueueUrl]: QUEUE_URL,
        [ENV.configFile]: SAMPLE_CONFIG,
        [ENV.metricsNamespace]: METRICS_NAMESPACE,
        ...overrides,
      };
    };
  });
  afterAll(async () => {
    await ctx.db.close();
  });
  return ctx;
}

type SqsModule = typeof import('@aws-sdk/client-sqs');
export type SqsStub = AwsStub<ServiceInputTypes, ServiceOutputTypes, SQSClientResolvedConfig>;

export interface LoadedHandler<H> {
  handler: H;
  /** The mock of the SQSClient class the handler module uses. */
  sqs: SqsStub;
  /** That module's command class, for `sqs.on(...)` and `sqs.commandCalls(...)`. */
  SendMessageBatchCommand: SqsModule['SendMessageBatchCommand'];
  /** The FindingUpdates the handler sent, parsed from every SendMessageBatch entry. */
  sentUpdates(): FindingUpdate[];
}

/**
 * Loads a handler module in its own module registry (a cold start) with `env` applied to
 * process.env, and mocks that registry's SQSClient (accepting every message unless told otherwise).
 */
export function loadHandler<H>(modulePath: string, env: Record<string, string | undefined>): LoadedHandler<H> {
  return loadHandlerWith<H, undefined>(modulePath, env, () => undefined);
}

/**
 * {@link loadHandler}, and `mocks` run in the handler's module registry before it loads (to mock
 * more SDK clients of that registry, e.g. S3): what it returns is handed back as `mocks`.
 */
export function loadHandlerWith<H, M>(modulePath: string, env: Record<string, string | undefined>, mocks: (load: (id: string) => unknown) => M): LoadedHandler<H> & { mocks: M } {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  let loaded: (LoadedHandler<H> & { mocks: M }) | undefined;
  jest.isolateModules(() => {
    const extra = mocks((id) => require(id));
    const sqsModule = require('@aws-sdk/client-sqs') as SqsModule;
    const { mockClient } = require('aws-sdk-client-mock') as typeof import('aws-sdk-client-mock');
    const sqs: SqsStub = mockClient(sqsModule.SQSClient);
    sqs.on(sqsModule.SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const handler = (require(modulePath) as { handler: H }).handler;
    loaded = {
      mocks: extra,
      handler,
      sqs,
      SendMessageBatchCommand: sqsModule.SendMessageBatchCommand,
      sentUpdates: () =>
        sqs
          .commandCalls(sqsModule.SendMessageBatchCommand)
          .flatMap((c) => (c.args[0].input.Entries ?? []).map((e) => JSON.parse(e.MessageBody!) as FindingUpdate)),
    };
  });
  return loaded!;
}

export const handlerPath = (name: string) => join(__dirname, '../../lambdas/handlers', `${name}.handler.ts`);

// ---------------------------------------------------------------- output capture (Powertools logs and EMF)

export interface Captured {
  /** Every JSON line written to stdout or stderr since the capture started. */
  lines(): Array<Record<string, unknown>>;
  /** EMF blobs: metric name → value, with the blob's dimensions. */
  metrics(): Array<{ values: Record<string, unknown>; dimensions: Record<string, string> }>;
  restore(): void;
}

export function captureStdout(): Captured {
  let out = '';
  // Powertools writes INFO logs and EMF to stdout, WARN/ERROR logs to stderr.
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += chunk.toString();
      return true;
    }),
  );
  const lines = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    lines,
    metrics: () =>
      lines()
        .filter((l) => l._aws !== undefined)
        .map((l) => {
          const aws = l._aws as { CloudWatchMetrics: Array<{ Dimensions: string[][]; Metrics: Array<{ Name: string }> }> };
          const cw = aws.CloudWatchMetrics[0]!;
          const dimensions = Object.fromEntries((cw.Dimensions[0] ?? []).map((d) => [d, String(l[d])]));
          const values = Object.fromEntries(cw.Metrics.map((m) => [m.Name, l[m.Name]]));
          return { values, dimensions };
        }),
    restore: () => spies.forEach((s) => s.mockRestore()),
  };
}

/** Freezes the Lambda wall clock (Date.now) at `iso`; returns a setter for later deliveries. */
export function freezeClock(iso: string): (iso: string) => void {
  const spy = jest.spyOn(Date, 'now').mockReturnValue(Date.parse(iso));
  return (next: string) => spy.mockReturnValue(Date.parse(next));
}

/**
 * Per test: the Lambda clock frozen at `now` and stdout/stderr captured; restored after each test.
 * @returns the current test's capture.
 */
export function useFrozenClockAndCapture(now: string): () => Captured {
  let captured: Captured;
  beforeEach(() => {
    freezeClock(now);
    captured = captureStdout();
  });
  afterEach(() => {
    captured.restore();
    jest.restoreAllMocks();
  });
  return () => captured;
}
