/**
 * The CloudWatch Logs subscription Lambdas (eks-audit, flow-logs, host-logs) called with real-shaped
 * `{"awslogs":{"data": …}}` events built from samples/logs, on dynalite with a mocked SQS client:
 * what they read, what they reject and how they say so (EMF metrics, logs), and that bad input
 * never fails an invocation.
 */
import type { CloudWatchLogsEvent, Context } from 'aws-lambda';
import type { FindingUpdate } from '../../lambdas/core/model/finding';
import type { IngestSummary } from '../../lambdas/handlers/ingest/ingest-report';
import {
  FLOW_GROUP,
  FLOW_STREAM,
  HOST_GROUP,
  HOST_STREAM,
  type LoadedHandler,
  cwlEvent,
  cwlPayload,
  handlerPath,
  lambdaContext,
  loadHandler,
  sampleDockerdEvents,
  sampleEksPayload,
  sampleFlowEvents,
  useIngestEnv,
  useFrozenClockAndCapture,
} from './ingest-support';

type CwlHandler = (event: CloudWatchLogsEvent, context: Context) => Promise<IngestSummary>;

const EKS_GROUP = '/aws/eks/prod-cluster/cluster';
const EKS_STREAM = 'kube-apiserver-audit-5c9f9b8d7e6a4b3c2d1e0f9a8b7c6d5e';
const ATTACK_BUILD_TIME = '2026-11-02T02:14:05.131Z';
/** A few minutes after the sample attack: the wall clock of the invocations below. */
const NOW = '2026-11-02T02:25:00.000Z';
/**
 * Sample audit signals older than NOW minus the state retention: none. Evidence is kept 75 min
 * (maxBuildMinutes 30 + deploy window 15 + time window 5 + lateness 20 + one more window), links
 * 7 days: every sample signal is within it. (test/core/correlate counts signals that are too late.)
 */
const TOO_LATE_AT_NOW = 0;

describe('Ingest Lambdas for CloudWatch Logs subscriptions', () => {
  const env = useIngestEnv();
  const capture = useFrozenClockAndCapture(NOW);
  const warnings = () => capture().lines().filter((l) => l.level === 'WARN');
  const load = async (name: string): Promise<LoadedHandler<CwlHandler>> => loadHandler<CwlHandler>(handlerPath(name), await env.freshEnv());

  describe('eks-audit.handler', () => {
    it('turns the sample audit batch into signals and sends the chain’s finding to the queue', async () => {
      const eks = await load('eks-audit');
      const summary = await eks.handler(cwlEvent(sampleEksPayload()), lambdaContext('an1261-eks-audit'));
      expect(summary).toMatchObject({ records: 20, rejected: 0, skipData: 0 });
      expect(summary.signals).toEqual({ build: 2, egress: 0, push: 0, deploy: 7, link: 10, capability: 2, scan: 0 });
      expect(summary.tooLate).toBe(TOO_LATE_AT_NOW);
      const sent = eks.sentUpdates();
      expect(sent).toHaveLength(1);
      expect(sent[0]!.finding).toMatchObject({ version: 1, stages: ['build', 'deploy'], cluster: 'prod-cluster', namespace: 'prod', anchor: { stage: 'build', time: ATTACK_BUILD_TIME } });
      expect(summary.findings).toEqual([`${sent[0]!.finding.id}@v1`]);
    });

    it('still processes the good events of a batch that carries garbage, and logs only samples of what it rejected', async () => {
      // Prepare: the sample events with garbage mixed in (one is a large record with a tail that must not be logged).
      const eks = await load('eks-audit');
      const sample = sampleEksPayload();
      const garbage = [
        { id: 'garbage-1', timestamp: Date.parse(NOW), message: 'not json at all' },
        { id: 'garbage-2', timestamp: Date.parse(NOW), message: `{"kind":"Event","apiVersion":"audit.k8s.io/v1","requestURI":"${'x'.repeat(5000)}SECRET-TAIL` },
        { timestamp: Date.parse(NOW) } as never,
      ];
      const events = [...sample.logEvents.slice(0, 6), ...garbage, ...sample.logEvents.slice(6)];
      // Act
      const summary = await eks.handler(cwlEvent(cwlPayload(EKS_GROUP, EKS_STREAM, events)), lambdaContext('an1261-eks-audit'));
      // Assess: the good events gave the same signals and finding as the clean batch.
      expect(summary).toMatchObject({ records: 23, rejected: 3 });
      expect(summary.signals).toEqual({ build: 2, egress: 0, push: 0, deploy: 7, link: 10, capability: 2, scan: 0 });
      expect(eks.sentUpdates().map((u) => u.finding.stages)).toEqual([['build', 'deploy']]);
      const metrics = capture().metrics();
      expect(metrics).toEqual(
        expect.arrayContaining([
          { dimensions: { service: 'an1261-eks-audit', reason: 'eks-audit:invalid-json' }, values: { RecordsRejected: 2 } },
          { dimensions: { service: 'an1261-eks-audit', reason: 'envelope:malformed-log-event' }, values: { RecordsRejected: 1 } },
          expect.objectContaining({ dimensions: { service: 'an1261-eks-audit' }, values: expect.objectContaining({ RecordsIn: 23, RecordsRejected: 3, SignalsEmitted: 21, FindingsEmitted: 1 }) }),
        ]),
      );
      const warn = warnings().find((l) => l.message === 'records rejected')!;
      expect(warn).toMatchObject({ source: 'eks-audit', rejectedByReason: { 'eks-audit:invalid-json': 2, 'envelope:malformed-log-event': 1 }, function_name: 'an1261-eks-audit' });
      expect(warn.samples).toEqual(
        expect.arrayContaining([expect.objectContaining({ reason: 'eks-audit:invalid-json', ref: `cwl:${EKS_GROUP}/${EKS_STREAM}#garbage-1` })]),
      );
      expect(JSON.stringify(capture().lines())).not.toContain('SECRET-TAIL');
    });

    it('ignores a CONTROL_MESSAGE (subscription health check) without touching state or the queue', async () => {
      const eks = await load('eks-audit');
      const control = cwlPayload('', '', [{ id: '', timestamp: Date.parse(NOW), message: 'CWL CONTROL MESSAGE: Checking health of destination Lambda.' }], 'CONTROL_MESSAGE');
      const summary = await eks.handler(cwlEvent(control), lambdaContext('an1261-eks-audit'));
      expect(summary).toEqual({ records: 0, signals: { build: 0, egress: 0, push: 0, deploy: 0, link: 0, capability: 0, scan: 0 }, rejected: 0, ignored: 1, skipData: 0, tooLate: 0, findings: [] });
      expect(eks.sqs.calls()).toHaveLength(0);
      expect(capture().lines().find((l) => l.message === 'ingest done')).toMatchObject({ ignoredByReason: { 'envelope:control-message': 1 } });
    });

    it.each([
      ['data that is not gzip or JSON', { awslogs: { data: Buffer.from('definitely not gzip').toString('base64') } }, 'envelope:invalid-json'],
      ['empty data', { awslogs: { data: '' } }, 'envelope:invalid-base64'],
      ['gzip that is cut short', { awslogs: { data: cwlEvent(sampleEksPayload()).awslogs.data.slice(0, 200) } }, 'envelope:invalid-gzip'],
      ['an event that is no subscription payload', { hello: 'world' }, 'envelope:unrecognized-json'],
    ])('counts and logs an undecodable event (%s) instead of throwing: a retry would not read it better', async (_name, event, reason) => {
      const eks = await load('eks-audit');
      const summary = await eks.handler(event as unknown as CloudWatchLogsEvent, lambdaContext('an1261-eks-audit'));
      expect(summary).toMatchObject({ records: 1, rejected: 1, findings: [] });
      expect(warnings().find((l) => l.message === 'records rejected')).toMatchObject({ rejectedByReason: { [reason]: 1 }, samples: [expect.objectContaining({ reason, ref: 'awslogs:c6af9ac6-7b61-11e6-9a41-93e812345678' })] });
      expect(capture().metrics()).toContainEqual({ dimensions: { service: 'an1261-eks-audit', reason }, values: { RecordsRejected: 1 } });
      expect(eks.sqs.calls()).toHaveLength(0);
    });
  });

  describe('flow-logs.handler', () => {
    it('reads the configured format, surfaces SKIPDATA and rejects lines of the wrong shape', async () => {
      const flow = await load('flow-logs');
      const skip = '5 111122223333 eni-0c1d2e3f4a5b6c7d8 - - - - - - - 1793586000 1793586060 - SKIPDATA vpc-0123456789abcdef0 subnet-0123456789abcdef0 i-0a1b2c3d4e5f60718 - IPv4 - - us-east-1 use1-az2 - - egress -';
      const events = [...sampleFlowEvents(), { id: 'skip', timestamp: 1793586060000, message: skip }, { id: 'short', timestamp: 1793586060000, message: '5 111122223333 eni-0c1d2e3f4a5b6c7d8 10.0.1.57 OK ACCEPT' }];
      const summary = await flow.handler(cwlEvent(cwlPayload(FLOW_GROUP, FLOW_STREAM, events)), lambdaContext('an1261-flow-logs'));
      expect(summary).toMatchObject({ records: 13, skipData: 1, rejected: 1 });
      // Untrusted destinations, aggregated per host, destination and time bucket: the CI runner's, the attack host's two and the Datadog agents' two.
      expect(summary.signals.egress).toBe(5);
      const metrics = capture().metrics();
      expect(metrics).toContainEqual(expect.objectContaining({ dimensions: { service: 'an1261-flow-logs' }, values: expect.objectContaining({ RecordsIn: 13, FlowSkipData: 1, RecordsRejected: 1 }) }));
      expect(metrics).toContainEqual({ dimensions: { service: 'an1261-flow-logs', reason: 'vpc-flow:field-count' }, values: { RecordsRejected: 1 } });
      expect(metrics).toContainEqual({ dimensions: { service: 'an1261-flow-logs', kind: 'egress' }, values: { SignalsEmitted: 5 } });
      expect(warnings().map((w) => w.message)).toEqual(expect.arrayContaining(['records rejected', 'flow logs lost records (SKIPDATA rows)']));
      // Egress alone anchors no chain.
      expect(flow.sentUpdates()).toEqual([]);
    });
  });

  describe('host-logs.handler', () => {
    it('reads dockerd API lines: the CI runner build and push are signals, and the approved builder raises no finding', async () => {
      const host = await load('host-logs');
      const summary = await host.handler(cwlEvent(cwlPayload(HOST_GROUP, HOST_STREAM, sampleDockerdEvents())), lambdaContext('an1261-host-logs'));
      expect(summary).toMatchObject({ records: 4, rejected: 0, ignored: 2, tooLate: 0 });
      expect(summary.signals).toEqual({ build: 1, egress: 0, push: 1, deploy: 0, link: 0, capability: 0, scan: 0 });
      expect(host.sentUpdates()).toEqual([] as FindingUpdate[]);
    });
  });
});
