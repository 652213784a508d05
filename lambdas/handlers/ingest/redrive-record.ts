/**
 * A redriven ingest event (docs/redrive.md): what an ingest Lambda's on-failure destination holds —
 * Lambda's invocation record, `{ version, timestamp, requestContext: { functionArn, condition, … },
 * requestPayload: <the original event>, … }` — sent back to the function as it is. The EventBridge
 * target DLQ and Kinesis on-failure redrives wrap their events in the same shape
 * (`{ "requestContext": { "condition": "Redrive" }, "requestPayload": … }`).
 *
 * A redriven event may be hours old: judged against the wall clock its signals would be past the
 * state retention and could join nothing, so it is processed on the event-time clock, as `an1261
 * replay` processes files (windows and expiry judged at the events' own times).
 */
import { isJsonObject } from '../../core/util/json-object';

export interface RedriveRecord {
  readonly requestContext: Readonly<Record<string, unknown>>;
  readonly requestPayload: unknown;
}

/** Whether `event` is a redrive record (an object with `requestContext` and an object `requestPayload`). */
export function isRedriveRecord(event: unknown): event is RedriveRecord {
  return isJsonObject(event) && isJsonObject(event.requestContext) && isJsonObject(event.requestPayload);
}

/**
 * Redrives of redrives nest: a redriven event that fails again is recorded with the record as its
 * payload, one level per round (a chaos run saw 10). Unwrapped iteratively; a 256 KB async payload
 * cannot nest deeper than this.
 */
const MAX_NESTING = 1000;

/** The original event inside a (possibly nested) redrive record. */
export function redrivenEvent(record: RedriveRecord): unknown {
  let payload: unknown = record.requestPayload;
  for (let depth = 1; depth < MAX_NESTING && isRedriveRecord(payload); depth++) payload = payload.requestPayload;
  return payload;
}

/** What the record says about its failure, for the log (bounded: attacker-independent but untrusted). */
export function redriveContext(record: RedriveRecord): { condition?: string; functionArn?: string; approximateInvokeCount?: number } {
  const c = record.requestContext;
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 256) : undefined);
  return {
    ...(text(c.condition) ? { condition: text(c.condition) } : {}),
    ...(text(c.functionArn) ? { functionArn: text(c.functionArn) } : {}),
    ...(typeof c.approximateInvokeCount === 'number' ? { approximateInvokeCount: c.approximateInvokeCount } : {}),
  };
}
