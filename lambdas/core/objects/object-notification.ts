/**
 * The body of an SQS message announcing new S3 objects, in any of the shapes that reach the intake
 * queue (each checked against the AWS documentation):
 *
 * - an S3 event notification (S3 User Guide, "Event message structure"): `Records[]` with
 *   `eventSource: aws:s3`, `eventName: ObjectCreated:*`, `s3.bucket.name`, `s3.object.key`
 *   URL-encoded (a space is `+`), `versionId`, `eTag`, `sequencer`, `size`; the `s3:TestEvent` S3
 *   sends when a notification is configured is counted and left;
 * - an EventBridge "Object Created" event (S3 User Guide, "EventBridge event message structure"):
 *   `source: aws.s3`, `detail.bucket.name`, `detail.object.key` (not encoded), `version-id`, `etag`,
 *   `sequencer`, `size`, the bucket owner in `account`;
 * - either of them wrapped in an SNS notification (`Type: Notification`, the event in `Message`);
 * - an Amazon Security Lake subscriber notification: an "Object Created"-shaped event whose
 *   `detail.bucket.name` / `detail.object.key` name the new object (as Security Lake's own
 *   consumers read it).
 *
 * Pure: what cannot be read is a counted reason, never an exception.
 */
import { isJsonObject } from '../util/json-object';

export interface ObjectRef {
  bucket: string;
  /** The key as stored (decoded). */
  key: string;
  versionId?: string;
  eTag?: string;
  /** S3's ordering token of events on one key. */
  sequencer?: string;
  size?: number;
  /** How the object was announced. */
  via: 's3' | 'eventbridge';
  /** Wrapped in an SNS notification. */
  sns?: boolean;
  /** The bucket owner, when the notification says it (EventBridge `account`). */
  account?: string;
}

export interface ParsedNotification {
  objects: ObjectRef[];
  /** Counted and left: test events, other event types. */
  ignored: string[];
  /** What could not be read, with a short detail. */
  rejected: Array<{ reason: string; detail?: string }>;
}

export const NOTIFICATION_REASONS = {
  invalidJson: 'notification:invalid-json',
  unrecognized: 'notification:unrecognized',
  testEvent: 'notification:s3-test-event',
  notObjectCreated: 'notification:not-object-created',
  notS3: 'notification:not-s3',
  invalidRecord: 'notification:invalid-record',
  invalidKeyEncoding: 'notification:invalid-key-encoding',
  tooManyRecords: 'notification:too-many-records',
} as const;

/** S3 event notifications hold one record; an SNS fan-in a few. More is not a notification. */
const MAX_RECORDS = 100;
/** The largest body read (an SQS message is at most 256 KiB). */
const MAX_BODY = 256 * 1024;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const str = (x: unknown): string | undefined => (typeof x === 'string' && x.length > 0 && x.length <= 2048 ? x : undefined);
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 ? x : undefined);

/** An S3 event notification's key: `+` is a space, the rest percent-encoded. */
export function decodeS3EventKey(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function fromS3Record(r: unknown, out: ParsedNotification, sns: boolean): void {
  if (!isJsonObject(r)) return void out.rejected.push({ reason: NOTIFICATION_REASONS.invalidRecord, detail: typeof r });
  if (r.eventSource !== 'aws:s3') return void out.ignored.push(NOTIFICATION_REASONS.notS3);
  if (typeof r.eventName !== 'string' || !r.eventName.startsWith('ObjectCreated:')) return void out.ignored.push(NOTIFICATION_REASONS.notObjectCreated);
  const s3 = isJsonObject(r.s3) ? r.s3 : undefined;
  const bucket = str(isJsonObject(s3?.bucket) ? s3.bucket.name : undefined);
  const object = isJsonObject(s3?.object) ? s3.object : undefined;
  const rawKey = str(object?.key);
  if (!bucket || !BUCKET.test(bucket) || !rawKey) return void out.rejected.push({ reason: NOTIFICATION_REASONS.invalidRecord, detail: 'no s3.bucket.name or s3.object.key' });
  const key = decodeS3EventKey(rawKey);
  if (key === undefined) return void out.rejected.push({ reason: NOTIFICATION_REASONS.invalidKeyEncoding, detail: rawKey.slice(0, 120) });
  const versionId = str(object?.versionId);
  const eTag = str(object?.eTag);
  const sequencer = str(object?.sequencer);
  const size = num(object?.size);
  out.objects.push({ bucket, key, via: 's3', ...(versionId ? { versionId } : {}), ...(eTag ? { eTag } : {}), ...(sequencer ? { sequencer } : {}), ...(size !== undefined ? { size } : {}), ...(sns ? { sns } : {}) });
}

function fromEventBridge(e: Record<string, unknown>, out: ParsedNotification, sns: boolean): void {
  if (e.source !== undefined && e.source !== 'aws.s3') return void out.ignored.push(NOTIFICATION_REASONS.notS3);
  if (e['detail-type'] !== undefined && e['detail-type'] !== 'Object Created') return void out.ignored.push(NOTIFICATION_REASONS.notObjectCreated);
  const detail = e.detail as Record<string, unknown>;
  const bucket = str(isJsonObject(detail.bucket) ? detail.bucket.name : undefined);
  const object = isJsonObject(detail.object) ? detail.object : undefined;
  const key = str(object?.key);
  if (!bucket || !BUCKET.test(bucket) || !key) return void out.rejected.push({ reason: NOTIFICATION_REASONS.invalidRecord, detail: 'no detail.bucket.name or detail.object.key' });
  const versionId = str(object?.['version-id']);
  const eTag = str(object?.etag);
  const sequencer = str(object?.sequencer);
  const size = num(object?.size);
  const account = typeof e.account === 'string' && /^\d{12}$/.test(e.account) ? e.account : undefined;
  out.objects.push({
    bucket,
    key,
    via: 'eventbridge',
    ...(versionId ? { versionId } : {}),
    ...(eTag ? { eTag } : {}),
    ...(sequencer ? { sequencer } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(account ? { account } : {}),
    ...(sns ? { sns } : {}),
  });
}

function fromValue(v: unknown, out: ParsedNotification, depth: number, sns: boolean): void {
  if (!isJsonObject(v)) return void out.rejected.push({ reason: NOTIFICATION_REASONS.unrecognized, detail: Array.isArray(v) ? 'array' : typeof v });
  // SNS → SQS (raw message delivery off): the event is the envelope's Message.
  if (v.Type === 'Notification' && typeof v.Message === 'string' && depth === 0) return fromText(v.Message, out, depth + 1, true);
  if (v.Event === 's3:TestEvent') return void out.ignored.push(NOTIFICATION_REASONS.testEvent);
  if (Array.isArray(v.Records)) {
    if (v.Records.length > MAX_RECORDS) return void out.rejected.push({ reason: NOTIFICATION_REASONS.tooManyRecords, detail: `${v.Records.length} records` });
    for (const r of v.Records) fromS3Record(r, out, sns);
    return;
  }
  if (isJsonObject(v.detail)) return fromEventBridge(v, out, sns);
  out.rejected.push({ reason: NOTIFICATION_REASONS.unrecognized, detail: Object.keys(v).slice(0, 8).join(',') });
}

function fromText(text: string, out: ParsedNotification, depth: number, sns: boolean): void {
  if (text.length > MAX_BODY) return void out.rejected.push({ reason: NOTIFICATION_REASONS.unrecognized, detail: `${text.length} characters` });
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return void out.rejected.push({ reason: NOTIFICATION_REASONS.invalidJson, detail: text.slice(0, 80) });
  }
  fromValue(v, out, depth, sns);
}

/**
 * The objects an SQS message body announces.
 * @example parseObjectNotification(body).objects // [{ bucket: 'logs', key: 'AWSLogs/…', via: 's3', … }]
 */
export function parseObjectNotification(body: string): ParsedNotification {
  const out: ParsedNotification = { objects: [], ignored: [], rejected: [] };
  fromText(body, out, 0, false);
  return out;
}

/** The object's identity for idempotency: bucket, key and its version (else ETag, else sequencer). */
export function objectIdentity(o: Pick<ObjectRef, 'bucket' | 'key' | 'versionId' | 'eTag' | 'sequencer'>): string {
  const version = o.versionId ? `v:${o.versionId}` : o.eTag ? `e:${o.eTag.replace(/"/g, '')}` : o.sequencer ? `s:${o.sequencer}` : '-';
  return `s3://${o.bucket}/${o.key}#${version}`;
}
