/**
 * Globs and CIDRs that replace several recurring allowlist members, only where the members share
 * them: `role/ci-build-a` + `role/ci-build-b` → `role/ci-build-*`; two service accounts of one
 * namespace → `system:serviceaccount:<ns>:*`; build-host IPs → the smallest CIDR holding them when
 * it is a /24 or narrower (IPv4; /64 IPv6). Never a glob that is only `*`.
 */
import { blockOf, isIpv6, prefixBits, smallestCidr } from './prefixes';

export interface Generalization {
  /** The glob or CIDR. */
  value: string;
  /** The members it replaces (each at least twice as many as one: a generalization has ≥ 2). */
  members: string[];
  /** The literal part a glob keeps after its fixed head (`ci-build-` of `…:role/ci-build-*`); empty for CIDRs. */
  stem: string;
}

/** Glob stems shorter than this (delimiter excluded) are `broad-glob` risks. */
export const MIN_STEM = 4;

const DELIMITERS = new Set(['-', '/', ':', '.', '_']);

/** Every prefix of `s` that ends at a delimiter (the delimiter included), shortest first. */
function delimitedPrefixes(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length - 1; i++) if (DELIMITERS.has(s[i]!)) out.push(s.slice(0, i + 1));
  return out;
}

/**
 * Groups `names` by the longest delimited prefix that ≥ 2 of them share (each name in one group at
 * most, longest prefixes served first).
 * @example sharedPrefixGroups(['ci-build-a', 'ci-build-b', 'ci-test']) // [{ prefix: 'ci-build-', members: ['ci-build-a', 'ci-build-b'] }]
 */
export function sharedPrefixGroups(names: readonly string[]): Array<{ prefix: string; members: string[] }> {
  const byPrefix = new Map<string, string[]>();
  for (const n of new Set(names)) for (const p of delimitedPrefixes(n)) byPrefix.set(p, [...(byPrefix.get(p) ?? []), n]);
  const taken = new Set<string>();
  const groups: Array<{ prefix: string; members: string[] }> = [];
  for (const [prefix, members] of [...byPrefix].sort((a, b) => b[0].length - a[0].length || a[0].localeCompare(b[0]))) {
    const free = members.filter((m) => !taken.has(m));
    if (free.length < 2) continue;
    free.forEach((m) => taken.add(m));
    groups.push({ prefix, members: free.sort() });
  }
  return groups;
}

/** `arn:aws:iam::111122223333:role/` and `ci/build-a` of a principal ARN; undefined without a resource type. */
function splitArn(arn: string): [string, string] | undefined {
  const m = /^(arn:[^:]+:[^:]+:[^:]*:[^:]*:[^/:]+[/:])(.+)$/.exec(arn);
  return m ? [m[1]!, m[2]!] : undefined;
}

/**
 * Principal globs: members of one account and resource type (`…:role/`) sharing a delimited stem
 * of the name.
 * @example principalGlobs(['arn:aws:iam::1:role/ci-build-a', 'arn:aws:iam::1:role/ci-build-b'])[0].value === 'arn:aws:iam::1:role/ci-build-*'
 */
export function principalGlobs(arns: readonly string[]): Generalization[] {
  const byHead = new Map<string, string[]>();
  for (const arn of new Set(arns)) {
    const split = splitArn(arn);
    if (split) byHead.set(split[0], [...(byHead.get(split[0]) ?? []), split[1]]);
  }
  const out: Generalization[] = [];
  for (const [head, names] of byHead) {
    for (const g of sharedPrefixGroups(names)) {
      if (g.prefix.length === 0) continue;
      out.push({ value: `${head}${g.prefix}*`, members: g.members.map((n) => head + n), stem: g.prefix });
    }
  }
  return out;
}

const SA = /^system:serviceaccount:([^:]+):(.+)$/;

/**
 * `system:serviceaccount:<ns>:*` for namespaces with ≥ 2 of the given service accounts.
 * @example serviceAccountGlobs(['system:serviceaccount:ci:a', 'system:serviceaccount:ci:b'])[0].value === 'system:serviceaccount:ci:*'
 */
export function serviceAccountGlobs(users: readonly string[]): Generalization[] {
  const byNs = new Map<string, string[]>();
  for (const u of new Set(users)) {
    const m = SA.exec(u);
    if (m) byNs.set(m[1]!, [...(byNs.get(m[1]!) ?? []), u]);
  }
  return [...byNs]
    .filter(([, members]) => members.length >= 2)
    .map(([ns, members]) => ({ value: `system:serviceaccount:${ns}:*`, members: members.sort(), stem: `system:serviceaccount:${ns}:` }));
}

/**
 * The smallest CIDR of each group of ≥ 2 addresses within one /24 (IPv4) or /64 (IPv6).
 * @example hostCidrs(['10.0.200.17', '10.0.200.18', '10.0.200.41'])[0].value === '10.0.200.0/26'
 */
export function hostCidrs(ips: readonly string[]): Generalization[] {
  const byBlock = new Map<string, string[]>();
  for (const ip of new Set(ips)) {
    const block = blockOf(ip, isIpv6(ip) ? 64 : 24);
    if (block) byBlock.set(block, [...(byBlock.get(block) ?? []), ip]);
  }
  const out: Generalization[] = [];
  for (const members of byBlock.values()) {
    if (members.length < 2) continue;
    const cidr = smallestCidr(members);
    if (cidr && prefixBits(cidr) >= (isIpv6(cidr) ? 64 : 24)) out.push({ value: cidr, members: members.sort(), stem: '' });
  }
  return out;
}
