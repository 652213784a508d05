/**
 * Safe reading of the rows hyparquet yields for Security Lake's Parquet objects: nested structs are
 * plain objects, lists arrays, `map<string,string>` columns (`unmapped`) objects, INT64 columns
 * BigInt and timestamp columns Date (or, from other readers, numbers and ISO strings). Every reader
 * returns undefined instead of throwing, so a malformed row becomes a counted reason.
 */

export type Row = Readonly<Record<string, unknown>>;

/** A Date, also one made in another realm (a vm context, structuredClone across realms). */
export function isDate(x: unknown): x is Date {
  return x instanceof Date || Object.prototype.toString.call(x) === '[object Date]';
}

export function asRow(x: unknown): Row | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !isDate(x) ? (x as Row) : undefined;
}

/** `path` is dotted: `cloud.account.uid`. */
export function at(row: Row | undefined, path: string): unknown {
  let cur: unknown = row;
  for (const key of path.split('.')) {
    const o = asRow(cur);
    if (!o) return undefined;
    cur = o[key];
  }
  return cur;
}

export function objAt(row: Row | undefined, path: string): Row | undefined {
  return asRow(at(row, path));
}

/** Strings are capped at the lengths the native paths allow (see CAPS); "" is absent. */
export function strAt(row: Row | undefined, path: string, max: number = CAPS.field): string | undefined {
  const v = at(row, path);
  return typeof v === 'string' && v.length > 0 ? v.slice(0, max) : undefined;
}

export function arrAt(row: Row | undefined, path: string): readonly unknown[] {
  const v = at(row, path);
  return Array.isArray(v) ? v : [];
}

/** A whole number from number, bigint or a decimal string; undefined for anything else or beyond 2^53. */
export function intOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
  if (typeof v === 'string' && /^-?\d{1,16}$/.test(v)) return intOf(Number(v));
  return undefined;
}

export function intAt(row: Row | undefined, path: string): number | undefined {
  return intOf(at(row, path));
}

/** Epoch ms of a time column: epoch ms as number/bigint, a Date (Parquet timestamp), or an ISO 8601 string. */
export function msOf(v: unknown): number | undefined {
  if (isDate(v)) {
    const t = Date.prototype.getTime.call(v);
    return Number.isFinite(t) ? t : undefined;
  }
  if (typeof v === 'string' && !/^\d+$/.test(v)) {
    if (v.length > 64) return undefined;
    // Security Lake's samples write "2021-09-07 20:37:30.502000" (UTC, no zone) and "…+00:00".
    const iso = /^\d{4}-\d{2}-\d{2} \d/.test(v) ? v.replace(' ', 'T') : v;
    const t = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`);
    return Number.isFinite(t) ? t : undefined;
  }
  const n = intOf(v);
  return n !== undefined && n >= 0 ? n : undefined;
}

export function msAt(row: Row | undefined, path: string): number | undefined {
  return msOf(at(row, path));
}

/**
 * Caps on what is copied out of a row, the bounds the native paths have: a CloudWatch Logs event
 * (and so an EKS audit event or a CloudTrail record delivered through it) is at most 256 KiB, and a
 * flow-log field is a short token.
 */
export const CAPS = {
  /** Names, ids, ARNs, user agents. */
  field: 4096,
  /** requestURI (an exec URI carries the whole command line). */
  uri: 65_536,
  /** A JSON document (api.request.data / api.response.data) or the sum of the unmapped values read. */
  document: 262_144,
  /** Entries of `unmapped` read. */
  unmappedKeys: 4096,
  /** A flow-log column. */
  flowToken: 128,
} as const;

/** The OCSF version in metadata.version: `1.0.0-rc.2` (Security Lake source version 1), `1.1.0` (2) … */
export function ocsfVersionOf(row: Row): string | undefined {
  const v = strAt(row, 'metadata.version', 32);
  return v !== undefined && /^1\.\d{1,2}\.\d{1,2}(?:-[\w.]{1,16})?$/.test(v) ? v : undefined;
}

/** Source version 1 is OCSF 1.0.0-rc.x (`cloud.account_uid`, API Activity 3005); later 1.x is version 2 and on. */
export function isRcVersion(version: string): boolean {
  return version.startsWith('1.0.0-rc');
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z0-9]+)+-\d{1,2}$/;

export function accountOrUndefined(s: string | undefined): string | undefined {
  return s !== undefined && ACCOUNT.test(s) ? s : undefined;
}

export function regionOrUndefined(s: string | undefined): string | undefined {
  return s !== undefined && REGION.test(s) ? s : undefined;
}

/** `cloud.account.uid` (1.x) or `cloud.account_uid` (1.0.0-rc.2), when it is an account id. */
export function cloudAccountOf(row: Row): string | undefined {
  return accountOrUndefined(strAt(row, 'cloud.account.uid', 64) ?? strAt(row, 'cloud.account_uid', 64));
}

/** A short, never-throwing description of a value for reject details. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.slice(0, 40));
  if (typeof v === 'bigint') return `${v}n`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (isDate(v)) return 'Date';
  if (typeof v === 'object' || typeof v === 'function') return typeof v;
  return String(v);
}
