/**
 * The inventory of a backtest's build activity (`an1261 tune`): fed every normalized Signal (approved
 * builds included: they are signals too) and every Finding of a replay, in bounded memory.
 */
import type { Finding } from '../model/finding';
import type { BuildSignal, DeploySignal, EgressSignal, PushSignal, Signal } from '../model/signal';
import { canonicalIp } from '../util/cidr';
import { CappedMap, Overflow, addCapped, maxIso, minIso, utcDay } from './bounded';
import { eventOf, isControllerUser } from './inventory-event';
import { destinationPrefix } from './prefixes';
import type { DestinationStats, FacetKind, FacetStats, Inventory, InventoryEvent, InventoryFinding } from './inventory-types';

/** Caps: what a 14-day backtest of a big organisation may hold; the rest is counted as overflow. */
export const INVENTORY_CAPS = {
  facetsPerKind: 20_000,
  events: 100_000,
  destinations: 50_000,
  findings: 20_000,
  instances: 20_000,
  /** Per facet or destination: images, repositories, destinations, addresses listed. */
  examples: 5,
  /** Distinct source IPs counted per destination. */
  sources: 100,
  ipsPerInstance: 16,
} as const;

export type InventoryCaps = { [K in keyof typeof INVENTORY_CAPS]: number };

const FACET_KINDS: readonly FacetKind[] = ['principal', 'kubernetesUser', 'namespace', 'host', 'tool'];

interface FacetAcc {
  stats: Omit<FacetStats, 'days' | 'images' | 'repositories' | 'destinations'>;
  days: Set<string>;
  images: Set<string>;
  repositories: Set<string>;
  destinations: Set<string>;
}

interface DestAcc {
  stats: Omit<DestinationStats, 'days' | 'sources' | 'addresses'>;
  days: Set<string>;
  sources: Set<string>;
  addresses: Set<string>;
}

/** The facets of a finding's anchor, when the inventory holds its event. */
function anchorFacets(e: InventoryEvent | undefined): NonNullable<InventoryFinding['anchors']> {
  if (!e) return [];
  const { id, kind, time, principal, kubernetesUser, namespace, hostLabel } = e;
  return [{ id, kind, time, ...(principal ? { principal } : {}), ...(kubernetesUser ? { kubernetesUser } : {}), ...(namespace ? { namespace } : {}), ...(hostLabel ? { hostLabel } : {}) }];
}

/**
 * Accumulates signals and findings (in any order); `snapshot()` gives the Inventory.
 * @example
 * const inv = new BuildInventory();
 * for (const s of signals) inv.addSignal(s);
 * for (const f of findings) inv.addFinding(f);
 * const inventory = inv.snapshot();
 */
export class BuildInventory {
  private readonly caps: InventoryCaps;
  private readonly overflow = new Overflow();
  private readonly facets: Map<FacetKind, CappedMap<string, FacetAcc>>;
  private readonly events: InventoryEvent[] = [];
  private readonly eventIds = new Set<string>();
  private readonly destinations: CappedMap<string, DestAcc>;
  private readonly instanceIps: CappedMap<string, Set<string>>;
  private readonly histogram: number[][] = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  private deploys = 0;
  private controllerDeploys = 0;
  private readonly deployNamespaces: CappedMap<string, { n: number }>;
  private readonly findings = new Map<string, InventoryFinding>();
  private readonly signals: Record<string, number> = {};
  private firstSeen: string | undefined;
  private lastSeen: string | undefined;

  /** `caps` lowers (or raises) the defaults of INVENTORY_CAPS. */
  constructor(caps: Partial<InventoryCaps> = {}) {
    this.caps = { ...INVENTORY_CAPS, ...caps };
    this.facets = new Map(FACET_KINDS.map((k) => [k, new CappedMap<string, FacetAcc>(this.caps.facetsPerKind, `facets.${k}`, this.overflow)]));
    this.destinations = new CappedMap(this.caps.destinations, 'destinations', this.overflow);
    this.instanceIps = new CappedMap(this.caps.instances, 'instances', this.overflow);
    this.deployNamespaces = new CappedMap(this.caps.facetsPerKind, 'deploys.namespaces', this.overflow);
  }

  addSignal(s: Signal): void {
    this.signals[s.kind] = (this.signals[s.kind] ?? 0) + 1;
    this.firstSeen = minIso(this.firstSeen, s.time);
    this.lastSeen = maxIso(this.lastSeen, s.time);
    if (s.host?.instanceId && s.host.ip) this.learnIp(s.host.instanceId, s.host.ip);
    switch (s.kind) {
      case 'build':
      case 'push':
        return this.addBuildOrPush(s);
      case 'egress':
        return this.addEgress(s);
      case 'deploy':
        return this.addDeploy(s);
      case 'link':
        if (s.link === 'instance-ip') this.learnIp(s.instanceId, s.ip);
        return;
      default:
        return;
    }
  }

  addFinding(f: Finding): void {
    if (this.findings.has(f.id) && (this.findings.get(f.id)?.anchorIds.length ?? 0) >= f.timeline.length) return;
    if (!this.findings.has(f.id) && this.findings.size >= this.caps.findings) return this.overflow.add('findings');
    const anchorIds = [f.anchor.signalId, ...f.timeline.filter((t) => (t.stage === 'build' || t.stage === 'push') && t.signalId !== f.anchor.signalId).map((t) => t.signalId)];
    const hostLabel = f.hosts.instanceIds[0] ?? f.hosts.ips[0] ?? f.hosts.hostnames[0] ?? f.hosts.nodeNames[0];
    const egress = f.egress.map((e) => ({ dstIp: e.dstIp, dstPort: e.dstPort }));
    this.findings.set(f.id, {
      id: f.id,
      severity: f.severity,
      stages: [...f.stages],
      suppressed: f.suppressedBy !== undefined,
      anchor: { ...f.anchor },
      anchorIds: [...new Set(anchorIds)],
      actors: [...f.actors],
      ...(f.namespace ? { namespace: f.namespace } : {}),
      ...(hostLabel ? { hostLabel } : {}),
      hosts: { instanceIds: [...f.hosts.instanceIds], ips: [...f.hosts.ips], nodeNames: [...f.hosts.nodeNames], hostnames: [...f.hosts.hostnames] },
      ...(f.image ? { image: f.image } : {}),
      egress,
      title: f.title,
    });
  }

  private learnIp(instanceId: string, raw: string): void {
    const ip = canonicalIp(raw);
    if (ip) addCapped(this.instanceIps.upsert(instanceId, () => new Set()) ?? new Set(), ip, this.caps.ipsPerInstance);
  }

  private addBuildOrPush(s: BuildSignal | PushSignal): void {
    const e = eventOf(s);
    if (this.eventIds.has(e.id)) return; // a redelivery of a signal already counted
    if (this.events.length < this.caps.events) {
      this.events.push(e);
      this.eventIds.add(e.id);
    } else this.overflow.add('events');
    const facetValues: Array<[FacetKind, string | undefined]> = [
      ['principal', e.principal],
      ['kubernetesUser', e.kubernetesUser],
      ['namespace', e.namespace],
      ['host', e.hostLabel],
      ['tool', e.tool],
    ];
    for (const [kind, value] of facetValues) {
      if (value === undefined) continue;
      const acc = this.facets.get(kind)?.upsert(value, () => ({
        stats: { kind, value, builds: 0, pushes: 0, firstSeen: e.time, lastSeen: e.time },
        days: new Set(),
        images: new Set(),
        repositories: new Set(),
        destinations: new Set(),
      }));
      if (!acc) continue;
      if (e.kind === 'build') acc.stats.builds++;
      else acc.stats.pushes++;
      acc.days.add(e.day);
      acc.stats.firstSeen = minIso(acc.stats.firstSeen, e.time);
      acc.stats.lastSeen = maxIso(acc.stats.lastSeen, e.time);
      if (e.image) addCapped(acc.images, e.image, this.caps.examples);
      if (e.repository) addCapped(acc.repositories, e.repository, this.caps.examples);
    }
  }

  private addEgress(s: EgressSignal): void {
    const prefix = destinationPrefix(s.dstIp);
    if (!prefix) return;
    const acc = this.destinations.upsert(`${prefix}|${s.dstPort}`, () => ({
      stats: { prefix, port: s.dstPort, firstSeen: s.firstSeen, lastSeen: s.lastSeen, sourcesOverflow: false, records: 0, bytes: 0, ...(s.dstService ? { dstService: s.dstService } : {}) },
      days: new Set(),
      sources: new Set(),
      addresses: new Set(),
    }));
    if (!acc) return;
    acc.days.add(utcDay(s.time));
    acc.stats.firstSeen = minIso(acc.stats.firstSeen, s.firstSeen);
    acc.stats.lastSeen = maxIso(acc.stats.lastSeen, s.lastSeen);
    if (!addCapped(acc.sources, canonicalIp(s.srcIp) ?? s.srcIp, this.caps.sources)) acc.stats.sourcesOverflow = true;
    addCapped(acc.addresses, s.dstIp, this.caps.examples);
    acc.stats.records += s.records;
    acc.stats.bytes += s.bytes;
    if (s.dstService && !acc.stats.dstService) acc.stats.dstService = s.dstService;
  }

  private addDeploy(s: DeploySignal): void {
    if (isControllerUser(s.actor?.k8sUser)) {
      this.controllerDeploys++;
      return;
    }
    const t = new Date(s.time);
    if (Number.isNaN(t.getTime())) return;
    this.deploys++;
    const row = this.histogram[(t.getUTCDay() + 6) % 7]!;
    row[t.getUTCHours()]!++;
    const ns = this.deployNamespaces.upsert(s.namespace, () => ({ n: 0 }));
    if (ns) ns.n++;
  }

  snapshot(): Inventory {
    // Findings may come before or after the signals: hosts learn their destinations here.
    for (const f of this.findings.values()) {
      const acc = f.hostLabel === undefined ? undefined : this.facets.get('host')?.get(f.hostLabel);
      if (acc) for (const e of f.egress) addCapped(acc.destinations, `${e.dstIp}:${e.dstPort}`, this.caps.examples);
    }
    const byId = new Map(this.events.map((e) => [e.id, e]));
    const facets = Object.fromEntries(
      FACET_KINDS.map((k) => [
        k,
        [...(this.facets.get(k)?.values() ?? [])]
          .map((a) => ({ ...a.stats, days: [...a.days].sort(), images: [...a.images], repositories: [...a.repositories], destinations: [...a.destinations] }))
          .sort((a, b) => b.builds + b.pushes - (a.builds + a.pushes) || a.value.localeCompare(b.value)),
      ]),
    ) as Record<FacetKind, FacetStats[]>;
    return {
      facets,
      events: [...this.events],
      destinations: [...this.destinations.values()].map((a) => ({ ...a.stats, days: [...a.days].sort(), sources: [...a.sources], addresses: [...a.addresses] })),
      instanceIps: Object.fromEntries([...this.instanceIps.entries()].map(([k, v]) => [k, [...v]])),
      deploys: {
        histogram: this.histogram.map((r) => [...r]),
        total: this.deploys,
        byController: this.controllerDeploys,
        byNamespace: Object.fromEntries([...this.deployNamespaces.entries()].map(([k, v]) => [k, v.n])),
      },
      findings: [...this.findings.values()].map((f) => ({ ...f, anchors: f.anchorIds.flatMap((id) => anchorFacets(byId.get(id))) })),
      signals: { ...this.signals },
      overflow: { ...this.overflow.counts },
      ...(this.firstSeen ? { firstSeen: this.firstSeen } : {}),
      ...(this.lastSeen ? { lastSeen: this.lastSeen } : {}),
    };
  }
}
