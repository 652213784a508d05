/**
 * Text and value hygiene for ASFF: attacker-controlled strings (image names, commands, pod and
 * user names) lose control, invisible and bidi characters, keep whole surrogate pairs, and are
 * length-capped; timestamps, IPs, account ids and Regions are checked against the documented forms.
 */
import type { AsffPartition } from './asff-types';
import { canonicalIp as canonicalIpText } from '../util/cidr';

/**
 * C0/C1 controls, zero-width and bidi-override characters (which can hide or reorder text in a
 * console), line/paragraph separators and BOM: all become a space.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
// eslint-disable-next-line no-control-regex -- the complement of UNSAFE_CHARS and whitespace
const VISIBLE = /[^\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const WHITESPACE_RUN = /\s+/g;
const ELLIPSIS = '…';

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Cuts to at most `max` UTF-16 code units, marking the cut with an ellipsis, never splitting a pair. */
export function capText(s: string, max: number, alreadyCut = false): string {
  if (s.length <= max && !alreadyCut) return s;
  if (alreadyCut && s.length < max) return s + ELLIPSIS;
  if (max <= 1) return max === 1 ? ELLIPSIS : '';
  let end = max - 1;
  if (isHighSurrogate(s.charCodeAt(end - 1))) end--;
  return s.slice(0, end) + ELLIPSIS;
}

/**
 * A display-safe, single-line, capped copy of `raw`, or undefined when nothing visible remains
 * (ASFF strings must match `.*\S.*`). Non-strings are ignored rather than trusted.
 */
export function safeText(raw: unknown, max: number): string | undefined {
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  let full = String(raw);
  // Padding must not push the visible text out of the bounded prefix read below.
  const start = full.search(VISIBLE);
  if (start < 0) return undefined;
  if (start > 0) full = full.slice(start);
  // Work on a bounded prefix: a 100 KB command line must not cost 100 KB of regex work.
  const bound = max * 4 + 16;
  const clipped = full.length > bound;
  const cleaned = (clipped ? full.slice(0, bound) : full)
    .replace(UNSAFE_CHARS, ' ')
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(WHITESPACE_RUN, ' ')
    .trim();
  if (cleaned.length === 0) return undefined;
  return capText(cleaned, max, clipped);
}

/** UTF-8 byte length of a string as JSON.stringify emits it (lone surrogates come out escaped). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (isHighSurrogate(c) && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Security Hub timestamps (API reference, "Timestamps"): RFC 3339 date-time, up to 9 fraction
 * digits, `Z` or an offset `±HH`, `±HH:MM` or `±HHMM` bounded by ±18:00.
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2})(?::?(\d{2}))?)$/;

export function isAsffTimestamp(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi, s, oh, om] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x))) as number[];
  if (mo! < 1 || mo! > 12 || d! < 1 || h! > 23 || mi! > 59 || s! > 60) return false;
  // Date.parse rolls 2024-02-30 over to March: check the day exists in its month.
  if (new Date(Date.UTC(y!, mo! - 1, d!)).getUTCDate() !== d) return false;
  return om! <= 59 && oh! * 60 + om! <= 18 * 60;
}

/** The timestamp when it has the documented form, else undefined (optional fields are then left out). */
export function optionalTimestamp(value: unknown): string | undefined {
  return isAsffTimestamp(value) ? (value as string) : undefined;
}

export interface CanonicalIp {
  version: 4 | 6;
  ip: string;
}

/**
 * An address in canonical text with its version, for the v4/v6 ASFF fields: a thin wrapper of
 * util/cidr canonicalIp (the one implementation), whose contract adds the version.
 */
export function canonicalIp(raw: unknown): CanonicalIp | undefined {
  const ip = canonicalIpText(raw);
  return ip === undefined ? undefined : { version: ip.includes(':') ? 6 : 4, ip };
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

export function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && ACCOUNT.test(value);
}

export function isRegion(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 16 && REGION.test(value);
}

/** The partition a Region belongs to (the commercial one unless the Region says otherwise). */
export function partitionOf(region: string, fallback: AsffPartition = 'aws'): AsffPartition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return REGION.test(region) ? 'aws' : fallback;
}
