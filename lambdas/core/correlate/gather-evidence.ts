/**
 * Reads, for one anchor, everything its chain may hold: the other anchors of its image, the
 * hosts' identities (entity links), untrusted egress in the time window, pushes, deploys in the
 * deploy window, and the count of new images for `newImageThreshold`. Strongly consistent reads;
 * expired items never come back.
 */
import type { FindingHosts } from '../model/finding';
import type { DetectionSettings } from '../model/settings';
import type { BuildSignal, DeploySignal, EgressSignal, LinkSignal, PushSignal, Signal } from '../model/signal';
import type { ChainEvidence } from './chain-evidence';
import type { StateItem, StateStore } from './state-port';
import { canonicalIp, factsFromHostName, hostKeys, imagePartitionKeys, signalRange } from './state-keys';
import type { AnchorJudge } from './anchor-judge';

const iso = (ms: number) => new Date(ms).toISOString();
/** A pod's IP is assigned (and used) before the kubelet reports it in pods/status. */
const POD_IP_LEAD_MS = 60_000;
const ms = (isoTime: string) => Date.parse(isoTime);

export class EvidenceReader {
  constructor(
    private readonly store: StateStore,
    private readonly settings: DetectionSettings,
    private readonly judge: AnchorJudge,
  ) {}

  async signalsIn(pk: string, fromMs: number, toMs: number, nowSec: number): Promise<Signal[]> {
    const [from, to] = signalRange(iso(fromMs), iso(toMs));
    const items = await this.store.query(pk, from, to, nowSec);
    return items.map((i) => JSON.parse(i.doc) as Signal);
  }

  private async links(pk: string, type: 'node' | 'ip' | 'pod', nowSec: number): Promise<StateItem[]> {
    return this.store.query(pk, `L#${type}#`, `L#${type}#\uffff`, nowSec);
  }

  async gather(anchor: BuildSignal | PushSignal, nowSec: number): Promise<ChainEvidence> {
    const { timeWindowMs: W, deployWindowMs: D } = this.settings;
    const t = ms(anchor.time);

    // 1. The group: builds and pushes of the same image within the window (and, for an image-less
    //    build, the pushes from the same host), so every anchor of the chain names the same finding.
    const group = new Map<string, BuildSignal | PushSignal>([[anchor.id, anchor]]);
    for (const pk of imagePartitionKeys(anchor.image)) {
      for (const s of await this.signalsIn(pk, t - W, t + W, nowSec)) if (s.kind === 'build' || s.kind === 'push') group.set(s.id, s);
    }
    if (!anchor.image) {
      for (const pk of hostKeys(anchor.host, anchor.cluster)) {
        for (const s of await this.signalsIn(pk, t - W, t + W, nowSec)) if (s.kind === 'push') group.set(s.id, s);
      }
    }
    const members = [...group.values()];
    const builds = members.filter((s): s is BuildSignal => s.kind === 'build' && !this.judge.approval(s).approved);
    const pushes = members.filter((s): s is PushSignal => s.kind === 'push');
    const anchors = members.filter((s) => this.judge.isAnchor(s));

    // 2. Hosts after entity resolution (pods → node and IPs, instances → IPs).
    const { hosts, podIpWindows } = await this.resolveHosts([...builds, ...anchors], nowSec);

    // 3. Untrusted egress from those IPs within the window around the builds (or anchors).
    const times = (builds.length > 0 ? builds : anchors).map((s) => ms(s.time));
    const lo = Math.min(...times) - W;
    const hi = Math.max(...times) + W;
    const egress = await this.egressFrom(hosts.ips, lo, hi, podIpWindows, nowSec);
    // Flow logs v3+ name the instance behind the IP: the node of a pod, the host of a container.
    hosts.instanceIds = [...new Set([...hosts.instanceIds, ...egress.flatMap((e) => (e.host?.instanceId ? [e.host.instanceId] : []))])].sort();

    // 4. Deploys of any of the chain's images (tags and pushed digests) within the deploy window.
    const imageKeys = new Set([...builds, ...pushes].flatMap((s) => imagePartitionKeys(s.image)));
    const start = Math.min(...[...anchors, ...pushes].map((s) => ms(s.time)));
    const end = Math.max(...[...anchors, ...pushes].map((s) => ms(s.time))) + D;
    const deploys = new Map<string, DeploySignal>();
    for (const pk of imageKeys) {
      for (const s of await this.signalsIn(pk, start, end, nowSec)) if (s.kind === 'deploy') deploys.set(s.id, s);
    }

    return {
      anchors,
      builds,
      pushes,
      deploys: [...deploys.values()],
      egress,
      hosts,
      approvalChecks: anchors.flatMap((a) => this.judge.approval(a).checks),
      newImageCount: await this.newImages(anchors, nowSec),
    };
  }

  private async resolveHosts(signals: Array<BuildSignal | PushSignal>, nowSec: number): Promise<{ hosts: FindingHosts; podIpWindows: Map<string, [number, number]> }> {
    const instanceIds = new Set<string>();
    const ips = new Set<string>();
    const podIps = new Map<string, [number, number]>();
    const nodeNames = new Set<string>();
    const hostnames = new Set<string>();
    const pods = new Set<string>();
    const addName = (n: string | undefined) => {
      const f = factsFromHostName(n);
      if (f.ip) ips.add(f.ip);
      if (f.instanceId) instanceIds.add(f.instanceId);
    };
    for (const s of signals) {
      const h = s.host;
      if (!h) continue;
      if (h.instanceId) instanceIds.add(h.instanceId);
      const ip = canonicalIp(h.ip);
      if (ip) ips.add(ip);
      if (h.nodeName) {
        nodeNames.add(h.nodeName);
        addName(h.nodeName);
      }
      if (h.hostname) {
        hostnames.add(h.hostname);
        addName(h.hostname);
      }
      if (h.pod) {
        pods.add(`${h.pod.namespace}/${h.pod.name}`);
        const pk = hostKeys({ pod: h.pod }, s.cluster)[0]!;
        for (const l of await this.links(pk, 'node', nowSec)) {
          const node = (JSON.parse(l.doc) as { nodeName?: string }).nodeName;
          if (node) {
            nodeNames.add(node);
            addName(node);
          }
        }
        for (const l of await this.links(pk, 'ip', nowSec)) {
          const link = JSON.parse(l.doc) as LinkSignal;
          const podIp = canonicalIp(link.podIp);
          if (!podIp) continue;
          const window = await this.podIpWindow(podIp, pk.slice('H#pod:'.length), ms(link.time), nowSec);
          const cur = podIps.get(podIp);
          podIps.set(podIp, cur ? [Math.min(cur[0], window[0]), Math.max(cur[1], window[1])] : window);
        }
      }
    }
    for (const id of instanceIds) {
      for (const l of await this.links(`H#i:${id}`, 'ip', nowSec)) ips.add((JSON.parse(l.doc) as { ip: string }).ip);
    }
    // An IP that is also the host's own (node, instance) is not bounded by a pod's lifetime.
    for (const ip of ips) podIps.delete(ip);
    for (const ip of podIps.keys()) ips.add(ip);
    const sorted = (s: Set<string>) => [...s].sort();
    return { hosts: { instanceIds: sorted(instanceIds), ips: sorted(ips), nodeNames: sorted(nodeNames), hostnames: sorted(hostnames), pods: sorted(pods) }, podIpWindows: podIps };
  }

  /**
   * When a pod held an IP (DESIGN: "an IP belongs to a pod only while that pod holds it"): from its
   * kubelet status report (a minute earlier: the IP is assigned before the kubelet reports it)
   * until another pod reports the same IP.
   */
  private async podIpWindow(ip: string, podPath: string, since: number, nowSec: number): Promise<[number, number]> {
    let until = Number.POSITIVE_INFINITY;
    for (const l of await this.links(`H#ip:${ip}`, 'pod', nowSec)) {
      const other = JSON.parse(l.doc) as LinkSignal;
      if (other.link !== 'pod-ip') continue;
      const t = ms(other.time);
      if (t > since && t < until && `${other.cluster ?? '-'}/${other.pod.namespace}/${other.pod.name}` !== podPath) until = t;
    }
    return [since - POD_IP_LEAD_MS, until];
  }

  /** Egress contributions summed per destination and bucket, overlapping [lo, hi]. */
  private async egressFrom(ips: readonly string[], lo: number, hi: number, podIpWindows: ReadonlyMap<string, [number, number]>, nowSec: number): Promise<EgressSignal[]> {
    const bucket = (x: number) => iso(Math.floor(x / this.settings.timeWindowMs) * this.settings.timeWindowMs);
    const merged = new Map<string, EgressSignal>();
    for (const ip of ips) {
      const items = await this.store.query(`H#ip:${ip}`, `E#${bucket(lo)}`, `E#${bucket(hi)}#\uffff`, nowSec);
      for (const item of items) {
        const e = JSON.parse(item.doc) as EgressSignal;
        if (ms(e.lastSeen) < lo || ms(e.firstSeen) > hi) continue;
        const held = podIpWindows.get(ip);
        if (held && (ms(e.lastSeen) < held[0] || ms(e.firstSeen) >= held[1])) continue;
        const cur = merged.get(e.id);
        if (!cur) merged.set(e.id, { ...e });
        else {
          cur.bytes += e.bytes;
          cur.packets += e.packets;
          cur.records += e.records;
          if (e.firstSeen < cur.firstSeen) cur.firstSeen = e.firstSeen;
          if (e.lastSeen > cur.lastSeen) cur.lastSeen = e.lastSeen;
        }
      }
    }
    return [...merged.values()];
  }

  /** Distinct images pushed by the anchors' principals and hosts within the window. */
  private async newImages(anchors: Array<BuildSignal | PushSignal>, nowSec: number): Promise<number> {
    const W = this.settings.timeWindowMs;
    const seen = new Set<string>();
    for (const a of anchors) {
      const t = ms(a.time);
      const pks = [...(a.actor?.arn ? [`A#${a.actor.arn}`] : []), ...hostKeys(a.host, a.cluster)];
      for (const pk of pks) {
        for (const s of await this.signalsIn(pk, t - W, t + W, nowSec)) if (s.kind === 'push') seen.add(s.digest ?? s.image ?? s.id);
      }
    }
    return seen.size;
  }
}
