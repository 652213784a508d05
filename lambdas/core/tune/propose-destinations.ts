/**
 * trustedDestinations.cidrs and registryAllowList proposals. A destination is trusted only when it
 * is web traffic (80/443) reached on ≥ minDays days from ≥ minSources sources, and never when a
 * build the proposal leaves unexplained reached it.
 */
import type { Config } from '../model/config';
import { CidrSet } from '../util/cidr';
import { firstGlobMatch } from '../util/glob';
import { holdsPublicAddresses } from '../model/config-warnings';
import type { Inventory, InventoryFinding } from './inventory-types';
import type { ProposedEntry, Risk, SkippedCandidate } from './proposal-types';

/** `pkt-dst-aws-service` names whose addresses reach what any AWS customer runs (config-warnings.ts says why). */
export const PUBLIC_COMPUTE_SERVICES: ReadonlySet<string> = new Set(['AMAZON', 'EC2', 'GLOBALACCELERATOR', 'CLOUDFRONT', 'API_GATEWAY']);

const WEB_PORTS = new Set([80, 443]);

/**
 * Destination prefixes to trust, and those left out: reached by a residual finding, or (unless
 * `trustPublicCompute`) AWS address space flow logs label AMAZON, EC2 … (public compute).
 * @example proposeDestinations(inventory, config, residual, { minDays: 3, minSources: 3 })
 */
export function proposeDestinations(
  inventory: Inventory,
  config: Config,
  residual: readonly InventoryFinding[],
  opts: { minDays: number; minSources: number; trustPublicCompute?: boolean },
): { entries: ProposedEntry[]; skipped: SkippedCandidate[] } {
  const trusted = new CidrSet(config.trustedDestinations.cidrs);
  const reached = new Map<string, string>(); // dstIp → finding id
  for (const f of residual) for (const e of f.egress) reached.set(e.dstIp, f.id);
  const byPrefix = new Map<string, Inventory['destinations']>();
  for (const d of inventory.destinations) {
    if (!WEB_PORTS.has(d.port)) continue;
    byPrefix.set(d.prefix, [...(byPrefix.get(d.prefix) ?? []), d]);
  }
  const entries: ProposedEntry[] = [];
  const skipped: SkippedCandidate[] = [];
  for (const [prefix, ds] of byPrefix) {
    const days = new Set(ds.flatMap((d) => d.days));
    const sources = new Set(ds.flatMap((d) => d.sources));
    const manySources = sources.size >= opts.minSources || ds.some((d) => d.sourcesOverflow);
    if (days.size < opts.minDays || !manySources) continue;
    if (ds.every((d) => d.addresses.length > 0 && d.addresses.every((a) => trusted.contains(a)))) continue;
    const range = new CidrSet([prefix]);
    const hit = [...reached].find(([ip]) => range.contains(ip));
    if (hit) {
      skipped.push({ key: 'trustedDestinations.cidrs', value: prefix, reason: `reached by ${hit[0]} in finding ${hit[1]}, which the proposal does not explain: never trust what an unexplained build reached` });
      continue;
    }
    const risks: Risk[] = [];
    if (holdsPublicAddresses(prefix, config.internalCidrs)) risks.push({ kind: 'public-cidr', reason: `${prefix} is public address space: trust it only if you know who runs it` });
    const service = ds.find((d) => d.dstService)?.dstService?.toUpperCase();
    if (service && PUBLIC_COMPUTE_SERVICES.has(service)) {
      if (!opts.trustPublicCompute) {
        skipped.push({ key: 'trustedDestinations.cidrs', value: prefix, reason: `${service} address space, where any AWS customer can run a server: reach AWS through VPC endpoints instead` });
        continue;
      }
      risks.push({ kind: 'public-compute-service', reason: `${prefix} is ${service} address space, which any AWS customer can rent` });
    }
    const records = ds.reduce((n, d) => n + d.records, 0);
    entries.push({
      key: 'trustedDestinations.cidrs',
      value: prefix,
      covers: {
        events: records,
        days: days.size,
        firstSeen: ds.map((d) => d.firstSeen).sort()[0]!,
        lastSeen: ds.map((d) => d.lastSeen).sort().at(-1)!,
        examples: [...new Set(ds.flatMap((d) => d.addresses.map((a) => `${a}:${d.port}`)))].slice(0, 3),
        detail: `${records} flow records from ${sources.size}${ds.some((d) => d.sourcesOverflow) ? '+' : ''} sources, ports ${[...new Set(ds.map((d) => d.port))].sort((a, b) => a - b).join('/')}${service ? `, ${service}` : ''}`,
      },
      risks,
    });
  }
  entries.sort((a, b) => b.covers.events - a.covers.events || String(a.value).localeCompare(String(b.value)));
  return { entries, skipped };
}

/**
 * registryAllowList entries for repositories pushed to on ≥ minDays days that the current list does
 * not cover: `<registry>/*` for ≥ 2 such repositories of one registry, else `<registry>/<repository>`.
 * @example proposeRegistries(inventory, config, 3)
 */
export function proposeRegistries(inventory: Inventory, config: Config, minDays: number): ProposedEntry[] {
  const repos = new Map<string, { days: Set<string>; times: string[]; images: Set<string> }>();
  for (const e of inventory.events) {
    if (!e.repository || firstGlobMatch(config.registryAllowList, e.repository)) continue;
    const r = repos.get(e.repository) ?? { days: new Set(), times: [], images: new Set() };
    r.days.add(e.day);
    r.times.push(e.time);
    if (e.image && r.images.size < 3) r.images.add(e.image);
    repos.set(e.repository, r);
  }
  const byRegistry = new Map<string, string[]>();
  for (const [repo, r] of repos) {
    if (r.days.size < minDays) continue;
    const registry = repo.slice(0, repo.indexOf('/'));
    byRegistry.set(registry, [...(byRegistry.get(registry) ?? []), repo]);
  }
  const entries: ProposedEntry[] = [];
  for (const [registry, members] of byRegistry) {
    const rs = members.map((m) => repos.get(m)!);
    const times = rs.flatMap((r) => r.times).sort();
    entries.push({
      key: 'registryAllowList',
      value: members.length >= 2 ? `${registry}/*` : members[0]!,
      covers: {
        events: times.length,
        days: new Set(rs.flatMap((r) => [...r.days])).size,
        firstSeen: times[0]!,
        lastSeen: times.at(-1)!,
        examples: [...new Set(rs.flatMap((r) => [...r.images]))].slice(0, 3),
      },
      ...(members.length >= 2 ? { merged: members.sort() } : {}),
      risks: times.length === 1 ? [{ kind: 'single-occurrence', reason: 'one push' }] : [],
    });
  }
  return entries;
}
