/**
 * Acceptance test of "Organisation scale": one attack, three delivery shapes, the same finding.
 *
 * The sample attack (samples/logs: a kaniko build in `payments` that sends data to 185.220.101.47:4444,
 * pushes payments-api:v2.3.1-hotfix and deploys it; an approved CI runner's dockerd log beside it) is
 * delivered by a member account (111122223333) of an organisation as
 *  (a) native CloudWatch Logs subscriptions and EventBridge events,
 *  (b) S3 objects: flow-log files (text `.log.gz`, or Parquet) and organisation CloudTrail files,
 *  (c) Security Lake OCSF Parquet objects (VPC_FLOW, EKS_AUDIT, CLOUD_TRAIL_MGMT),
 * written at test time from the sample files (test/support/delivery-shapes.ts), read with one config
 * (the sample's, with the buckets, Security Lake and the member account: the multi-account mode).
 *
 * Every shape gives the same findings (id, severity, stages, image, account, cluster, egress destinations):
 *  - in `an1261 replay` of the shape's folder (buckets as `aws s3 sync` leaves them), the one CRITICAL
 *    finding being the one `an1261 replay samples/logs` prints;
 *  - through the ingest Lambdas fed as AWS feeds them: CloudWatch Logs subscription batches to
 *    eks-audit / flow-logs / host-logs, EventBridge events to ecr-events, S3 event notifications and
 *    Security Lake notifications (SQS) to s3-objects (S3 and STS mocked, the objects served from the
 *    shape's files with Range reads), each delivery at its wall-clock time (frozen clock), on dynalite;
 *    the last version of each finding the Lambdas sent to the findings queue.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CloudWatchLogsEvent, Context, EventBridgeEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { AwsStub } from 'aws-sdk-client-mock';
import { ENV } from '../../lambdas/contract';
import type { CwlLogEvent, CwlPayload } from '../../lambdas/core/envelopes/cwl-payload';
import type { Finding } from '../../lambdas/core/model/finding';
import { runCli } from '../cli/run-cli';
import { type Captured, type LoadedHandler, captureStdout, cwlEvent, freezeClock, handlerPath, lambdaContext, loadHandler, loadHandlerWith, useIngestEnv } from '../handlers/ingest-support';
import { type DeliveryShapes, LAKE_BUCKET, LAKE_ROLE, MEMBER, type NativeParts, type S3Object, SHAPES, type ShapeName, shapeParts, writeDeliveryShapes, writeShape } from '../support/delivery-shapes';
import { s3Notification } from '../support/s3-notifications';
import { sqsRecord as sharedSqsRecord } from '../support/sqs-records';

type CwlHandler = (event: CloudWatchLogsEvent, context: Context) => Promise<unknown>;
type EbHandler = (event: EventBridgeEvent<string, unknown>, context: Context) => Promise<unknown>;
type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
type S3Module = typeof import('@aws-sdk/client-s3');
type StsModule = typeof import('@aws-sdk/client-sts');
type Stub = AwsStub<object, { $metadata: object }, object>;

const SAMPLE_LOGS = join(__dirname, '../../samples/logs');
const ATTACK = { severity: 'CRITICAL', stages: ['build', 'egress', 'push', 'deploy'], image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments-api:v2.3.1-hotfix', account: MEMBER };

/** What the shapes must agree on. */
const essence = (f: Finding) => ({ id: f.id, severity: f.severity, stages: f.stages, image: f.image, account: f.account, cluster: f.cluster, egress: f.egress.map((e) => `${e.dstIp}:${e.dstPort}`) });
const essences = (fs: readonly Finding[]) => fs.map(essence).sort((a, b) => a.id.localeCompare(b.id));

/** `an1261 replay <input> --format json`: the findings, and the signals counted on stderr (`signals: build=3 egress=5 …`). */
async function replay(input: string, config: string): Promise<{ findings: Finding[]; signals: Record<string, number> }> {
  const { code, stdout, stderr } = await runCli('replay', input, '--config', config, '--format', 'json');
  expect({ input, code, stderr: code === 0 ? '' : stderr }).toEqual({ input, code: 0, stderr: '' });
  const counted = /^signals: (.*)$/m.exec(stderr)![1]!.split(' ').map((kv) => kv.split('='));
  return { findings: JSON.parse(stdout) as Finding[], signals: Object.fromEntries(counted.map(([k, v]) => [k!, Number(v)])) };
}

const withoutLinks = ({ link: _link, ...kinds }: Record<string, number>) => Object.fromEntries(Object.entries(kinds).filter(([, n]) => n > 0));

// ---------------------------------------------------------------------------------------- deliveries

interface Delivery {
  /** Wall-clock time of the invocation (ms). */
  at: number;
  what: string;
  run(): Promise<unknown>;
}

/** CloudWatch Logs batches: consecutive events at most a minute apart, delivered 90 s after the last. */
function cwlDeliveries(payload: CwlPayload, handler: CwlHandler, fn: string): Delivery[] {
  const batches: CwlLogEvent[][] = [];
  for (const e of [...payload.logEvents].sort((a, b) => a.timestamp - b.timestamp)) {
    const last = batches[batches.length - 1];
    if (last && e.timestamp - last[0]!.timestamp <= 60_000) last.push(e);
    else batches.push([e]);
  }
  return batches.map((b) => ({ at: b[b.length - 1]!.timestamp + 90_000, what: `${payload.logGroup} batch`, run: () => handler(cwlEvent({ ...payload, logEvents: b }), lambdaContext(fn)) }));
}

const sqsRecord = (body: string) => sharedSqsRecord(body, { queueArn: 'arn:aws:sqs:us-east-1:999900001111:an1261-s3-objects' });

/** The notification of an object: Security Lake's own for its bucket, an S3 event notification (key URL-encoded) otherwise. */
function notification(o: S3Object): string {
  if (o.bucket === LAKE_BUCKET) return JSON.stringify({ source: 'aws.s3', account: '999900002222', region: 'us-east-1', time: new Date(o.deliveredAt).toISOString(), detail: { bucket: { name: o.bucket }, object: { key: o.key, size: o.bytes.length } } });
  return s3Notification(o.bucket, encodeURIComponent(o.key).replace(/%2F/g, '/'), { size: o.bytes.length, eTag: `etag-${o.key.length}-${o.bytes.length}` });
}

const body = (bytes: Uint8Array) => Object.assign(Readable.from([Buffer.from(bytes)]), { transformToByteArray: async () => bytes });
const noSuchKey = () => Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey', $fault: 'client', $metadata: { httpStatusCode: 404 } });

/** s3-objects.handler with its S3 client serving `objects` (GetObject, with Range) and STS answering the lake role. */
function s3ObjectsLambda(lambdaEnv: Record<string, string | undefined>, objects: readonly S3Object[]) {
  const loaded = loadHandlerWith<SqsHandler, { s3: Stub; sts: Stub; GetObjectCommand: S3Module['GetObjectCommand']; AssumeRoleCommand: StsModule['AssumeRoleCommand'] }>(handlerPath('s3-objects'), lambdaEnv, (load) => {
    const s3m = load('@aws-sdk/client-s3') as S3Module;
    const stsm = load('@aws-sdk/client-sts') as StsModule;
    const { mockClient } = load('aws-sdk-client-mock') as typeof import('aws-sdk-client-mock');
    return { s3: mockClient(s3m.S3Client) as unknown as Stub, sts: mockClient(stsm.STSClient) as unknown as Stub, GetObjectCommand: s3m.GetObjectCommand, AssumeRoleCommand: stsm.AssumeRoleCommand };
  });
  const store = new Map(objects.map((o) => [`${o.bucket}/${o.key}`, o.bytes]));
  loaded.mocks.s3.on(loaded.mocks.GetObjectCommand as never).callsFake((input: { Bucket: string; Key: string; Range?: string }) => {
    const bytes = store.get(`${input.Bucket}/${input.Key}`);
    if (!bytes) throw noSuchKey();
    const m = input.Range ? /^bytes=(\d+)-(\d+)$/.exec(input.Range) : null;
    const part = m ? bytes.subarray(Number(m[1]), Number(m[2]) + 1) : bytes;
    return { Body: body(part), ContentLength: part.length };
  });
  loaded.mocks.sts.on(loaded.mocks.AssumeRoleCommand as never).resolves({ Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.parse('2026-11-02T04:00:00Z')) } } as never);
  return loaded;
}

// ---------------------------------------------------------------------------------------- the test

describe('Organisation scale: one attack delivered natively, as S3 objects and by Security Lake gives one finding', () => {
  const env = useIngestEnv();
  let shapes: DeliveryShapes;
  const replayed = new Map<ShapeName | 'samples/logs', { findings: Finding[]; signals: Record<string, number> }>();

  beforeAll(async () => {
    shapes = writeDeliveryShapes();
    replayed.set('samples/logs', await replay(SAMPLE_LOGS, shapes.config));
    for (const shape of SHAPES) replayed.set(shape, await replay(shapes.folders[shape], shapes.config));
  });
  afterAll(() => rmSync(shapes.root, { recursive: true, force: true }));

  describe('an1261 replay', () => {
    it('finds the attack in samples/logs with the organisation config: one CRITICAL finding of the member account', () => {
      expect(replayed.get('samples/logs')!.findings.map(essence)).toEqual([expect.objectContaining(ATTACK)]);
    });

    it.each(SHAPES)('gives the same findings (id, severity, stages, image, account, cluster, egress) from the %s delivery', (shape) => {
      expect(essences(replayed.get(shape)!.findings)).toEqual(essences(replayed.get('samples/logs')!.findings));
    });

    it('tells a delivery that lost its flow logs: the same finding id, without the egress stage', async () => {
      // What the comparison sees when a shape misses a source (here the Parquet flow-log objects).
      // Build → push → deploy of an unapproved image is CRITICAL on its own: the stages tell the loss.
      const parts = shapeParts('s3-parquet');
      const dir = writeShape(join(shapes.root, 's3-parquet-without-flows'), { ...parts, objects: parts.objects.filter((o) => !o.key.endsWith('.log.parquet')) });
      const { findings } = await replay(dir, shapes.config);
      expect(findings.map(essence)).toEqual([{ ...essence(replayed.get('samples/logs')!.findings[0]!), stages: ['build', 'push', 'deploy'], egress: [] }]);
      expect(essences(findings)).not.toEqual(essences(replayed.get('s3-parquet')!.findings));
    });
  });

  describe('the ingest Lambdas fed the S3 / SQS, CloudWatch Logs and EventBridge events', () => {
    let captured: Captured;
    beforeEach(() => {
      captured = captureStdout();
    });
    afterEach(() => {
      captured.restore();
      jest.restoreAllMocks();
    });

    /** One cold start of each Lambda the shape needs on a fresh state table; every delivery in wall-clock order; the last version of each finding sent. */
    async function throughLambdas(parts: { native: Partial<NativeParts>; objects: readonly S3Object[] }): Promise<{ findings: Finding[]; failures: unknown[]; gets: Array<{ Bucket: string; Key: string; Range?: string; accessKeyId: string }>; roles: string[] }> {
      const lambdaEnv = await env.freshEnv({ [ENV.configFile]: shapes.config });
      const lambdas: Array<LoadedHandler<unknown>> = [];
      const deliveries: Delivery[] = [];
      const cwl = (name: string, payload: CwlPayload | undefined) => {
        if (!payload) return;
        const h = loadHandler<CwlHandler>(handlerPath(name), lambdaEnv);
        lambdas.push(h as LoadedHandler<unknown>);
        deliveries.push(...cwlDeliveries(payload, h.handler, `an1261-${name}`));
      };
      cwl('eks-audit', parts.native.eksAudit);
      cwl('flow-logs', parts.native.flowLogs);
      cwl('host-logs', parts.native.dockerd);
      if (parts.native.ecrEvents) {
        const ecr = loadHandler<EbHandler>(handlerPath('ecr-events'), lambdaEnv);
        lambdas.push(ecr as LoadedHandler<unknown>);
        deliveries.push(...parts.native.ecrEvents.map((e) => ({ at: Date.parse(e.time) + 5_000, what: `ECR ${e.id}`, run: () => ecr.handler(e, lambdaContext('an1261-ecr-events')) })));
      }
      const failures: unknown[] = [];
      let intake: ReturnType<typeof s3ObjectsLambda> | undefined;
      if (parts.objects.length > 0) {
        intake = s3ObjectsLambda(lambdaEnv, parts.objects);
        lambdas.push(intake as LoadedHandler<unknown>);
        for (const o of parts.objects) {
          deliveries.push({
            at: o.deliveredAt,
            what: `s3://${o.bucket}/${o.key}`,
            run: async () => {
              const r = await intake!.handler({ Records: [sqsRecord(notification(o))] }, lambdaContext('an1261-s3-objects'));
              if (r.batchItemFailures.length > 0) failures.push({ object: o.key, ...r });
            },
          });
        }
      }
      deliveries.sort((a, b) => a.at - b.at);
      const setClock = freezeClock(new Date(deliveries[0]!.at).toISOString());
      for (const d of deliveries) {
        setClock(new Date(d.at).toISOString());
        await d.run();
      }
      const latest = new Map<string, Finding>();
      for (const u of lambdas.flatMap((h) => h.sentUpdates())) if ((latest.get(u.finding.id)?.version ?? 0) < u.finding.version) latest.set(u.finding.id, u.finding);
      // The mocked client answers before it signs: ask the client each call went through for its credentials.
      const calls = intake ? intake.mocks.s3.commandCalls(intake.mocks.GetObjectCommand as never) : [];
      const gets = await Promise.all(
        calls.map(async (c) => ({
          ...(c.args[0] as { input: { Bucket: string; Key: string; Range?: string } }).input,
          accessKeyId: (await (c.thisValue as { config: { credentials: () => Promise<{ accessKeyId: string }> } }).config.credentials()).accessKeyId,
        })),
      );
      const roles = intake ? intake.mocks.sts.commandCalls(intake.mocks.AssumeRoleCommand as never).map((c) => (c.args[0] as { input: { RoleArn: string } }).input.RoleArn) : [];
      return { findings: [...latest.values()], failures, gets, roles };
    }

    /** Objects the s3-objects Lambda left unread or could not map (all of them must be read). */
    const objectsNotRead = () =>
      captured
        .lines()
        .filter((l) => l.message === 'ingest done' && l.source === 's3-objects')
        .map((l) => ({ rejected: l.rejected, ignored: Object.keys((l.ignoredByReason as Record<string, number> | undefined) ?? {}).filter((r) => r.startsWith('object:')) }))
        .filter((d) => d.rejected !== 0 || d.ignored.length > 0);

    /** What every ingest Lambda invocation logged it read ("ingest done"), summed. */
    const ingested = () => {
      const sum = { tooLate: 0, rejected: 0, signals: {} as Record<string, number> };
      for (const l of captured.lines().filter((x) => x.message === 'ingest done')) {
        sum.tooLate += Number(l.tooLate ?? 0);
        sum.rejected += Number(l.rejected ?? 0);
        for (const [k, v] of Object.entries(l.signals as Record<string, number>)) sum.signals[k] = (sum.signals[k] ?? 0) + v;
      }
      return sum;
    };

    it.each(SHAPES)('send the findings `an1261 replay` prints for the %s delivery', async (shape) => {
      const parts = shapeParts(shape);
      const { findings, failures, gets, roles } = await throughLambdas(parts);
      expect(failures).toEqual([]);
      // Every announced object was read: Parquet by ranges (footer, then row groups), the lake's as its subscriber role.
      expect(new Set(gets.map((g) => `${g.Bucket}/${g.Key}`))).toEqual(new Set(parts.objects.map((o) => `${o.bucket}/${o.key}`)));
      expect(gets.filter((g) => g.Key.endsWith('parquet')).every((g) => g.Range !== undefined)).toBe(true);
      expect(new Set(roles)).toEqual(new Set(shape === 'security-lake' ? [LAKE_ROLE] : []));
      expect(gets.filter((g) => g.Bucket === LAKE_BUCKET).every((g) => g.accessKeyId === 'ASIAEXAMPLE')).toBe(true);
      expect(objectsNotRead()).toEqual([]);
      // Every record arrived in time and was read as replay reads it: the same signals but for the
      // instance-ip links, one per instance and address in each batch (CloudWatch Logs batches are finer).
      const { tooLate, rejected, signals } = ingested();
      expect({ tooLate, rejected }).toEqual({ tooLate: 0, rejected: 0 });
      expect(withoutLinks(signals)).toEqual(withoutLinks(replayed.get(shape)!.signals));
      expect(essences(findings)).toEqual(essences(replayed.get(shape)!.findings));
      expect(essences(findings)).toEqual(essences(replayed.get('samples/logs')!.findings));
      expect(findings.map(essence)).toEqual([expect.objectContaining(ATTACK)]);
    });
  });
});
