/**
 * CloudWatch Logs subscription payloads: `{"awslogs":{"data": base64(gzip(json))}}` as Lambda
 * receives them, the decoded JSON, and the same payload inside Kinesis records.
 */
import type { SourceRecord } from '../model/batch';
import type { Tally } from '../model/normalize-result';
import { GunzipTooLargeError, maybeGunzip } from './gzip';

export interface CwlLogEvent {
  id: string;
  timestamp: number;
  message: string;
}

export interface CwlPayload {
  messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE' | string;
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters?: string[];
  logEvents: CwlLogEvent[];
}

export function isAwsLogsEnvelope(x: unknown): x is { awslogs: { data: string } } {
  return typeof x === 'object' && x !== null && typeof (x as { awslogs?: { data?: unknown } }).awslogs?.data === 'string';
}

export function isCwlPayload(x: unknown): x is CwlPayload {
  if (typeof x !== 'object' || x === null) return false;
  const p = x as Record<string, unknown>;
  // logStream names the source (EKS audit streams, instance ids): a payload whose stream is not a string is no payload (fuzz).
  return typeof p.messageType === 'string' && Array.isArray(p.logEvents) && typeof p.logGroup === 'string' && (p.logStream === undefined || typeof p.logStream === 'string');
}

/**
 * base64 → gunzip (when gzip, capped at MAX_GUNZIP_BYTES) → JSON. Throws with a reason prefix on each
 * failure: `envelope:invalid-base64`, `envelope:too-large` (decompresses past the cap: a bomb),
 * `envelope:invalid-gzip`, `envelope:invalid-json`.
 */
export function decodeBase64Json(data: string): unknown {
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length === 0) throw new Error('envelope:invalid-base64');
  let text: string;
  try {
    text = maybeGunzip(bytes).toString('utf8');
  } catch (e) {
    throw new Error(e instanceof GunzipTooLargeError ? 'envelope:too-large' : 'envelope:invalid-gzip', { cause: e });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('envelope:invalid-json');
  }
}

/**
 * The payload's valid log events as source records (`cwl:<group>/<stream>#<event id>`, the event
 * timestamp as envelope time); malformed entries are rejected into `tally`. One pass and one object
 * per event: a flow-log batch holds ten thousand of them.
 */
export function logEventRecords(payload: CwlPayload, tally: Tally): SourceRecord<string>[] {
  const prefix = `cwl:${payload.logGroup}/${payload.logStream}#`;
  const out: SourceRecord<string>[] = [];
  for (const e of payload.logEvents) {
    const ev = e as Partial<CwlLogEvent> | null;
    if (ev && typeof ev.message === 'string' && typeof ev.timestamp === 'number') {
      // An event without a string id is numbered by its position among the valid events.
      out.push({ data: ev.message, ref: prefix + (typeof ev.id === 'string' ? ev.id : String(out.length)), timestamp: ev.timestamp });
    } else {
      tally.records++;
      tally.reject('envelope:malformed-log-event', `cwl:${payload.logGroup}/${payload.logStream}`);
    }
  }
  return out;
}

/** Output of `aws logs filter-log-events` / `get-log-events`: `{"events":[{timestamp, message, logStreamName?, eventId?}]}`. */
export interface CliLogEventsExport {
  events: Array<{ timestamp: number; message: string; logStreamName?: string; eventId?: string }>;
}

export function isCliLogEventsExport(x: unknown): x is CliLogEventsExport {
  if (typeof x !== 'object' || x === null || !Array.isArray((x as { events?: unknown }).events)) return false;
  const first = (x as CliLogEventsExport).events[0];
  return first === undefined || (typeof first === 'object' && first !== null && typeof first.message === 'string' && typeof first.timestamp === 'number');
}

/**
 * The CLI export as subscription payloads, one per log stream (the log group is not in the export:
 * it comes from `--log-group`). Malformed events are dropped here and counted by `validLogEvents`.
 */
export function payloadsOfCliExport(x: CliLogEventsExport, logGroup: string, owner: string): CwlPayload[] {
  const byStream = new Map<string, CwlLogEvent[]>();
  x.events.forEach((e, i) => {
    const stream = typeof e?.logStreamName === 'string' ? e.logStreamName : '';
    const list = byStream.get(stream) ?? [];
    list.push({ id: typeof e?.eventId === 'string' ? e.eventId : String(i), timestamp: e?.timestamp, message: e?.message } as CwlLogEvent);
    byStream.set(stream, list);
  });
  return [...byStream].map(([logStream, logEvents]) => ({ messageType: 'DATA_MESSAGE', owner, logGroup, logStream, logEvents }));
}
