/**
 * The sample attack (samples/logs) in the three shapes an organisation delivers it, derived at test
 * time from the sample files (no committed binaries):
 *
 *  - **native**: what CloudWatch Logs and EventBridge deliver — the EKS audit export as is, the
 *    flow-log lines as a subscription payload of a flow-log group the sample config names
 *    (`/vpc/flow/*`, owner 111122223333, no header: the format is the config's), the ECR EventBridge
 *    events as is;
 *  - **S3**: the flow log as an object at AWS's key layout (text `.log.gz`, or Parquet with AWS's
 *    schema), the ECR pushes as an organisation CloudTrail file of `PutImage` records (the same
 *    repository, tag, digest, time and account as the EventBridge events; pushed by an IAM user, not
 *    an EC2 instance-role session, so the push is evidence and never an anchor, as the EventBridge
 *    push is), the EKS audit export as in native (AWS does not deliver EKS audit to S3);
 *  - **Security Lake**: OCSF 1.1.0 Parquet objects (source version 2.0) of a member account, written
 *    from the native records with Security Lake's documented mapping (ocsf-from-native.ts): VPC_FLOW,
 *    EKS_AUDIT, and CLOUD_TRAIL_MGMT from the same PutImage records as the S3 shape.
 *
 * The dockerd host log (an approved CI runner) is delivered natively in every shape, as a
 * subscription payload of a configured host-log group: neither S3 nor Security Lake carries it.
 * Each shape is a folder as `aws s3 sync` leaves the buckets (one sub-folder per bucket) beside the
 * native CloudWatch Logs exports; the same pieces are handed out for the Lambda handlers.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { EventBridgeEvent } from 'aws-lambda';
import type { CwlPayload } from '../../lambdas/core/envelopes/cwl-payload';
import { type NativeJson, ocsfFromAuditEvent, ocsfFromCloudTrail, ocsfFromFlowLine } from './ocsf-from-native';
import { writeOcsfParquet } from './ocsf-parquet';
import { flowLogKey, flowLogParquetOfText, writeObjectFile } from './parquet-fixtures';

const SAMPLES = join(__dirname, '../../samples');
const LOGS = join(SAMPLES, 'logs');
const FLOW_FILE = 'vpc-flow-111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261102T0200Z.log.gz';

export const MEMBER = '111122223333';
export const REGION = 'us-east-1';
export const ORG = 'o-exampleorgid';
export const FLOW_BUCKET = 'org-flow-logs-archive';
export const TRAIL_BUCKET = 'org-trail-archive';
export const LAKE_BUCKET = 'aws-security-data-lake-us-east-1-abcdef';
export const LAKE_ROLE = 'arn:aws:iam::999900002222:role/AmazonSecurityLake-an1261-subscriber';
export const FLOW_GROUP = '/vpc/flow/prod';
export const HOST_GROUP = '/ec2/docker/ci-runner';
/** The IAM user whose `PutImage` calls the trail records (not an instance-role session: no host). */
export const PUSHER_ARN = `arn:aws:iam::${MEMBER}:user/release-bot`;

export type EcrEvent = EventBridgeEvent<string, Record<string, unknown>>;

/** One object of a bucket. */
export interface S3Object {
  bucket: string;
  key: string;
  bytes: Uint8Array;
  /** When the object is written and announced (ms): its window's end plus the delivery delay. */
  deliveredAt: number;
}

/** What CloudWatch Logs and EventBridge deliver (to replay as files, or to the subscribed Lambdas). */
export interface NativeParts {
  eksAudit: CwlPayload;
  flowLogs: CwlPayload;
  dockerd: CwlPayload;
  ecrEvents: EcrEvent[];
}

// ---------------------------------------------------------------------------------------- the sample

const sampleFlowText = (): string => gunzipSync(readFileSync(join(LOGS, FLOW_FILE))).toString('utf8');
const flowLines = (): string[] => sampleFlowText().split('\n').filter((l) => l.trim().length > 0);
const sampleEks = (): CwlPayload => JSON.parse(readFileSync(join(LOGS, 'eks-audit-prod-cluster.cwl.json'), 'utf8')) as CwlPayload;

export function sampleEcrEvents(): EcrEvent[] {
  return readFileSync(join(LOGS, 'ecr-events.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as EcrEvent);
}

/** The flow-log records (header dropped) as events of a configured flow-log group. */
function flowPayload(): CwlPayload {
  const [, ...records] = flowLines();
  return {
    messageType: 'DATA_MESSAGE',
    owner: MEMBER,
    logGroup: FLOW_GROUP,
    logStream: 'eni-0c1d2e3f4a5b6c7d8-all',
    subscriptionFilters: ['an1261-flow-logs'],
    logEvents: records.map((message, i) => ({ id: `flow-${i}`, timestamp: Number(message.split(' ')[11]) * 1000, message })),
  };
}

/** The dockerd lines as events of a configured host-log group, stream named by the runner's instance. */
function dockerdPayload(): CwlPayload {
  const lines = readFileSync(join(LOGS, 'ci-runner-dockerd.log'), 'utf8').split('\n').filter((l) => l.trim().length > 0);
  return {
    messageType: 'DATA_MESSAGE',
    owner: MEMBER,
    logGroup: HOST_GROUP,
    logStream: 'i-0c9d8e7f6a5b4c3d2',
    subscriptionFilters: ['an1261-host-logs'],
    logEvents: lines.map((message, i) => ({ id: `dockerd-${i}`, timestamp: Date.parse(/time="([^"]+)"/.exec(message)![1]!), message })),
  };
}

export function nativeParts(): NativeParts {
  return { eksAudit: sampleEks(), flowLogs: flowPayload(), dockerd: dockerdPayload(), ecrEvents: sampleEcrEvents() };
}

// ---------------------------------------------------------------------------------------- CloudTrail

/**
 * The CloudTrail record of an ECR EventBridge event: `PutImage` for a push (the CloudTrail User
 * Guide's ECR example, with the event's repository, tag, digest, time, account and region),
 * `BatchDeleteImage` for a delete.
 */
export function cloudTrailOfEcrEvent(e: EcrEvent, i: number): NativeJson {
  const d = e.detail as { 'repository-name': string; 'image-tag'?: string; 'image-digest': string; 'action-type': string; 'manifest-media-type'?: string };
  const push = d['action-type'] === 'PUSH';
  const imageId = { imageDigest: d['image-digest'], ...(d['image-tag'] ? { imageTag: d['image-tag'] } : {}) };
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: d['manifest-media-type'] ?? 'application/vnd.oci.image.manifest.v1+json', config: { digest: d['image-digest'] } });
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLERELEASEBOT', arn: PUSHER_ARN, accountId: e.account, accessKeyId: 'AKIAEXAMPLERELEASE01', userName: 'release-bot' },
    eventTime: e.time,
    eventSource: 'ecr.amazonaws.com',
    eventName: push ? 'PutImage' : 'BatchDeleteImage',
    awsRegion: e.region,
    sourceIPAddress: '198.51.100.20',
    userAgent: 'docker/27.3.1 go/go1.22.7 git-commit/41ca978 kernel/6.1.112 os/linux arch/amd64',
    requestParameters: push
      ? { repositoryName: d['repository-name'], imageTag: d['image-tag'], registryId: e.account, imageManifest: manifest }
      : { repositoryName: d['repository-name'], registryId: e.account, imageIds: [imageId] },
    responseElements: push ? { image: { repositoryName: d['repository-name'], registryId: e.account, imageId, imageManifest: manifest } } : { imageIds: [imageId], failures: [] },
    requestID: `5e1f0c2a-0000-4000-8000-${String(i).padStart(12, '0')}`,
    eventID: `9a7b6c5d-0000-4000-8000-${String(i).padStart(12, '0')}`,
    readOnly: false,
    resources: [{ ARN: `arn:aws:ecr:${e.region}:${e.account}:repository/${d['repository-name']}`, accountId: e.account }],
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: e.account,
    eventCategory: 'Management',
  };
}

export const trailRecords = (): NativeJson[] => sampleEcrEvents().map(cloudTrailOfEcrEvent);

// ---------------------------------------------------------------------------------------- objects

const WINDOW_MS = 5 * 60_000;
/** AWS writes flow-log, trail and Security Lake files about every 5 minutes: an object holds one window's records, and lands 5 minutes after it closes. */
const DELIVERY_DELAY_MS = 5 * 60_000;

/** Groups items by the 5-minute window of their event time (ms), oldest window first. */
function byWindow<T>(items: readonly T[], timeOf: (t: T) => number): Array<{ start: number; items: T[] }> {
  const windows = new Map<number, T[]>();
  for (const item of items) {
    const start = Math.floor(timeOf(item) / WINDOW_MS) * WINDOW_MS;
    windows.set(start, [...(windows.get(start) ?? []), item]);
  }
  return [...windows].sort(([a], [b]) => a - b).map(([start, its]) => ({ start, items: its }));
}

/** `20261102T0215Z`, as AWS stamps its file names. */
const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
const deliveredAt = (windowStart: number) => windowStart + WINDOW_MS + DELIVERY_DELAY_MS;
const flowEndMs = (line: string) => Number(line.split(' ')[11]) * 1000;

/** The S3 shape's objects: flow-log files (`text` .log.gz with a header, or `parquet`) and organisation trail files, a file per 5 minutes. */
export function s3Objects(flowFormat: 'text' | 'parquet'): S3Object[] {
  const [header, ...records] = flowLines();
  const flows = byWindow(records, flowEndMs).map(({ start, items }): S3Object => {
    const text = [header, ...items].join('\n') + '\n';
    const key = flowLogKey({ account: MEMBER, region: REGION, day: '2026-11-02', hour: stamp(start).slice(9, 11), format: flowFormat }).replace(/_\d{8}T\d{4}Z_/, `_${stamp(start)}_`);
    const bytes = flowFormat === 'text' ? new Uint8Array(gzipSync(text)) : flowLogParquetOfText(text, { codec: 'GZIP' });
    return { bucket: FLOW_BUCKET, key, bytes, deliveredAt: deliveredAt(start) };
  });
  const trails = byWindow(trailRecords(), (r) => Date.parse(String(r.eventTime))).map(({ start, items }): S3Object => {
    const key = `AWSLogs/${ORG}/${MEMBER}/CloudTrail/${REGION}/2026/11/02/${MEMBER}_CloudTrail_${REGION}_${stamp(start)}_Qm9vdHN0cmFw${start % 997}.json.gz`;
    return { bucket: TRAIL_BUCKET, key, bytes: new Uint8Array(gzipSync(JSON.stringify({ Records: items }))), deliveredAt: deliveredAt(start) };
  });
  return [...flows, ...trails];
}

/** The Security Lake shape's objects: OCSF 1.1.0 rows of the flow log, the EKS audit log and the trail, an object per source and 5 minutes. */
export function lakeObjects(): S3Object[] {
  const [header, ...records] = flowLines();
  const fields = header!.split(' ');
  const audit = sampleEks().logEvents.map((e) => JSON.parse(e.message) as NativeJson);
  const objects = (source: string, windows: Array<{ start: number; items: NativeJson[] }>): S3Object[] =>
    windows.map(({ start, items }) => ({
      bucket: LAKE_BUCKET,
      key: `aws/${source}/2.0/region=${REGION}/accountId=${MEMBER}/eventDay=20261102/${source.toLowerCase()}-${stamp(start)}.gz.parquet`,
      bytes: new Uint8Array(writeOcsfParquet(items)),
      deliveredAt: deliveredAt(start),
    }));
  return [
    ...objects('VPC_FLOW', byWindow(records, flowEndMs).map(({ start, items }) => ({ start, items: items.map((l) => ocsfFromFlowLine(fields, l, '1.1.0')!) }))),
    ...objects('EKS_AUDIT', byWindow(audit, (e) => Date.parse(String(e.stageTimestamp))).map(({ start, items }) => ({ start, items: items.map((e) => ocsfFromAuditEvent(e, 'prod-cluster')) }))),
    ...objects('CLOUD_TRAIL_MGMT', byWindow(trailRecords(), (r) => Date.parse(String(r.eventTime))).map(({ start, items }) => ({ start, items: items.map((r) => ocsfFromCloudTrail(r, '1.1.0')) }))),
  ];
}

// ---------------------------------------------------------------------------------------- config

/** The one config of every shape: the sample's, reading the two buckets and Security Lake, 111122223333 a member. */
export function deliveryConfig(): Record<string, unknown> {
  const config = JSON.parse(readFileSync(join(SAMPLES, 'config.json'), 'utf8')) as { sources: Record<string, unknown> } & Record<string, unknown>;
  config.sources.s3 = [
    { bucket: FLOW_BUCKET, prefix: 'AWSLogs/' },
    { bucket: TRAIL_BUCKET, prefix: `AWSLogs/${ORG}/` },
  ];
  config.sources.securityLake = {
    queueArn: 'arn:aws:sqs:us-east-1:999900002222:AmazonSecurityLake-an1261-Main-Queue',
    bucketArn: `arn:aws:s3:::${LAKE_BUCKET}`,
    roleArn: LAKE_ROLE,
    externalId: 'an1261',
  };
  config.accounts = { members: [{ id: MEMBER, name: 'payments-prod' }] };
  return config;
}

// ---------------------------------------------------------------------------------------- folders

export type ShapeName = 'native' | 's3-text' | 's3-parquet' | 'security-lake';
export const SHAPES: readonly ShapeName[] = ['native', 's3-text', 's3-parquet', 'security-lake'];

export interface DeliveryShapes {
  root: string;
  config: string;
  /** A folder per shape, to give `an1261 replay`. */
  folders: Record<ShapeName, string>;
}

/** What each shape delivers: native payloads and events, and bucket objects. */
export function shapeParts(shape: ShapeName): { native: Partial<NativeParts>; objects: S3Object[] } {
  const n = nativeParts();
  switch (shape) {
    case 'native':
      return { native: n, objects: [] };
    case 's3-text':
    case 's3-parquet':
      return { native: { eksAudit: n.eksAudit, dockerd: n.dockerd }, objects: s3Objects(shape === 's3-text' ? 'text' : 'parquet') };
    case 'security-lake':
      return { native: { dockerd: n.dockerd }, objects: lakeObjects() };
  }
}

/** Writes a shape's parts into `dir`: CloudWatch Logs exports and EventBridge events as files, each bucket synced into `dir/<bucket>/`. */
export function writeShape(dir: string, parts: { native: Partial<NativeParts>; objects: readonly S3Object[] }): string {
  const { eksAudit, flowLogs, dockerd, ecrEvents } = parts.native;
  if (eksAudit) writeObjectFile(dir, 'eks-audit-prod-cluster.cwl.json', JSON.stringify(eksAudit, null, 2));
  if (flowLogs) writeObjectFile(dir, 'vpc-flow-prod.cwl.json', JSON.stringify(flowLogs, null, 2));
  if (dockerd) writeObjectFile(dir, 'ci-runner-dockerd.cwl.json', JSON.stringify(dockerd, null, 2));
  if (ecrEvents) writeObjectFile(dir, 'ecr-events.jsonl', ecrEvents.map((e) => JSON.stringify(e)).join('\n') + '\n');
  for (const o of parts.objects) writeObjectFile(join(dir, o.bucket), o.key, o.bytes);
  return dir;
}

/** Every shape in its own folder of a fresh temp dir, and the config file. */
export function writeDeliveryShapes(): DeliveryShapes {
  const root = mkdtempSync(join(tmpdir(), 'an1261-shapes-'));
  const config = join(root, 'config.json');
  writeFileSync(config, JSON.stringify(deliveryConfig(), null, 2));
  const folders = Object.fromEntries(SHAPES.map((s) => [s, writeShape(join(root, s), shapeParts(s))])) as Record<ShapeName, string>;
  return { root, config, folders };
}
