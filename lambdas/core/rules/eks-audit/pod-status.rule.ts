/**
 * pod-status: the kubelet reports a pod's IP (`pods/status` patch or update carrying
 * status.podIP / status.podIPs). It maps the pod IP seen in flow logs back to the pod, from then on.
 * IPs equal to the node's own (status.hostIP/hostIPs, or the IP in an ip-a-b-c-d node name:
 * hostNetwork pods) are skipped: they belong to the node, not to the pod.
 */
import type { LinkSignal } from '../../model/signal';
import type { AuditRecord } from '../../records/eks-audit/audit-record';
import { type JsonObject, arrAt, asObject, objAt, strAt } from '../../records/eks-audit/json-fields';
import { podHost } from '../../records/eks-audit/node-host';
import { parseIp } from '../../util/cidr';
import { NO_SIGNAL, type Rule, type RuleOutcome, signalsOutcome } from '../rule';
import { commonFields } from './signal-parts';

const ID = 'pod-status';
const NODE_USER = 'system:node:';
const DOTTED_QUAD = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** `podIP` and `podIPs[].ip` (or `hostIP`/`hostIPs[].ip`), canonical and distinct. */
function ips(status: JsonObject | undefined, single: string, list: string): string[] {
  const out: string[] = [];
  const add = (v: string | undefined) => {
    // parseIp also takes legacy IPv4 forms ("10.0.5"); the kubelet writes dotted quads or IPv6.
    const parsed = v && (v.includes(':') || DOTTED_QUAD.test(v)) ? parseIp(v) : undefined;
    const s = parsed?.toString();
    if (s && !out.includes(s)) out.push(s);
  };
  add(strAt(status, single));
  for (const item of arrAt(status, list)) add(strAt(asObject(item), 'ip'));
  return out;
}

export const podStatusRule: Rule<AuditRecord> = {
  id: ID,
  source: 'eks-audit',
  title: 'Pod IP reported by the kubelet (pods/status)',
  description: 'Entity resolution: maps a pod IP (as flow logs see it) to the pod and its node, from the time the kubelet reports it.',
  evaluate(rec, ctx): RuleOutcome {
    if (rec.resource !== 'pods' || rec.subresource !== 'status' || (rec.verb !== 'patch' && rec.verb !== 'update')) return NO_SIGNAL;
    const request = asObject(rec.requestObject);
    let status = objAt(request, 'status');
    let podIps = ips(status, 'podIP', 'podIPs');
    if (podIps.length === 0) {
      status = objAt(rec.responseObject, 'status');
      podIps = ips(status, 'podIP', 'podIPs');
    }
    const name = rec.name ?? strAt(objAt(request, 'metadata'), 'name');
    if (podIps.length === 0 || !name) return NO_SIGNAL;
    const hostIps = ips(status, 'hostIP', 'hostIPs');
    const nodeName = rec.userName.startsWith(NODE_USER) ? rec.userName.slice(NODE_USER.length) || undefined : undefined;
    const host = podHost(rec.namespace, name, nodeName)!;
    if (!host.ip && hostIps[0]) host.ip = hostIps[0];
    const pod = { namespace: rec.namespace, name };
    return signalsOutcome(
      ...podIps
        .filter((ip) => !hostIps.includes(ip) && ip !== host.ip)
        .map(
          (podIp): LinkSignal => ({
            kind: 'link',
            ...commonFields(ID, rec, ctx, podIp),
            host,
            link: 'pod-ip',
            pod,
            ...(nodeName ? { nodeName } : {}),
            podIp,
          }),
        ),
    );
  },
};
