/**
 * Hostile and huge input never blinds the ingest Lambdas: a far-future host-log line among real
 * ones is rejected and counted while the real finding is still emitted; a CloudWatch Logs payload
 * that gunzips to 100 MB is rejected as `envelope:too-large` without taking the memory; a Kinesis
 * batch with such records fails no item. Infrastructure faults (a DynamoDB throttling error) still
 * fail the invocation, so the event is retried and lands in the DLQ rather than being dropped.
 */
import { gzipSync } from 'node:zlib';
import type { CloudWatchLogsEvent, Context, KinesisStreamEvent } from 'aws-lambda';
import type { CwlLogEvent } from '../../lambdas/core/envelopes/cwl-payload';
import type { IngestSummary } from '../../lambdas/handlers/ingest/ingest-report';
import { HOST_GROUP, cwlEvent, cwlPayload, handlerPath, kinesisEvent, lambdaContext, loadHandler, sampleDockerdEvents, sampleEksPayload, useFrozenClockAndCapture, useIngestEnv } from './ingest-support';

type CwlHandler = (event: CloudWatchLogsEvent, context: Context) => Promise<IngestSummary>;
type KinesisHandler = (event: KinesisStreamEvent, context: Context) => Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }>;

const NOW = '2026-11-02T02:25:00.000Z';
/** A host that is not an approved builder (samples/config.json approves 10.0.200.0/24). */
const DEV_STREAM = 'i-0a1b2c3d4e5f60718';

/** The sample dockerd lines, moved to an unapproved host: its build and push make a finding. */
function devDockerdEvents(): CwlLogEvent[] {
  return sampleDockerdEvents().map((e) => ({ ...e, message: e.message.replaceAll('ip-10-0-200-17', 'ip-10-0-1-23') }));
}

const FUTURE_LINE = `Nov 02 02:10:00 ip-10-0-1-23 dockerd[1187]: time="9999-12-31T23:59:59.000000000Z" level=debug msg="Calling POST /v1.45/build?t=111122223333.dkr.ecr.us-east-1.amazonaws.com%2Fevil%3A1&version=2"`;

/** base64(gzip) of `bytes` zero bytes as gzip members of 1 MiB each: about 1 KB per MiB. */
function gzipBomb(bytes: number): string {
  const member = gzipSync(Buffer.alloc(1 << 20));
  return Buffer.concat(Array.from({ length: Math.ceil(bytes / (1 << 20)) }, () => member)).toString('base64');
}

const throttled = () =>
  Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400, requestId: 'R1', attempts: 6, totalRetryDelay: 3000 },
  });

describe('Ingest Lambdas under hostile and huge input', () => {
  const env = useIngestEnv();
  const capture = useFrozenClockAndCapture(NOW);

  it('rejects a far-future dockerd line among good ones: the good lines still make their finding, nothing throws', async () => {
    const host = loadHandler<CwlHandler>(handlerPath('host-logs'), await env.freshEnv());
    const events = devDockerdEvents();
    events.splice(1, 0, { id: 'future-1', timestamp: Date.parse(NOW), message: FUTURE_LINE });
    const summary = await host.handler(cwlEvent(cwlPayload(HOST_GROUP, DEV_STREAM, events)), lambdaContext('an1261-host-logs'));

    expect(summary.findings.length).toBeGreaterThan(0);
    expect(host.sentUpdates().map((u) => u.finding.stages[0])).toContain('build');
    expect(host.sentUpdates().some((u) => JSON.stringify(u.finding).includes('evil'))).toBe(false);
    expect(summary.rejected).toBe(1);
    const warn = capture().lines().find((l) => l.message === 'records rejected')!;
    expect(warn).toMatchObject({ rejectedByReason: { 'time:in-the-future': 1 }, samples: [expect.objectContaining({ reason: 'time:in-the-future', ref: `cwl:${HOST_GROUP}/${DEV_STREAM}#future-1` })] });
    expect(capture().lines().some((l) => l.level === 'ERROR')).toBe(false);
  });

  it('rejects a payload that gunzips to 100 MB as envelope:too-large, with RSS growth well under 200 MB', async () => {
    const host = loadHandler<CwlHandler>(handlerPath('host-logs'), await env.freshEnv());
    const event = { awslogs: { data: gzipBomb(100 * 1024 * 1024) } };
    expect(event.awslogs.data.length).toBeLessThan(300_000);
    await host.handler(cwlEvent(cwlPayload(HOST_GROUP, DEV_STREAM, devDockerdEvents().slice(0, 1))), lambdaContext('an1261-host-logs')); // warm
    const before = process.memoryUsage().rss;
    const summary = await host.handler(event, lambdaContext('an1261-host-logs'));
    const growthMb = (process.memoryUsage().rss - before) / 1e6;

    expect(summary).toMatchObject({ records: 1, rejected: 1, findings: [] });
    expect(capture().lines().find((l) => l.message === 'records rejected')).toMatchObject({ rejectedByReason: { 'envelope:too-large': 1 } });
    expect(growthMb).toBeLessThan(200);
  });

  it('fails no Kinesis item for hostile content: a bomb and a far-future line are counted, the good records go through', async () => {
    const stream = loadHandler<KinesisHandler>(handlerPath('flow-logs-stream'), await env.freshEnv());
    const event = kinesisEvent([sampleEksPayload(), cwlPayload(HOST_GROUP, DEV_STREAM, [{ id: 'future-1', timestamp: Date.parse(NOW), message: FUTURE_LINE }]), sampleEksPayload()]);
    event.Records[2]!.kinesis.data = gzipBomb(100 * 1024 * 1024);

    const response = await stream.handler(event, lambdaContext('an1261-flow-logs-stream'));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(stream.sentUpdates().length).toBeGreaterThan(0);
    const warn = capture().lines().find((l) => l.message === 'records rejected')!;
    expect(warn.rejectedByReason).toMatchObject({ 'time:in-the-future': 1, 'envelope:too-large': 1 });
  });

  it('still fails the invocation on a DynamoDB throttling error (retried, then the on-failure destination)', async () => {
    const environment = await env.freshEnv();
    for (const [k, v] of Object.entries(environment)) if (v !== undefined) process.env[k] = v;
    let handler: CwlHandler | undefined;
    jest.isolateModules(() => {
      // The handler's own module registry (a cold start): SQS accepts, DynamoDB throttles every call.
      const sqsModule = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
      const ddbModule = require('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb');
      const { mockClient } = require('aws-sdk-client-mock') as typeof import('aws-sdk-client-mock');
      mockClient(sqsModule.SQSClient).on(sqsModule.SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
      mockClient(ddbModule.DynamoDBClient).onAnyCommand().rejects(throttled());
      handler = (require(handlerPath('host-logs')) as { handler: CwlHandler }).handler;
    });
    await expect(handler!(cwlEvent(cwlPayload(HOST_GROUP, DEV_STREAM, devDockerdEvents())), lambdaContext('an1261-host-logs'))).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(capture().lines().find((l) => l.level === 'ERROR')).toMatchObject({ message: 'ingest failed: the invocation will be retried or sent to its on-failure destination', source: 'host' });
  });
});
