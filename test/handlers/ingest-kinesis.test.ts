/**
 * flow-logs-stream.handler: the Kinesis scale path. Each Kinesis record carries one gzipped
 * CloudWatch Logs subscription payload and is processed on its own (Powertools BatchProcessor);
 * a record whose processing throws is reported in batchItemFailures by its sequence number.
 */
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import {
  FLOW_GROUP,
  FLOW_STREAM,
  cwlPayload,
  handlerPath,
  kinesisEvent,
  lambdaContext,
  loadHandler,
  sampleEksPayload,
  sampleFlowEvents,
  useIngestEnv,
  useFrozenClockAndCapture,
} from './ingest-support';

type KinesisHandler = (event: KinesisStreamEvent, context: Context) => Promise<KinesisStreamBatchResponse>;

const NOW = '2026-11-02T02:25:00.000Z';
const flowPayload = () => cwlPayload(FLOW_GROUP, FLOW_STREAM, sampleFlowEvents());
const unavailable = () => Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable', $fault: 'server' });

describe('flow-logs-stream.handler', () => {
  const env = useIngestEnv();
  const capture = useFrozenClockAndCapture(NOW);
  const load = async () => loadHandler<KinesisHandler>(handlerPath('flow-logs-stream'), await env.freshEnv());

  it('processes every record of the batch, garbage included, and reports no failure', async () => {
    // Prepare: flow logs, the EKS audit payload, and a record that is neither gzip nor JSON.
    const stream = await load();
    const event = kinesisEvent([flowPayload(), sampleEksPayload(), 'not a subscription payload']);
    // Act
    const response = await stream.handler(event, lambdaContext('an1261-flow-logs-stream'));
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const done = capture().lines().find((l) => l.message === 'ingest done')!;
    expect(done).toMatchObject({ source: 'vpc-flow', records: 11 + 20 + 1, rejected: 1, signals: { egress: 5, build: 2, deploy: 7, link: 10 + 5, push: 0, capability: 2 } }); // 5 instance ↔ IP links from the flow logs
    expect(capture().lines().find((l) => l.message === 'records rejected')).toMatchObject({
      rejectedByReason: { 'envelope:invalid-json': 1 },
      samples: [{ reason: 'envelope:invalid-json', ref: `kinesis:${event.Records[2]!.eventID}` }],
    });
    // One metrics blob for the whole batch.
    expect(capture().metrics().filter((m) => m.values.RecordsIn !== undefined)).toEqual([
      { dimensions: { service: 'an1261-flow-logs-stream' }, values: { RecordsIn: 32, SignalsEmitted: 31, RecordsRejected: 1, RecordsIgnored: 9, FlowSkipData: 0, FindingsEmitted: 1, SignalsTooLate: 0 } },
    ]);
    // The flow record's egress is in state when the audit record's build arrives: one finding with all three stages.
    expect(stream.sentUpdates().map((u) => [u.finding.version, u.finding.stages])).toEqual([[1, ['build', 'egress', 'deploy']]]);
  });

  it('reports a record whose processing failed (SQS down) by its sequence number, and re-processing it later is safe', async () => {
    // Prepare: the first SendMessageBatch fails beyond the SDK's retries, later ones succeed.
    const stream = await load();
    stream.sqs.reset();
    stream.sqs.on(stream.SendMessageBatchCommand).rejectsOnce(unavailable()).resolves({});
    const event = kinesisEvent([sampleEksPayload(), flowPayload()]);
    // Act
    const response = await stream.handler(event, lambdaContext('an1261-flow-logs-stream'));
    // Assess: only the audit record failed; the flow record went through and updated the same finding.
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[0]!.kinesis.sequenceNumber }] });
    const failed = capture().lines().find((l) => l.message === 'kinesis record failed: reported for retry')!;
    expect(failed).toMatchObject({ level: 'ERROR', sequenceNumber: event.Records[0]!.kinesis.sequenceNumber, error: expect.objectContaining({ name: 'ServiceUnavailable', message: 'Service Unavailable' }) });
    const sent = stream.sentUpdates();
    expect(sent.map((u) => [u.finding.version, u.finding.stages])).toEqual([
      [1, ['build', 'deploy']], // the failed attempt
      [2, ['build', 'egress', 'deploy']],
    ]);

    // Act again: Kinesis redelivers the failed record.
    const retry = await stream.handler(kinesisEvent([sampleEksPayload()]), lambdaContext('an1261-flow-logs-stream'));
    expect(retry).toEqual({ batchItemFailures: [] });
    // Same signal and finding ids: nothing new to send, no second finding.
    expect(stream.sentUpdates()).toHaveLength(2);
  });

  it('fails the invocation when every record fails (Kinesis then retries or bisects the batch)', async () => {
    const stream = await load();
    stream.sqs.reset();
    stream.sqs.on(stream.SendMessageBatchCommand).rejects(unavailable());
    await expect(stream.handler(kinesisEvent([sampleEksPayload()]), lambdaContext('an1261-flow-logs-stream'))).rejects.toThrow(/All records failed processing/);
    // The metrics of what was read are still written.
    expect(capture().metrics()).toContainEqual(expect.objectContaining({ values: expect.objectContaining({ RecordsIn: 20 }) }));
  });
});
