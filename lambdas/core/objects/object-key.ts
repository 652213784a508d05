/**
 * What an S3 object holds, told by its key (or a local copy's path, by its tail) in the layouts AWS
 * writes (each verified against the AWS documentation):
 *
 * - VPC flow logs (VPC User Guide, "Flow log files"), under an optional customer prefix:
 *   `AWSLogs/<acct>/vpcflowlogs/<region>/<yyyy>/<mm>/<dd>/[<hh>/]<acct>_vpcflowlogs_<region>_<fl-id>_<YYYYMMDDTHHmmZ>_<hash>.log.gz`
 *   (`.log.parquet` for Parquet), or Hive-compatible
 *   `AWSLogs/aws-account-id=<acct>/aws-service=vpcflowlogs/aws-region=<r>/year=<yyyy>/month=<mm>/day=<dd>/[hour=<hh>/]<file>`;
 * - CloudTrail (CloudTrail User Guide, "Finding your log files", "CloudTrail log file examples"):
 *   `AWSLogs/[<o-org>/]<acct>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<acct>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz`;
 *   `CloudTrail-Digest` and `CloudTrail-Insight` are counted and left alone;
 * - Amazon Security Lake: `aws/<SOURCE>/<version>/region=<r>/accountId=<acct>/eventDay=<yyyymmdd>/<file>.parquet`
 *   (custom sources live under `ext/`; they are counted and left alone).
 *
 * Keys are written by whoever can write to the bucket: the length is capped, control characters
 * refused, and the account (12 digits), region and date segments checked for shape before anything
 * is taken from them. A key that is not one of these layouts is a counted ignore, never an error.
 */
import { SECURITY_LAKE_SOURCES, type SecurityLakeSource } from '../model/config';

/** The longest key read: S3's own limit (1,024 bytes of UTF-8). */
export const MAX_KEY_BYTES = 1024;

export type ObjectKind = 'vpc-flow' | 'cloudtrail' | 'security-lake';
export type ObjectFormat = 'text' | 'parquet' | 'json';
/** `content`: no key layout, the kind told by the content (a local Parquet file of flow logs). */
export type ObjectLayout = 'flow-logs' | 'flow-logs-hive' | 'cloudtrail' | 'cloudtrail-organization' | 'security-lake' | 'content';

export interface ObjectKeyInfo {
  kind: ObjectKind;
  /** What the name says the content is (the reader still checks: gzip and Parquet by magic bytes). */
  format: ObjectFormat;
  layout: ObjectLayout;
  /** The account the key names (12 digits). */
  account?: string;
  region?: string;
  /** Security Lake source of an `aws/<SOURCE>/…` key. */
  lakeSource?: SecurityLakeSource;
  /** The organisation of an organisation trail (`o-…`). */
  organizationId?: string;
  /** The partition's day (`YYYY-MM-DD`), and its hour when partitioned per hour. */
  day?: string;
  hour?: string;
  /** The part of the key AWS wrote, from `AWSLogs/` (or the lake's `aws/`) on. */
  tail: string;
}

/** Why an object is not read: `ignore` for objects that are fine but not ours, `reject` for keys that cannot be right. */
export interface KeyRefusal {
  refused: 'ignore' | 'reject';
  /** Counted reason, e.g. `object:cloudtrail-digest`. */
  reason: string;
  detail?: string;
}

export type KeyClass = ObjectKeyInfo | KeyRefusal;

export function isRefusal<T extends object>(k: T | KeyRefusal): k is KeyRefusal {
  return 'refused' in k;
}

export const KEY_REASONS = {
  tooLong: 'object:key-too-long',
  invalidKey: 'object:invalid-key',
  notALogKey: 'object:not-a-log-key',
  unknownService: 'object:unknown-service',
  cloudTrailDigest: 'object:cloudtrail-digest',
  cloudTrailInsight: 'object:cloudtrail-insight',
  invalidAccount: 'object:invalid-account',
  invalidRegion: 'object:invalid-region',
  invalidDate: 'object:invalid-date',
  unexpectedLayout: 'object:unexpected-layout',
  unknownFileType: 'object:unknown-file-type',
  lakeSourceNotRead: 'object:lake-source-not-read',
} as const;

const ACCOUNT = /^\d{12}$/;
/** us-east-1, us-gov-west-1, cn-northwest-1, eu-central-2, us-isob-east-1 … */
const REGION = /^[a-z]{2}(-[a-z]{2,12}){1,3}-\d{1,2}$/;
const ORGANIZATION = /^o-[a-z0-9]{10,32}$/;
const YEAR = /^(19|20|21)\d\d$/;
const LAKE_VERSION = /^\d{1,3}\.\d{1,3}$/;
/** AWS sources are upper-case (`VPC_FLOW`); custom sources are named by their owners. */
const LAKE_SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const ignore = (reason: string, detail?: string): KeyRefusal => ({ refused: 'ignore', reason, ...(detail ? { detail } : {}) });
const reject = (reason: string, detail?: string): KeyRefusal => ({ refused: 'reject', reason, ...(detail ? { detail: detail.slice(0, 200) } : {}) });

function twoDigits(s: string | undefined, min: number, max: number): boolean {
  if (s === undefined || !/^\d\d$/.test(s)) return false;
  const n = Number(s);
  return n >= min && n <= max;
}

/** `yyyy`/`mm`/`dd`[/`hh`] as a day and hour, or a refusal. */
function dateOf(y: string | undefined, m: string | undefined, d: string | undefined, h?: string): { day: string; hour?: string } | KeyRefusal {
  if (y === undefined || !YEAR.test(y) || !twoDigits(m, 1, 12) || !twoDigits(d, 1, 31)) return reject(KEY_REASONS.invalidDate, [y, m, d].join('/'));
  if (h !== undefined && !twoDigits(h, 0, 23)) return reject(KEY_REASONS.invalidDate, `hour ${h}`);
  return { day: `${y}-${m}-${d}`, ...(h !== undefined ? { hour: h } : {}) };
}

function flowFormatOf(name: string): ObjectFormat | undefined {
  if (name.endsWith('.parquet')) return 'parquet';
  if (name.endsWith('.log.gz') || name.endsWith('.log') || name.endsWith('.gz')) return 'text';
  return undefined;
}

function cloudTrailFormatOf(name: string): ObjectFormat | undefined {
  return name.endsWith('.json.gz') || name.endsWith('.json') ? 'json' : undefined;
}

/** `name=value` → value, when the segment has that name (case-insensitive: tools differ in `accountId`/`accountid`). */
function hiveValue(segment: string | undefined, name: string): string | undefined {
  if (segment === undefined) return undefined;
  const eq = segment.indexOf('=');
  if (eq < 0 || segment.slice(0, eq).toLowerCase() !== name.toLowerCase()) return undefined;
  return segment.slice(eq + 1);
}

/** Segments after `AWSLogs/`: flow logs (both layouts) or CloudTrail. */
function classifyAwsLogs(rest: readonly string[], tail: string): KeyClass {
  const first = rest[0];
  if (first === undefined) return ignore(KEY_REASONS.notALogKey);
  // Hive-compatible flow logs.
  const hiveAccount = hiveValue(first, 'aws-account-id');
  if (hiveAccount !== undefined) {
    if (!ACCOUNT.test(hiveAccount)) return reject(KEY_REASONS.invalidAccount, first);
    const service = hiveValue(rest[1], 'aws-service');
    if (service !== 'vpcflowlogs') return ignore(KEY_REASONS.unknownService, rest[1]);
    const region = hiveValue(rest[2], 'aws-region');
    if (region === undefined || !REGION.test(region)) return reject(KEY_REASONS.invalidRegion, rest[2]);
    // aws-account-id, aws-service, aws-region, year, month, day, [hour,] name
    const hourly = rest.length === 8;
    if (rest.length !== 7 && !hourly) return reject(KEY_REASONS.unexpectedLayout, tail);
    const date = dateOf(hiveValue(rest[3], 'year'), hiveValue(rest[4], 'month'), hiveValue(rest[5], 'day'), hourly ? hiveValue(rest[6], 'hour') ?? '' : undefined);
    if ('refused' in date) return date;
    const name = rest[rest.length - 1]!;
    const format = flowFormatOf(name);
    if (!format) return ignore(KEY_REASONS.unknownFileType, name);
    return { kind: 'vpc-flow', format, layout: 'flow-logs-hive', account: hiveAccount, region, ...date, tail };
  }
  let i = 0;
  let organizationId: string | undefined;
  if (ORGANIZATION.test(first)) {
    organizationId = first;
    i = 1;
  }
  const account = rest[i];
  if (account === undefined || !ACCOUNT.test(account)) return organizationId === undefined && !/^\d+$/.test(first) ? ignore(KEY_REASONS.notALogKey, first) : reject(KEY_REASONS.invalidAccount, account ?? '');
  const service = rest[i + 1];
  const region = rest[i + 2];
  const after = rest.length - (i + 3); // segments after the region: yyyy/mm/dd[/hh]/name
  if (service === 'vpcflowlogs' && organizationId === undefined) {
    if (region === undefined || !REGION.test(region)) return reject(KEY_REASONS.invalidRegion, region ?? '');
    if (after !== 4 && after !== 5) return reject(KEY_REASONS.unexpectedLayout, tail);
    const date = dateOf(rest[i + 3], rest[i + 4], rest[i + 5], after === 5 ? rest[i + 6] : undefined);
    if ('refused' in date) return date;
    const name = rest[rest.length - 1]!;
    const format = flowFormatOf(name);
    if (!format) return ignore(KEY_REASONS.unknownFileType, name);
    return { kind: 'vpc-flow', format, layout: 'flow-logs', account, region, ...date, tail };
  }
  if (service === 'CloudTrail') {
    if (region === undefined || !REGION.test(region)) return reject(KEY_REASONS.invalidRegion, region ?? '');
    if (after !== 4) return reject(KEY_REASONS.unexpectedLayout, tail);
    const date = dateOf(rest[i + 3], rest[i + 4], rest[i + 5]);
    if ('refused' in date) return date;
    const name = rest[rest.length - 1]!;
    const format = cloudTrailFormatOf(name);
    if (!format) return ignore(KEY_REASONS.unknownFileType, name);
    return {
      kind: 'cloudtrail',
      format,
      layout: organizationId ? 'cloudtrail-organization' : 'cloudtrail',
      account,
      region,
      ...(organizationId ? { organizationId } : {}),
      ...date,
      tail,
    };
  }
  if (service === 'CloudTrail-Digest') return ignore(KEY_REASONS.cloudTrailDigest);
  if (service === 'CloudTrail-Insight') return ignore(KEY_REASONS.cloudTrailInsight);
  return ignore(KEY_REASONS.unknownService, service);
}

/** Segments from the lake's `aws/` or `ext/` on. */
function classifyLake(segs: readonly string[], tail: string): KeyClass {
  const [root, source] = segs;
  let i = 2;
  if (segs[i] !== undefined && LAKE_VERSION.test(segs[i]!)) i++;
  const region = hiveValue(segs[i], 'region');
  const account = hiveValue(segs[i + 1], 'accountId');
  const day = hiveValue(segs[i + 2], 'eventDay');
  const hour = hiveValue(segs[i + 3], 'eventHour');
  const nameAt = hour !== undefined ? i + 4 : i + 3;
  if (source === undefined || region === undefined || account === undefined || day === undefined || segs.length !== nameAt + 1) return reject(KEY_REASONS.unexpectedLayout, tail);
  if (root === 'ext' || !(SECURITY_LAKE_SOURCES as readonly string[]).includes(source)) return ignore(KEY_REASONS.lakeSourceNotRead, `${root}/${source}`.slice(0, 80));
  if (!REGION.test(region)) return reject(KEY_REASONS.invalidRegion, region);
  if (!ACCOUNT.test(account)) return reject(KEY_REASONS.invalidAccount, account);
  const date = /^\d{8}$/.test(day) ? dateOf(day.slice(0, 4), day.slice(4, 6), day.slice(6, 8), hour) : reject(KEY_REASONS.invalidDate, day);
  if ('refused' in date) return date;
  const name = segs[nameAt]!;
  if (!name.endsWith('.parquet')) return ignore(KEY_REASONS.unknownFileType, name);
  return { kind: 'security-lake', format: 'parquet', layout: 'security-lake', account, region, lakeSource: source as SecurityLakeSource, ...date, tail };
}

/** Where a lake layout starts in `segs` (`aws|ext`, SOURCE, [version], `region=`…), searching from `from` down. */
function lakeStart(segs: readonly string[], from: number): number {
  for (let j = from; j >= 0; j--) {
    if (segs[j] !== 'aws' && segs[j] !== 'ext') continue;
    if (!LAKE_SOURCE_NAME.test(segs[j + 1] ?? '')) continue;
    const at = segs[j + 2] !== undefined && LAKE_VERSION.test(segs[j + 2]!) ? j + 3 : j + 2;
    if (hiveValue(segs[at], 'region') !== undefined) return j;
  }
  return -1;
}

function checkText(text: string): KeyRefusal | undefined {
  if (text.length === 0) return reject(KEY_REASONS.invalidKey, 'empty');
  if (Buffer.byteLength(text, 'utf8') > MAX_KEY_BYTES) return reject(KEY_REASONS.tooLong, `${text.slice(0, 120)}…`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return reject(KEY_REASONS.invalidKey, 'control characters');
  return undefined;
}

/**
 * Classifies an S3 object key (as stored: already URL-decoded).
 * @example classifyObjectKey('AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/02/111122223333_vpcflowlogs_us-east-1_fl-0123_20261102T0200Z_ab12.log.gz')
 *   // { kind: 'vpc-flow', format: 'text', account: '111122223333', region: 'us-east-1', day: '2026-11-02', … }
 */
export function classifyObjectKey(key: string): KeyClass {
  const bad = checkText(key);
  if (bad) return bad;
  const segs = key.split('/');
  // The customer prefix comes first; AWS reserves `AWSLogs` as a folder name, so its first occurrence starts the layout.
  const at = segs.indexOf('AWSLogs');
  if (at >= 0) return classifyAwsLogs(segs.slice(at + 1), segs.slice(at).join('/'));
  const lake = lakeStart(segs, Math.min(segs.length - 1, 2));
  if (lake >= 0) return classifyLake(segs.slice(lake), segs.slice(lake).join('/'));
  return ignore(KEY_REASONS.notALogKey);
}

/**
 * Classifies a local copy (as `aws s3 sync` writes it) by the tail of its path: from the last
 * `AWSLogs` folder on, or from a Security Lake `aws/<SOURCE>/…` layout.
 * @example classifyLocalPath('/tmp/sync/AWSLogs/o-abcdefghij/111122223333/CloudTrail/eu-west-1/2026/11/02/x.json.gz').kind === 'cloudtrail'
 */
export function classifyLocalPath(path: string): KeyClass {
  const segs = path.replace(/\\/g, '/').split('/').filter((s, i, all) => s.length > 0 || i === all.length - 1);
  const at = segs.lastIndexOf('AWSLogs');
  if (at >= 0) {
    const tail = segs.slice(at).join('/');
    const bad = checkText(tail);
    if (bad) return bad;
    return classifyAwsLogs(segs.slice(at + 1), tail);
  }
  const lake = lakeStart(segs, segs.length - 1);
  if (lake >= 0) {
    const tail = segs.slice(lake).join('/');
    const bad = checkText(tail);
    if (bad) return bad;
    return classifyLake(segs.slice(lake), tail);
  }
  return ignore(KEY_REASONS.notALogKey);
}
