/**
 * Address prefixes for tuning: destinations aggregated by /24 (IPv4) or /48 (IPv6), build hosts
 * merged into the smallest CIDR that holds them (whether a CIDR reaches public address space:
 * `holdsPublicAddresses` in model/config-warnings.ts, which judges the config's own entries too).
 */
import * as ipaddr from 'ipaddr.js';
import { canonicalIp, parseCidrOrAddress } from '../util/cidr';

const bytesOf = (ip: string): number[] | undefined => {
  const c = canonicalIp(ip);
  return c ? ipaddr.parse(c).toByteArray() : undefined;
};

/** The /`bits` network holding the address `bytes` name, as a CIDR (ipaddr.js masks it). */
function cidrOf(bytes: number[], bits: number): string {
  const addr = ipaddr.fromByteArray(bytes);
  const net = addr.kind() === 'ipv6' ? ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/${bits}`).toRFC5952String() : ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${bits}`).toString();
  return `${net}/${bits}`;
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
