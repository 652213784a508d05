/**
 * Entity resolution at read time: every identity the state knows for the hosts of a chain — pod →
 * node (pods/binding, or a create on a named node) and pod IPs (kubelet status, valid while the pod holds them), node names →
 * IPs and instance ids, instance ↔ private IPs (flow logs `instance-id` + `srcaddr`). Links live as
 * long as the entity (`entityRetentionDays`), so an exec into a pod created last week still finds
 * its node.
 */
import type { FindingHosts } from '../model/finding';
import type { InstanceLinkSignal, PodLinkSignal, Signal } from '../model/signal';
import type { StateItem, StateStore } from './state-port';
import { canonicalIp, factsFromHostName, instanceKey, ipKey, nodeKey, podKey } from './state-keys';

/** A pod's IP is assigned (and used) before the kubelet reports it in pods/status. */
const POD_IP_LEAD_MS = 60_000;
/** Bounds the reads of one resolution (an instance seen with thousands of IPs is not a host). */
const MAX_LINKS = 50;

const ms = (isoTime: string) => Date.parse(isoTime);

/**
 * How far after a chain's time an IP's link may be and still name its holder then: links are
 * written on the first flow record of the day, which trails a new instance's first activity.
 */
const IP_HOLDER_LEAD_MS = 60 * 60_000;

/**
 * The instance holding an IP at `t`: of the IP's links (one per instance and day), the newest not
 * later than `t` plus the lead; when every link is later, the earliest. Undefined without links.
 */
export function holderAt(links: readonly InstanceLinkSignal[], t: number): string | undefined {
  let best: InstanceLinkSignal | undefined;
  let earliest: InstanceLinkSignal | undefined;
  for (const l of links) {
    const lt = ms(l.time);
    if (!l.instanceId || !Number.isFinite(lt)) continue;
    if (lt <= t + IP_HOLDER_LEAD_MS && (!best || lt > ms(best.time))) best = l;
    if (!earliest || lt < ms(earliest.time)) earliest = l;
  }
  return (best ?? earliest)?.instanceId;
}

export interface ResolvedHosts {
  hosts: FindingHosts;
  /** The hosts' partitions in state (each in its signals' account scope): IPs, instances, nodes. */
  keys: { ips: string[]; instances: string[]; nodes: string[] };
  /** Pod IPs (by their `H#ip:` partition), with the interval during which the chain's pod held each. */
  podIpWindows: Map<string, [number, number]>;
  /** How each IP and instance id was learnt, for explanations (`10.0.200.15` → `flow logs of i-0abc`). */
  learntFrom: Map<string, string>;
}

export class HostResolver {
  /**
   * Link reads of the current batch: a chain resolves each anchor's host to judge it, then all its
   * hosts together, and several chains share hosts. Links do not change while a batch is evaluated
   * (they are written first); `clear()` before the next batch.
   */
  private readonly reads = new Map<string, Promise<StateItem[]>>();

  constructor(private readonly store: StateStore) {}

  clear(): void {
    this.reads.clear();
  }

  private query(pk: string, prefix: string, nowSec: number): Promise<StateItem[]> {
    const key = `${pk}\u0000${prefix}\u0000${nowSec}`;
    let read = this.reads.get(key);
    if (!read) {
      read = this.store.query(pk, prefix, `${prefix}\uffff`, nowSec);
      this.reads.set(key, read);
    }
    return read;
  }

  private async links(pk: string, type: 'node' | 'ip' | 'pod' | 'inst', nowSec: number): Promise<StateItem[]> {
    return (await this.query(pk, `L#${type}#`, nowSec)).slice(0, MAX_LINKS);
  }

  /**
   * Every identity of the signals' hosts. Signals of different accounts (`scope`) are resolved
   * apart: an address or node name of one account says nothing about another's.
   */
  async resolve(signals: readonly Signal[], nowSec: number): Promise<ResolvedHosts> {
    const byScope = new Map<string, Signal[]>();
    for (const s of signals) {
      const group = byScope.get(s.scope ?? '');
      if (group) group.push(s);
      else byScope.set(s.scope ?? '', [s]);
    }
    const parts: ResolvedHosts[] = [];
    for (const [scope, group] of [...byScope].sort((a, b) => a[0].localeCompare(b[0]))) parts.push(await this.resolveIn(group, scope || undefined, nowSec));
    if (parts.length === 1) return parts[0]!;
    const union = (pick: (r: ResolvedHosts) => string[]) => [...new Set(parts.flatMap(pick))].sort();
    return {
      hosts: {
        instanceIds: union((r) => r.hosts.instanceIds),
        ips: union((r) => r.hosts.ips),
        nodeNames: union((r) => r.hosts.nodeNames),
        hostnames: union((r) => r.hosts.hostnames),
        pods: union((r) => r.hosts.pods),
      },
      keys: { ips: union((r) => r.keys.ips), instances: union((r) => r.keys.instances), nodes: union((r) => r.keys.nodes) },
      podIpWindows: new Map(parts.flatMap((r) => [...r.podIpWindows])),
      learntFrom: new Map(parts.flatMap((r) => [...r.learntFrom])),
    };
  }

  private async resolveIn(signals: readonly Signal[], scope: string | undefined, nowSec: number): Promise<ResolvedHosts> {
    const instanceIds = new Set<string>();
    const ips = new Set<string>();
    const podIps = new Map<string, [number, number]>();
    const nodeNames = new Set<string>();
    const hostnames = new Set<string>();
    const pods = new Set<string>();
    const learntFrom = new Map<string, string>();
    const addName = (n: string | undefined, how: string) => {
      const f = factsFromHostName(n);
      if (f.ip && !ips.has(f.ip)) {
        ips.add(f.ip);
        learntFrom.set(f.ip, how);
      }
      if (f.instanceId && !instanceIds.has(f.instanceId)) {
        instanceIds.add(f.instanceId);
        learntFrom.set(f.instanceId, how);
      }
    };
    for (const s of signals) {
      const h = s.host;
      if (!h) continue;
      if (h.instanceId) instanceIds.add(h.instanceId);
      const ip = canonicalIp(h.ip);
      if (ip) ips.add(ip);
      if (h.nodeName) {
        nodeNames.add(h.nodeName);
        addName(h.nodeName, `node name ${h.nodeName}`);
      }
      if (h.hostname) {
        hostnames.add(h.hostname);
        addName(h.hostname, `host name ${h.hostname}`);
      }
      if (!h.pod) continue;
      const podPath = `${h.pod.namespace}/${h.pod.name}`;
      pods.add(podPath);
      const pk = podKey(s.cluster, h.pod, scope);
      for (const l of await this.links(pk, 'node', nowSec)) {
        const node = (JSON.parse(l.doc) as PodLinkSignal).nodeName;
        if (!node) continue;
        nodeNames.add(node);
        addName(node, `node ${node} of pod ${podPath}`);
      }
      for (const l of await this.links(pk, 'ip', nowSec)) {
        const link = JSON.parse(l.doc) as PodLinkSignal;
        const podIp = canonicalIp(link.podIp);
        if (!podIp) continue;
        const window = await this.podIpWindow(ipKey(podIp, scope), pk, ms(link.time), nowSec);
        const cur = podIps.get(podIp);
        podIps.set(podIp, cur ? [Math.min(cur[0], window[0]), Math.max(cur[1], window[1])] : window);
        if (!learntFrom.has(podIp)) learntFrom.set(podIp, `kubelet status of pod ${podPath}`);
      }
    }
    // Nodes' own IPs, as their kubelets report them.
    for (const node of [...nodeNames]) {
      for (const l of await this.links(nodeKey(node, scope), 'ip', nowSec)) {
        const ip = (JSON.parse(l.doc) as InstanceLinkSignal).ip;
        if (ip && !ips.has(ip)) {
          ips.add(ip);
          learntFrom.set(ip, `kubelet status of node ${node}`);
        }
      }
    }
    // Instances ↔ their private IPs, as flow logs name them.
    for (const id of [...instanceIds]) {
      for (const l of await this.links(instanceKey(id, scope), 'ip', nowSec)) {
        const ip = (JSON.parse(l.doc) as InstanceLinkSignal).ip;
        if (ip && !ips.has(ip)) {
          ips.add(ip);
          learntFrom.set(ip, `flow logs of ${id}`);
        }
      }
    }
    // An IP is held by one instance at a time, and released addresses are reused within days (a
    // terminated node's pod IP becomes a new node's own): the instance is the one holding the IP
    // when the chain happened, not every instance that ever held it.
    const chainTime = signals.reduce((m, s) => Math.max(m, ms(s.time) || 0), 0);
    for (const ip of [...ips]) {
      if (podIps.has(ip)) continue;
      const id = holderAt((await this.links(ipKey(ip, scope), 'inst', nowSec)).map((l) => JSON.parse(l.doc) as InstanceLinkSignal), chainTime);
      if (id && !instanceIds.has(id)) {
        instanceIds.add(id);
        learntFrom.set(id, `flow logs of ${ip}`);
      }
    }
    // An IP that is also the host's own (node, instance) is not bounded by a pod's lifetime.
    for (const ip of ips) podIps.delete(ip);
    for (const ip of podIps.keys()) ips.add(ip);
    const sorted = (s: Set<string>) => [...s].sort();
    return {
      hosts: { instanceIds: sorted(instanceIds), ips: sorted(ips), nodeNames: sorted(nodeNames), hostnames: sorted(hostnames), pods: sorted(pods) },
      keys: { ips: sorted(ips).map((ip) => ipKey(ip, scope)), instances: sorted(instanceIds).map((id) => instanceKey(id, scope)), nodes: sorted(nodeNames).map((n) => nodeKey(n, scope)) },
      podIpWindows: new Map([...podIps].map(([ip, w]) => [ipKey(ip, scope), w])),
      learntFrom,
    };
  }

  /**
   * When a pod held an IP (DESIGN: "an IP belongs to a pod only while that pod holds it"): from its
   * kubelet status report (a minute earlier: the IP is assigned before the kubelet reports it)
   * until another pod reports the same IP.
   */
  private async podIpWindow(ipPk: string, podPk: string, since: number, nowSec: number): Promise<[number, number]> {
    let until = Number.POSITIVE_INFINITY;
    for (const l of await this.query(ipPk, 'L#pod#', nowSec)) {
      const other = JSON.parse(l.doc) as PodLinkSignal;
      if (other.link !== 'pod-ip') continue;
      const t = ms(other.time);
      if (t > since && t < until && podKey(other.cluster, other.pod, other.scope) !== podPk) until = t;
    }
    return [since - POD_IP_LEAD_MS, until];
  }
}
