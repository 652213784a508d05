/**
 * Allowlist checks with their explanation: approved builders (principals, hosts, Kubernetes users,
 * namespaces) and the registry allowlist. Every check says what was compared with what, and why
 * nothing matched, so a finding explains itself.
 */
import type { Config } from '../model/config';
import type { AllowlistCheck } from '../model/finding';
import { parseImageRef } from '../model/image-ref';
import type { BuildSignal, PushSignal } from '../model/signal';
import { CidrSet, isCidrOrAddress } from '../util/cidr';
import { firstGlobMatch } from '../util/glob';
import { canonicalIp, factsFromHostName } from './state-keys';

function check(list: string, entries: readonly string[], value: string | undefined, match: (v: string) => string | undefined, what: string): AllowlistCheck | undefined {
  if (value === undefined) return undefined;
  const matched = entries.length > 0 ? match(value) : undefined;
  return {
    list,
    value,
    entries: entries.length,
    ...(matched !== undefined ? { matched } : {}),
    explanation:
      matched !== undefined
        ? `${what} ${value} matches "${matched}"`
        : entries.length === 0
          ? `${list} is empty`
          : `${what} ${value} matches none of the ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`,
  };
}

/** Host entries split once: CIDRs/IPs, instance ids, name globs. */
export class HostAllowlist {
  private readonly cidrs: CidrSet;
  private readonly others: string[];
  constructor(readonly entries: readonly string[]) {
    this.cidrs = new CidrSet(entries.filter(isCidrOrAddress));
    this.others = entries.filter((e) => !isCidrOrAddress(e));
  }

  /** The entry matching any identity of the host, and the identity it matched. */
  match(ids: HostIdentities): { entry: string; identity: string } | undefined {
    for (const ip of ids.ips) {
      const entry = this.cidrs.matching(ip);
      if (entry) return { entry, identity: ip };
    }
    for (const id of [...ids.instanceIds, ...ids.names]) {
      const entry = firstGlobMatch(this.others, id);
      if (entry) return { entry, identity: id };
    }
    return undefined;
  }
}

/** Every identity known for a host: from the signal itself, and from state (entity links). */
export interface HostIdentities {
  instanceIds: readonly string[];
  ips: readonly string[];
  /** Node and host names. */
  names: readonly string[];
  /** How an identity not written on the signal was learnt (`flow logs of i-0abc`). */
  learntFrom?: ReadonlyMap<string, string>;
}

export interface ApprovalResult {
  approved: boolean;
  checks: AllowlistCheck[];
}

/** The identities a signal names itself (instance id, IP, node and host names, and what names carry). */
export function ownIdentities(s: BuildSignal | PushSignal): HostIdentities {
  const h = s.host ?? {};
  const names = [h.nodeName, h.hostname].filter((n): n is string => !!n);
  const facts = names.map(factsFromHostName);
  const ips = [canonicalIp(h.ip), ...facts.map((f) => f.ip)].filter((x): x is string => !!x);
  const instanceIds = [h.instanceId, ...facts.map((f) => f.instanceId)].filter((x): x is string => !!x);
  return { instanceIds: [...new Set(instanceIds)], ips: [...new Set(ips)], names };
}

/**
 * Is this build or push from an approved builder? Checks every identity of its host — the signal's
 * own and, when given, those the state knows (`known`): an instance named only by its id matches a
 * CIDR through the private IP flow logs saw it use; the explanation says which identity matched.
 */
export function checkApprovedBuilder(s: BuildSignal | PushSignal, config: Config, hosts: HostAllowlist, known?: HostIdentities): ApprovalResult {
  const a = config.approvedBuilders;
  const h = s.host ?? {};
  const own = ownIdentities(s);
  const ids: HostIdentities = known
    ? {
        instanceIds: [...new Set([...own.instanceIds, ...known.instanceIds])],
        ips: [...new Set([...own.ips, ...known.ips])],
        names: [...new Set([...own.names, ...known.names])],
      }
    : own;
  const hostLabel = own.instanceIds[0] ?? h.nodeName ?? h.hostname ?? own.ips[0] ?? ids.instanceIds[0] ?? ids.names[0] ?? ids.ips[0];
  const namespace = s.kind === 'build' ? (s.namespace ?? h.pod?.namespace) : h.pod?.namespace;
  const hostMatch = a.hosts.length > 0 ? hosts.match(ids) : undefined;
  const hostCheck = hostLabel === undefined ? undefined : checkHost(a.hosts.length, hostLabel, hostMatch, ids, known?.learntFrom);
  const checks = [
    check('approvedBuilders.principals', a.principals, s.actor?.arn, (v) => firstGlobMatch(a.principals, v), 'principal'),
    hostCheck,
    check('approvedBuilders.kubernetesUsers', a.kubernetesUsers, s.actor?.k8sUser, (v) => firstGlobMatch(a.kubernetesUsers, v), 'Kubernetes user'),
    check('approvedBuilders.namespaces', a.namespaces, namespace, (v) => firstGlobMatch(a.namespaces, v), 'namespace'),
  ].filter((c): c is AllowlistCheck => c !== undefined);
  return { approved: checks.some((c) => c.matched !== undefined), checks };
}

function checkHost(entries: number, label: string, m: { entry: string; identity: string } | undefined, ids: HostIdentities, learntFrom: ReadonlyMap<string, string> | undefined): AllowlistCheck {
  const all = [...new Set([...ids.instanceIds, ...ids.names, ...ids.ips])].filter((x) => x !== label);
  const through = (identity: string) => {
    if (identity === label) return '';
    const how = learntFrom?.get(identity);
    return ` through ${identity}${how ? ` (${how})` : ''}`;
  };
  return {
    list: 'approvedBuilders.hosts',
    value: label,
    entries,
    ...(m ? { matched: m.entry } : {}),
    explanation: m
      ? `host ${label} matches "${m.entry}"${through(m.identity)}`
      : entries === 0
        ? 'approvedBuilders.hosts is empty'
        : `host ${label}${all.length > 0 ? ` (also known as ${all.slice(0, 6).join(', ')}${all.length > 6 ? ', …' : ''})` : ''} matches none of the ${entries} entr${entries === 1 ? 'y' : 'ies'}`,
  };
}

/** Is the pushed image's `registry/repository` in `registryAllowList`? */
export function checkRegistry(image: string, config: Config): AllowlistCheck | undefined {
  const ref = parseImageRef(image);
  if (!ref) return undefined;
  const value = `${ref.registry}/${ref.repository}`;
  return check('registryAllowList', config.registryAllowList, value, (v) => firstGlobMatch(config.registryAllowList, v), 'repository');
}
