/**
 * Approval of inventory events and findings, judged exactly as the correlator judges signals
 * (`checkApprovedBuilder` with a HostAllowlist, no state beyond the instance → IP facts the backtest
 * saw), so that what tuning says it covers is what a re-run approves.
 */
import { HostAllowlist, type HostIdentities, checkApprovedBuilder } from '../correlate/allowlists';
import { factsFromHostName } from '../correlate/state-keys';
import type { Config } from '../model/config';
import type { BuildSignal, PushSignal } from '../model/signal';
import { canonicalIp } from '../util/cidr';
import type { InventoryEvent, InventoryFinding } from './inventory-types';

/** Every identity of the event's host: its own, what its names carry, and the IPs its instance was seen with. */
export function eventHostIdentities(e: InventoryEvent, instanceIps: Readonly<Record<string, readonly string[]>>): HostIdentities {
  const h = e.host ?? {};
  const names = [h.nodeName, h.hostname].filter((n): n is string => !!n);
  const facts = names.map(factsFromHostName);
  const instanceIds = [...new Set([h.instanceId, ...facts.map((f) => f.instanceId)].filter((x): x is string => !!x))];
  const ips = [h.ip, ...facts.map((f) => f.ip), ...instanceIds.flatMap((i) => instanceIps[i] ?? [])].map((ip) => canonicalIp(ip)).filter((x): x is string => !!x);
  return { instanceIds, ips: [...new Set(ips)], names };
}

/** The signal an event stands for, with what approval reads. */
function signalOf(e: InventoryEvent): BuildSignal | PushSignal {
  const h = e.host;
  const host = h
    ? {
        ...(h.instanceId ? { instanceId: h.instanceId } : {}),
        ...(h.ip ? { ip: h.ip } : {}),
        ...(h.nodeName ? { nodeName: h.nodeName } : {}),
        ...(h.hostname ? { hostname: h.hostname } : {}),
        ...(h.podNamespace ? { pod: { namespace: h.podNamespace, name: '' } } : {}),
      }
    : undefined;
  const actor = { ...(e.principal ? { arn: e.principal } : {}), ...(e.kubernetesUser ? { k8sUser: e.kubernetesUser } : {}) };
  const base = { id: e.id, rule: 'tune', time: e.time, source: 'eks-audit' as const, ref: e.id, actor, ...(host ? { host } : {}) };
  return e.kind === 'build'
    ? { ...base, kind: 'build', method: 'builder-pod', ...(e.namespace ? { namespace: e.namespace } : {}) }
    : { ...base, kind: 'push', registry: '', repository: '' };
}

/**
 * Judges events against one config: its top-level approvedBuilders, or a member account's own when
 * its overrides replace them.
 * @example new EventApproval(config, inventory.instanceIps).approved(event)
 */
export class EventApproval {
  private readonly top: { config: Config; hosts: HostAllowlist };
  /** Member accounts whose overrides replace approvedBuilders (as `settingsForAccount` does). */
  private readonly members = new Map<string, { config: Config; hosts: HostAllowlist }>();
  constructor(
    config: Config,
    private readonly instanceIps: Readonly<Record<string, readonly string[]>>,
  ) {
    this.top = { config, hosts: new HostAllowlist(config.approvedBuilders.hosts) };
    for (const m of config.accounts.members) {
      const own = m.overrides.approvedBuilders;
      if (own) this.members.set(m.id, { config: { ...config, approvedBuilders: own }, hosts: new HostAllowlist(own.hosts) });
    }
  }

  /** Is the event judged by a member account's own approvedBuilders (top-level entries do not reach it)? */
  hasOwnBuilders(e: InventoryEvent): boolean {
    return e.account !== undefined && this.members.has(e.account);
  }

  approved(e: InventoryEvent): boolean {
    const rules = (e.account !== undefined && this.members.get(e.account)) || this.top;
    return checkApprovedBuilder(signalOf(e), rules.config, rules.hosts, eventHostIdentities(e, this.instanceIps)).approved;
  }
}

/** Can the event page: a build, or a push that names a host. */
export const canAnchor = (e: InventoryEvent): boolean => e.kind === 'build' || e.namesHost;

/** The event a finding stands for when its anchors are not in the inventory: the finding's own facets. */
export function eventOfFinding(f: InventoryFinding): InventoryEvent {
  const principal = f.actors.find((a) => a.startsWith('arn:'));
  const kubernetesUser = f.actors.find((a) => !a.startsWith('arn:'));
  const host = {
    ...(f.hosts.instanceIds[0] ? { instanceId: f.hosts.instanceIds[0] } : {}),
    ...(f.hosts.ips[0] ? { ip: f.hosts.ips[0] } : {}),
    ...(f.hosts.nodeNames[0] ? { nodeName: f.hosts.nodeNames[0] } : {}),
    ...(f.hosts.hostnames[0] ? { hostname: f.hosts.hostnames[0] } : {}),
  };
  return {
    id: f.anchor.signalId,
    kind: f.anchor.stage,
    time: f.anchor.time,
    day: f.anchor.time.slice(0, 10),
    ...(principal ? { principal } : {}),
    ...(kubernetesUser ? { kubernetesUser } : {}),
    ...(f.namespace ? { namespace: f.namespace } : {}),
    ...(Object.keys(host).length > 0 ? { host } : {}),
    namesHost: true,
  };
}

/**
 * Is the finding covered by `approval`: every build and host-naming push of its timeline that the
 * inventory holds is approved (any left would anchor it again); without them, the finding's own facets.
 */
export function findingCovered(f: InventoryFinding, byId: ReadonlyMap<string, InventoryEvent>, approval: EventApproval): boolean {
  const anchors = f.anchorIds.map((id) => byId.get(id)).filter((e): e is InventoryEvent => e !== undefined && canAnchor(e));
  if (anchors.length === 0) return approval.approved(eventOfFinding(f));
  return anchors.every((e) => approval.approved(e));
}
