/** One line per signal for the evidence timeline (raw values: the display layer escapes them). */
import type { Signal } from '../model/signal';

const PROTO: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPv6' };

function hostText(s: Signal): string {
  const h = s.host;
  if (!h) return 'unknown host';
  if (h.pod) return `pod ${h.pod.namespace}/${h.pod.name}${h.nodeName ? ` on ${h.nodeName}` : ''}`;
  return h.instanceId ?? h.nodeName ?? h.hostname ?? h.ip ?? h.eni ?? 'unknown host';
}

function actorText(s: Signal): string {
  const a = s.actor;
  const who = a?.arn ?? a?.k8sUser ?? a?.osUser;
  return who ? ` by ${who}` : '';
}

/** `: 2 CRITICAL, 5 HIGH` from a scan's counts, most severe first, zeros and TOTAL left out. */
export function countsText(counts: Record<string, number> | undefined): string {
  const text = severityCountsText(counts);
  return text ? `: ${text}` : '';
}

const SEVERITY_ORDER = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNTRIAGED', 'UNDEFINED'];

/** `2 CRITICAL, 5 HIGH` (most severe first, zeros and TOTAL left out); `no findings` when all are zero; '' without counts. */
export function severityCountsText(counts: Record<string, number> | undefined): string {
  if (!counts) return '';
  const rank = (k: string) => (SEVERITY_ORDER.includes(k) ? SEVERITY_ORDER.indexOf(k) : SEVERITY_ORDER.length);
  const parts = Object.entries(counts)
    .filter(([k, n]) => k !== 'TOTAL' && n > 0)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([k, n]) => `${n} ${k}`);
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

export function summarizeSignal(s: Signal): string {
  switch (s.kind) {
    case 'build':
      return `build (${s.method}${s.tool ? `, ${s.tool}` : ''}) on ${hostText(s)}${actorText(s)}${s.image ? ` → ${s.image}` : ''}${s.command ? `: ${s.command}` : ''}`;
    case 'egress':
      return `egress ${s.srcIp} → ${s.dstIp}:${s.dstPort}/${PROTO[s.protocol] ?? s.protocol}, ${s.bytes} bytes in ${s.records} flow record(s)${s.nonStandardPort ? ', non-standard port' : ''}`;
    case 'push':
      return `push ${s.image ?? `${s.registry}/${s.repository}`}${actorText(s)}${s.host ? ` from ${hostText(s)}` : ''}`;
    case 'deploy':
      return `${s.verb} ${s.workloadKind} ${s.namespace}/${s.workloadName}${actorText(s)} with ${s.images.join(', ')}`;
    case 'link':
      switch (s.link) {
        case 'pod-node':
          return `pod ${s.pod.namespace}/${s.pod.name} bound to ${s.nodeName}`;
        case 'pod-ip':
          return `pod ${s.pod.namespace}/${s.pod.name} has IP ${s.podIp}`;
        case 'pod-end':
          return `pod ${s.pod.namespace}/${s.pod.name} ended (${s.reason ?? 'ended'})`;
        case 'instance-ip':
          return `instance ${s.instanceId} has IP ${s.ip}`;
      }
      return 'link';
    case 'capability':
      return `capability: ${s.owner.kind} ${s.namespace}/${s.owner.name}${s.host?.pod ? ` (pod ${s.host.pod.name})` : ''} mounts ${s.hostPaths.join(', ')}${s.runtime ? ` (${s.runtime} runtime)` : ''}${s.privileged ? ', privileged' : ''}${actorText(s)}`;
    case 'scan':
      return `${s.scanner === 'inspector' ? 'Inspector' : 'ECR basic'} scan ${s.status} of ${s.registry}/${s.repository}${s.digest ? `@${s.digest}` : s.tags?.length ? `:${s.tags[0]}` : ''}${countsText(s.severityCounts)}`;
  }
}
