/**
 * cross-account-logs.handler: member accounts' CloudWatch Logs through the cross-account destination
 * and its Kinesis stream. One stream carries every kind of log group, so each payload is routed by
 * its log group (EKS control-plane groups by name, flow-log and host groups by the config), whatever
 * account (`owner`) sent it; failures are reported per record as on the flow-log stream.
 */
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import {
  FLOW_GROUP,
  FLOW_STREAM,
  HOST_GROUP,
  HOST_STREAM,
  cwlPayload,
  handlerPath,
  kinesisEvent,
  lambdaContext,
  loadHandler,
  sampleDockerdEvents,
  sampleEksPayload,
  sampleFlowEvents,
  useFrozenClockAndCapture,
  useIngestEnv,
} from './ingest-support';

type KinesisHandler = (event: KinesisStreamEvent, context: Context) => Promise<KinesisStreamBatchResponse>;

const NOW = '2026-11-02T02:25:00.000Z';
const MEMBER = '222233334444';
const fromMember = <T extends { owner: string }>(p: T): T => ({ ...p, owner: MEMBER });

describe('cross-account-logs.handler', () => {
  const env = useIngestEnv();
  const capture = useFrozenClockAndCapture(NOW);
  const load = async () => loadHandler<KinesisHandler>(handlerPath('cross-account-logs'), await env.freshEnv());

  it('routes EKS audit, flow-log and host-log payloads of member accounts from one stream, and reports no failure', async () => {
    const handler = await load();
    const event = kinesisEvent([
      fromMember(sampleEksPayload()),
      fromMember(cwlPayload(FLOW_GROUP, FLOW_STREAM, sampleFlowEvents())),
      fromMember(cwlPayload(HOST_GROUP, HOST_STREAM, sampleDockerdEvents())),
    ]);
    const response = await handler.handler(event, lambdaContext('an1261-cross-account-logs'));
    expect(response).toEqual({ batchItemFailures: [] });
    const done = capture().lines().find((l) => l.message === 'ingest done')!;
    expect(done).toMatchObject({ source: 'cross-account', rejected: 0 });
    // Every kind of signal came through its own normalizer: the routing is by log group.
    const signals = done.signals as Record<string, number>;
    for (const kind of ['build', 'egress', 'deploy', 'link']) expect({ kind, n: signals[kind]! > 0 }).toEqual({ kind, n: true });
    expect(capture().metrics().filter((m) => m.values.RecordsIn !== undefined).map((m) => m.dimensions)).toEqual([{ service: 'an1261-cross-account-logs' }]);
    expect(handler.sentUpdates().length).toBeGreaterThan(0);
  });
});
