/**
 * Address prefixes for tuning: destinations aggregated by /24 (IPv4) or /48 (IPv6), build hosts
 * merged into the smallest CIDR that holds them, and whether a CIDR reaches public address space.
 */
import * as ipaddr from 'ipaddr.js';
import { ALWAYS_INTERNAL_CIDRS } from '../model/settings';
import { canonicalIp, parseCidrOrAddress } from '../util/cidr';

const bytesOf = (ip: string): number[] | undefined => {
  const c = canonicalIp(ip);
  return c ? ipaddr.parse(c).toByteArray() : undefined;
};

/** `bytes` with every bit after the first `bits` cleared, as a CIDR. */
function cidrOf(bytes: number[], bits: number): string {
  const out = bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    return keep === 0 ? 0 : b & (0xff << (8 - keep)) & 0xff;
  });
  const addr = out.length === 4 ? ipaddr.fromByteArray(out).toString() : (ipaddr.fromByteArray(out) as ipaddr.IPv6).toRFC5952String();
  return `${addr}/${bits}`;
}

/**
 * The destination prefix an address aggregates under: its /24 (IPv4) or /48 (IPv6).
 * @example destinationPrefix('91.92.240.77') === '91.92.240.0/24'
 */
export function destinationPrefix(ip: string): string | undefined {
  const b = bytesOf(ip);
  return b ? cidrOf(b, b.length === 4 ? 24 : 48) : undefined;
}

/**
 * The /bits block holding an address.
 * @example blockOf('10.0.200.17', 24) === '10.0.200.0/24'
 */
export function blockOf(ip: string, bits: number): string | undefined {
  const b = bytesOf(ip);
  return b ? cidrOf(b, Math.min(bits, b.length * 8)) : undefined;
}

/** Number of leading bits two byte arrays share. */
function commonBits(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! ^ b[i]!;
    if (x !== 0) return i * 8 + Math.clz32(x) - 24;
  }
  return a.length * 8;
}

/**
 * The smallest CIDR holding every address (all of one family), or undefined for none or mixed.
 * @example smallestCidr(['10.0.200.17', '10.0.200.18', '10.0.200.41']) === '10.0.200.0/26'
 */
export function smallestCidr(ips: readonly string[]): string | undefined {
  const all = ips.map(bytesOf);
  const first = all[0];
  if (!first || all.some((b) => !b || b.length !== first.length)) return undefined;
  const bits = Math.min(...all.map((b) => commonBits(first, b!)));
  return cidrOf(first, bits);
}

/** Prefix length of a CIDR or address (32/128 for an address). */
export const prefixBits = (cidr: string): number => parseCidrOrAddress(cidr)[1];

export const isIpv6 = (cidrOrIp: string): boolean => cidrOrIp.includes(':');

const INTERNAL = ALWAYS_INTERNAL_CIDRS.map((c) => parseCidrOrAddress(c));

/**
 * Does the CIDR (or address) hold public addresses, i.e. is it not wholly inside an always-internal
 * block (RFC 1918, CGNAT, link-local, loopback, ULA …) or one of `internal`?
 * @example holdsPublicAddresses('10.0.200.0/26') === false; holdsPublicAddresses('52.1.2.0/24') === true
 */
export function holdsPublicAddresses(cidr: string, internal: readonly string[] = []): boolean {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  let bits: number;
  try {
    [addr, bits] = parseCidrOrAddress(cidr);
  } catch {
    return false;
  }
  const blocks = [...INTERNAL, ...internal.flatMap((c) => { try { return [parseCidrOrAddress(c)]; } catch { return []; } })];
  return !blocks.some(([block, blockBits]) => block.kind() === addr.kind() && bits >= blockBits && (addr as ipaddr.IPv4).match(block as ipaddr.IPv4, blockBits));
}
