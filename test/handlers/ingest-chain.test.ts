/**
 * The sample attack chain through the ingest Lambdas, as AWS would deliver it: EKS audit and
 * flow-log batches from CloudWatch Logs subscriptions, ECR pushes from EventBridge, each delivered
 * a little after its events on the wall clock. The finding the Lambdas send to the findings queue
 * is the one `an1261 replay samples/logs` prints.
 */
import { join } from 'node:path';
import type { CloudWatchLogsEvent, Context, EventBridgeEvent } from 'aws-lambda';
import type { CwlLogEvent } from '../../lambdas/core/envelopes/cwl-payload';
import type { Finding, FindingUpdate } from '../../lambdas/core/model/finding';
import { runCli } from '../cli/run-cli';
import {
  FLOW_GROUP,
  FLOW_STREAM,
  HOST_GROUP,
  HOST_STREAM,
  SAMPLES,
  SAMPLE_CONFIG,
  captureStdout,
  cwlEvent,
  cwlPayload,
  freezeClock,
  handlerPath,
  lambdaContext,
  loadHandler,
  sampleDockerdEvents,
  sampleEcrEvents,
  sampleEksPayload,
  sampleFlowEvents,
  useIngestEnv,
} from './ingest-support';

type CwlHandler = (event: CloudWatchLogsEvent, context: Context) => Promise<unknown>;
type EbHandler = (event: EventBridgeEvent<string, unknown>, context: Context) => Promise<unknown>;

interface Delivery {
  /** Wall-clock time of the invocation. */
  at: number;
  run(): Promise<unknown>;
}

/** CloudWatch Logs batches: consecutive events at most a minute apart, delivered 90 s after the last. */
function cwlDeliveries(group: string, stream: string, events: CwlLogEvent[], handler: () => CwlHandler, fn: string): Delivery[] {
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
  const batches: CwlLogEvent[][] = [];
  for (const e of sorted) {
    const last = batches[batches.length - 1];
    if (last && e.timestamp - last[0]!.timestamp <= 60_000) last.push(e);
    else batches.push([e]);
  }
  return batches.map((b) => ({ at: b[b.length - 1]!.timestamp + 90_000, run: () => handler()(cwlEvent(cwlPayload(group, stream, b)), lambdaContext(fn)) }));
}

const CHAIN_FIELDS = (f: Finding) => ({ id: f.id, severity: f.severity, stages: f.stages, image: f.image, cluster: f.cluster, namespace: f.namespace, workload: f.workload, hosts: f.hosts, egress: f.egress });

describe('Ingest Lambdas: the sample attack chain', () => {
  const env = useIngestEnv();
  let expected: Finding[];
  let captured: ReturnType<typeof captureStdout>;
  beforeAll(async () => {
    // The CLI's answer (runCli captures stdout itself, so before our own capture starts).
    const { code, stdout } = await runCli('replay', join(SAMPLES, 'logs'), '--config', SAMPLE_CONFIG, '--format', 'json');
    expect(code).toBe(0);
    expected = JSON.parse(stdout) as Finding[];
    expect(expected).toHaveLength(1);
  });
  beforeEach(() => {
    captured = captureStdout();
  });
  afterEach(() => {
    captured.restore();
    jest.restoreAllMocks();
  });

  /** One cold start of each Lambda on one fresh state table, and the samples as timed deliveries. */
  async function coldStarts() {
    const base = await env.freshEnv();
    const eks = loadHandler<CwlHandler>(handlerPath('eks-audit'), base);
    const flow = loadHandler<CwlHandler>(handlerPath('flow-logs'), base);
    const host = loadHandler<CwlHandler>(handlerPath('host-logs'), base);
    const ecr = loadHandler<EbHandler>(handlerPath('ecr-events'), base);
    const eksPayload = sampleEksPayload();
    const deliveries: Delivery[] = [
      ...cwlDeliveries(eksPayload.logGroup, eksPayload.logStream, eksPayload.logEvents, () => eks.handler, 'an1261-eks-audit'),
      ...cwlDeliveries(FLOW_GROUP, FLOW_STREAM, sampleFlowEvents(), () => flow.handler, 'an1261-flow-logs'),
      ...cwlDeliveries(HOST_GROUP, HOST_STREAM, sampleDockerdEvents(), () => host.handler, 'an1261-host-logs'),
      ...sampleEcrEvents().map((e) => ({ at: Date.parse(e.time) + 5_000, run: () => ecr.handler(e, lambdaContext('an1261-ecr-events')) })),
    ].sort((a, b) => a.at - b.at);
    return { lambdas: [eks, flow, host, ecr], eks, ecr, deliveries };
  }

  it('produces the finding `an1261 replay samples/logs` prints (id, severity, stages, image)', async () => {
    // Prepare: one cold start of each Lambda on one state table and one queue.
    const { lambdas, deliveries } = await coldStarts();

    // Act: every delivery in wall-clock order.
    const setClock = freezeClock(new Date(deliveries[0]!.at).toISOString());
    for (const d of deliveries) {
      setClock(new Date(d.at).toISOString());
      await d.run();
    }

    // Assess: the last version of each finding sent to the queue is the CLI's finding.
    const sent: FindingUpdate[] = lambdas.flatMap((h) => h.sentUpdates());
    const latest = new Map<string, Finding>();
    for (const u of sent) if ((latest.get(u.finding.id)?.version ?? 0) < u.finding.version) latest.set(u.finding.id, u.finding);
    expect([...latest.values()].map(CHAIN_FIELDS)).toEqual(expected.map(CHAIN_FIELDS));
    expect(latest.get(expected[0]!.id)).toMatchObject({
      severity: 'CRITICAL',
      stages: ['build', 'egress', 'push', 'deploy'],
      image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments-api:v2.3.1-hotfix',
    });
    // The chain escalated as its evidence arrived: each version's severity never drops.
    const ranks = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
    const versions = sent.filter((u) => u.finding.id === expected[0]!.id).sort((a, b) => a.finding.version - b.finding.version);
    expect(versions.length).toBeGreaterThan(1);
    versions.slice(1).forEach((u) => expect(ranks.indexOf(u.finding.severity)).toBeGreaterThanOrEqual(ranks.indexOf(u.previousSeverity!)));
  });

  it('sends nothing more when every batch is delivered twice (async retries), and ends on the same finding', async () => {
    const { lambdas, deliveries } = await coldStarts();
    const setClock = freezeClock(new Date(deliveries[0]!.at).toISOString());
    for (const d of deliveries) {
      setClock(new Date(d.at).toISOString());
      await d.run();
      setClock(new Date(d.at + 30_000).toISOString());
      await d.run();
    }
    const sent = lambdas.flatMap((h) => h.sentUpdates());
    const versions = sent.map((u) => u.finding.version).sort((a, b) => a - b);
    expect(versions).toEqual([1, 2, 3, 4]);
    expect(CHAIN_FIELDS(sent.find((u) => u.finding.version === 4)!.finding)).toEqual(CHAIN_FIELDS(expected[0]!));
  });

  describe('redrive (docs/redrive.md): a batch that reached the ingest DLQ, sent back hours later', () => {
    /** Every delivery but the one holding the deploy, live; returns the deploy's event and time. */
    async function allButTheDeploy() {
      const { lambdas, eks, deliveries } = await coldStarts();
      const eksPayload = sampleEksPayload();
      const deployBatch = cwlDeliveries(eksPayload.logGroup, eksPayload.logStream, eksPayload.logEvents, () => eks.handler, 'an1261-eks-audit').pop()!;
      const deployEvent = cwlEvent(cwlPayload(eksPayload.logGroup, eksPayload.logStream, eksPayload.logEvents.filter((e) => e.timestamp + 90_000 > deployBatch.at - 60_000 - 90_000 && e.timestamp <= deployBatch.at - 90_000)));
      const setClock = freezeClock(new Date(deliveries[0]!.at).toISOString());
      for (const d of deliveries.filter((x) => x.at !== deployBatch.at)) {
        setClock(new Date(d.at).toISOString());
        await d.run();
      }
      return { lambdas, eks, deployEvent, deployAt: deployBatch.at, setClock };
    }
    const latestOf = (sent: FindingUpdate[]) => sent.reduce((a, b) => (b.finding.version > a.finding.version ? b : a)).finding;

    it('joins its chain when the on-failure record is sent as it is (judged at event time), where the same event delivered live that late joins nothing', async () => {
      const { lambdas, eks, deployEvent, deployAt, setClock } = await allButTheDeploy();
      const before = latestOf(lambdas.flatMap((h) => h.sentUpdates()));
      expect(before.stages).not.toContain('deploy');

      setClock(new Date(deployAt + 3 * 3_600_000).toISOString());
      await eks.handler(deployEvent, lambdaContext('an1261-eks-audit')); // live, 3 h late: past the state retention
      expect(latestOf(lambdas.flatMap((h) => h.sentUpdates())).version).toBe(before.version);

      const onFailure = { version: '1.0', timestamp: new Date(deployAt + 200_000).toISOString(), requestContext: { requestId: 'r-1', functionArn: 'arn:aws:lambda:us-east-1:111122223333:function:an1261-eks-audit:$LATEST', condition: 'RetriesExhausted', approximateInvokeCount: 3 }, requestPayload: deployEvent };
      // A redrive that failed again nests: the record of the record, sent as it is.
      const nested = { ...onFailure, requestPayload: onFailure };
      await eks.handler(nested as unknown as CloudWatchLogsEvent, lambdaContext('an1261-eks-audit'));

      expect(CHAIN_FIELDS(latestOf(lambdas.flatMap((h) => h.sentUpdates())))).toEqual(CHAIN_FIELDS(expected[0]!));
    });

    it('takes an EventBridge DLQ event wrapped as a redrive record on the ECR function', async () => {
      const { lambdas, ecr, setClock } = await coldStarts().then(async (c) => {
        const push = sampleEcrEvents().map((e) => Date.parse(e.time) + 5_000);
        const setClock = freezeClock(new Date(c.deliveries[0]!.at).toISOString());
        for (const d of c.deliveries.filter((x) => !push.includes(x.at))) {
          setClock(new Date(d.at).toISOString());
          await d.run();
        }
        return { lambdas: c.lambdas, ecr: c.ecr, setClock };
      });
      setClock(new Date(Date.parse(sampleEcrEvents()[0]!.time) + 2 * 3_600_000).toISOString());
      for (const e of sampleEcrEvents()) await ecr.handler({ requestContext: { condition: 'Redrive' }, requestPayload: e } as unknown as EventBridgeEvent<string, unknown>, lambdaContext('an1261-ecr-events'));

      expect(latestOf(lambdas.flatMap((h) => h.sentUpdates())).stages).toContain('push');
    });
  });
});
