/**
 * CIDR sets on ipaddr.js: parse once, match many. IPv4-mapped IPv6 addresses match IPv4 ranges.
 */
import * as ipaddr from 'ipaddr.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

export class CidrSet {
  private readonly v4: Array<[ipaddr.IPv4, number]> = [];
  private readonly v6: Array<[ipaddr.IPv6, number]> = [];

  constructor(cidrs: readonly string[]) {
    for (const c of cidrs) {
      const [addr, bits] = parseCidrOrAddress(c);
      if (addr.kind() === 'ipv4') this.v4.push([addr as ipaddr.IPv4, bits]);
      else this.v6.push([addr as ipaddr.IPv6, bits]);
    }
  }

  get size(): number {
    return this.v4.length + this.v6.length;
  }

  /** True when `ip` (already parsed) falls in one of the ranges. */
  containsParsed(ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
    return this.find(ip) !== undefined;
  }

  /** The CIDR containing `ip`, as `addr/bits`, for explanations. */
  matching(ip: string): string | undefined {
    const parsed = parseIp(ip);
    const r = parsed && this.find(parsed);
    return r ? `${r[0].toString()}/${r[1]}` : undefined;
  }

  private find(ip: ipaddr.IPv4 | ipaddr.IPv6): Range | undefined {
    if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
    if (ip.kind() === 'ipv4') return this.v4.find((r) => (ip as ipaddr.IPv4).match(r));
    return this.v6.find((r) => (ip as ipaddr.IPv6).match(r));
  }

  contains(ip: string): boolean {
    const parsed = parseIp(ip);
    return parsed ? this.containsParsed(parsed) : false;
  }
}

/** Parses an IPv4/IPv6 address, or undefined. */
export function parseIp(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (!ipaddr.isValid(ip)) return undefined;
  try {
    return ipaddr.parse(ip);
  } catch {
    return undefined;
  }
}

/** Parses `a.b.c.d/n`, `x::/n` or a bare address (a /32 or /128). Throws with a clear message. */
export function parseCidrOrAddress(value: string): Range {
  if (value.includes('/')) {
    try {
      return ipaddr.parseCIDR(value) as Range;
    } catch {
      throw new Error(`"${value}" is not a valid CIDR`);
    }
  }
  const ip = parseIp(value);
  if (!ip) throw new Error(`"${value}" is not a valid IP address or CIDR`);
  return [ip, ip.kind() === 'ipv4' ? 32 : 128];
}

export function isCidrOrAddress(value: string): boolean {
  try {
    parseCidrOrAddress(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * One spelling per address, so keys and evidence agree however a source wrote it: a strict
 * dotted-quad IPv4 (not `10.1` or `0x7f.1`, which ipaddr.js would accept), or IPv6 in RFC 5952 form
 * (IPv4-mapped IPv6 becomes IPv4; zone ids are refused). Undefined for anything else.
 */
export function canonicalIp(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 64) return undefined;
  if (ipaddr.IPv4.isValidFourPartDecimal(raw)) return ipaddr.IPv4.parse(raw).toString();
  if (!ipaddr.IPv6.isValid(raw)) return undefined;
  const v6 = ipaddr.IPv6.parse(raw);
  if (v6.zoneId !== undefined) return undefined;
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : v6.toRFC5952String();
}

/**
 * A total spelling for keys: the canonical address (see canonicalIp), or the text itself when it is
 * not one, so that records whose address passed a cheaper check (flow logs' RFC 1918 prefix test)
 * still aggregate under one key.
 * @example addressKey('2001:DB8::0001') === '2001:db8::1'; addressKey('10.0.0.01') === '10.0.0.01'
 */
export function addressKey(raw: string): string {
  // Without a colon the answer is `raw` either way (a valid dotted quad is already canonical), so
  // the flow-log path skips the parse of every IPv4 address.
  return raw.includes(':') ? (canonicalIp(raw) ?? raw) : raw;
}
