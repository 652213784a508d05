/**
 * Trust of an address (DESIGN.md, "Trust of a destination"): internal (RFC 1918 & co plus
 * `internalCidrs`), trusted (`trustedDestinations.cidrs`, or a trusted `pkt-dst-aws-service`), or
 * untrusted. Flow logs repeat the same few addresses millions of times, so the CIDR verdict is
 * cached per address string, and RFC 1918 IPv4 strings skip ipaddr.js entirely.
 */
import * as ipaddr from 'ipaddr.js';
import type { DetectionSettings } from '../../model/settings';
import type { AddressClass, DestinationClass } from '../../records/vpc-flow/flow-record';

export type { AddressClass, DestinationClass };

/** Bound of each per-settings cache: enough for a busy VPC's working set, small enough for Lambda memory. */
export const ADDRESS_CACHE_LIMIT = 50_000;

const caches = new WeakMap<DetectionSettings, Map<string, AddressClass>>();

function cacheFor(settings: DetectionSettings): Map<string, AddressClass> {
  let cache = caches.get(settings);
  if (!cache) {
    cache = new Map();
    caches.set(settings, cache);
  }
  return cache;
}

/** Number of cached addresses for these settings (for tests and metrics). */
export function addressCacheSize(settings: DetectionSettings): number {
  return caches.get(settings)?.size ?? 0;
}

/** Strict parse: four-part decimal IPv4 (no octal/short forms) or IPv6 (any compressed form). */
function parseStrict(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  try {
    if (ip.includes(':')) return ipaddr.IPv6.isValid(ip) ? ipaddr.IPv6.parse(ip) : undefined;
    return ipaddr.IPv4.isValidFourPartDecimal(ip) ? ipaddr.IPv4.parse(ip) : undefined;
  } catch {
    return undefined;
  }
}

function classifyUncached(ip: string, settings: DetectionSettings): AddressClass {
  const parsed = parseStrict(ip);
  if (!parsed) return 'invalid';
  if (settings.internal.containsParsed(parsed)) return 'internal';
  if (settings.trustedCidrs.containsParsed(parsed)) return 'trusted';
  return 'untrusted';
}

/**
 * A copy of `s` that keeps nothing else alive. V8 represents a substring of 13 or more characters
 * as a view into its parent, so a cached address sliced from a log line would pin the line — and,
 * for lines read from a file, the whole decoded chunk the line itself is a view of.
 */
function detached(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/** CIDR verdict of an address string, cached (bounded: the oldest entry goes first). */
export function classifyAddress(ip: string, settings: DetectionSettings): AddressClass {
  const cache = cacheFor(settings);
  let cls = cache.get(ip);
  if (cls === undefined) {
    cls = classifyUncached(ip, settings);
    if (cache.size >= ADDRESS_CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(detached(ip), cls);
  }
  return cls;
}

/** True when the AWS service name (flow logs v5 `pkt-dst-aws-service`, e.g. S3) is configured as trusted. */
export function isTrustedService(service: string | undefined, settings: DetectionSettings): boolean {
  if (service === undefined || service === '-' || service === '') return false;
  return settings.trustedServices.has(service) || settings.trustedServices.has(service.toUpperCase());
}

/**
 * Where a destination stands. An unparseable address is `untrusted`: nothing proves it safe.
 * @example classifyDestination('52.95.128.179', settings, 'S3') === 'trusted' // when awsServices has S3
 */
export function classifyDestination(ip: string, settings: DetectionSettings, dstService?: string): DestinationClass {
  const cls = classifyAddress(ip, settings);
  if (cls === 'internal' || cls === 'trusted') return cls;
  return isTrustedService(dstService, settings) ? 'trusted' : 'untrusted';
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Cheap test on the text of `line[s, e)`: a dotted IPv4 string in 10/8, 172.16/12 or
 * 192.168/16, which are internal under every config (ALWAYS_INTERNAL_CIDRS). Only the prefix,
 * the length and the last character are checked: a malformed address behind a private prefix is
 * counted as internal traffic instead of being rejected, the price of not parsing the bulk of
 * VPC traffic.
 */
export function isRfc1918At(line: string, s: number, e: number): boolean {
  const len = e - s;
  if (len < 7 || len > 15 || !isDigit(line.charCodeAt(e - 1))) return false;
  if (line.charCodeAt(s) !== 49) return false; // every private prefix starts with "1"
  const c1 = line.charCodeAt(s + 1);
  if (c1 === 48) return line.charCodeAt(s + 2) === 46; // "10."
  if (c1 === 57) return line.startsWith('92.168.', s + 1); // "192.168."
  if (c1 !== 55 || line.charCodeAt(s + 2) !== 50 || line.charCodeAt(s + 3) !== 46 || line.charCodeAt(s + 6) !== 46) return false;
  const t = line.charCodeAt(s + 4); // "172.tu."
  const u = line.charCodeAt(s + 5);
  return (t === 49 && u >= 54 && u <= 57) || (t === 50 && isDigit(u)) || (t === 51 && (u === 48 || u === 49)); // 16–19, 20–29, 30–31
}
