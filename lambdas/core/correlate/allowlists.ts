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

  /** The entry matching any identity of the host. */
  match(ids: { instanceId?: string; ip?: string; names: string[] }): string | undefined {
    const cidr = ids.ip ? this.cidrs.matching(ids.ip) : undefined;
    if (cidr) return cidr;
    return firstGlobMatch(this.others, ids.instanceId) ?? ids.names.map((n) => firstGlobMatch(this.others, n)).find((m) => m !== undefined);
  }
}

export interface ApprovalResult {
  approved: boolean;
  checks: AllowlistCheck[];
}

/** Is this build or push from an approved builder? Checks every identity the signal carries. */
export function checkApprovedBuilder(s: BuildSignal | PushSignal, config: Config, hosts: HostAllowlist): ApprovalResult {
  const a = config.approvedBuilders;
  const h = s.host ?? {};
  const names = [h.nodeName, h.hostname].filter((n): n is string => !!n);
  const fromName = names.map(factsFromHostName).find((f) => f.ip || f.instanceId) ?? {};
  const ip = canonicalIp(h.ip) ?? fromName.ip;
  const instanceId = h.instanceId ?? fromName.instanceId;
  const hostLabel = instanceId ?? h.nodeName ?? h.hostname ?? ip;
  const namespace = s.kind === 'build' ? (s.namespace ?? h.pod?.namespace) : h.pod?.namespace;
  const checks = [
    check('approvedBuilders.principals', a.principals, s.actor?.arn, (v) => firstGlobMatch(a.principals, v), 'principal'),
    check('approvedBuilders.hosts', a.hosts, hostLabel, () => hosts.match({ ...(instanceId ? { instanceId } : {}), ...(ip ? { ip } : {}), names }), 'host'),
    check('approvedBuilders.kubernetesUsers', a.kubernetesUsers, s.actor?.k8sUser, (v) => firstGlobMatch(a.kubernetesUsers, v), 'Kubernetes user'),
    check('approvedBuilders.namespaces', a.namespaces, namespace, (v) => firstGlobMatch(a.namespaces, v), 'namespace'),
  ].filter((c): c is AllowlistCheck => c !== undefined);
  return { approved: checks.some((c) => c.matched !== undefined), checks };
}

/** Is the pushed image's `registry/repository` in `registryAllowList`? */
export function checkRegistry(image: string, config: Config): AllowlistCheck | undefined {
  const ref = parseImageRef(image);
  if (!ref) return undefined;
  const value = `${ref.registry}/${ref.repository}`;
  return check('registryAllowList', config.registryAllowList, value, (v) => firstGlobMatch(config.registryAllowList, v), 'repository');
}
