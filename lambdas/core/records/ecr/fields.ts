/**
 * Safe reading of untrusted JSON records (EventBridge events, CloudTrail records): every accessor
 * returns undefined instead of throwing, so a malformed record becomes a counted reason.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

/** The value as a plain JSON object, or undefined for null, arrays and primitives. */
export function asObject(x: unknown): JsonObject | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as JsonObject) : undefined;
}

/** A non-empty string field: "" means "absent" in these formats (ECR's untagged `image-tag`). */
export function str(o: JsonObject | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function objAt(o: JsonObject | undefined, key: string): JsonObject | undefined {
  return asObject(o?.[key]);
}

export type Parsed = { readonly value: unknown } | { readonly error: string };

/**
 * A record's data as a JSON value: objects pass through, strings (CloudWatch Logs messages,
 * raw lines) are parsed.
 */
export function parseData(data: unknown): Parsed {
  if (typeof data !== 'string') return { value: data };
  try {
    return { value: JSON.parse(data) as unknown };
  } catch (e) {
    return { error: e instanceof Error ? e.message : 'unparseable' };
  }
}

/** An event's own time as ISO 8601 UTC with milliseconds, or undefined when it is not a time. */
export function isoTime(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

const REASON_VALUE_MAX = 64;

/**
 * A field value fit to end a reason key (`ecr-event:action-ignored:DELETE`): values come from the
 * record, so they are capped and stripped to a safe alphabet to keep reason keys few and printable.
 */
export function reasonValue(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0) return 'none';
  return raw.slice(0, REASON_VALUE_MAX).replace(/[^\w .\-/]/g, '_');
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z0-9]+)+-\d{1,2}$/;

export function isAccountId(s: string | undefined): s is string {
  return s !== undefined && ACCOUNT.test(s);
}

export function isRegion(s: string | undefined): s is string {
  return s !== undefined && REGION.test(s);
}

/** A short printable excerpt of a rejected record, for the reject sample in logs. */
export function preview(x: unknown): string {
  if (typeof x === 'string') return x.slice(0, 200);
  try {
    return (JSON.stringify(x) ?? String(x)).slice(0, 200);
  } catch {
    return typeof x;
  }
}
