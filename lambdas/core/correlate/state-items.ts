/** Which state items a signal is written as (see state-keys.ts for the key scheme). */
import type { EgressSignal, LinkSignal, Signal } from '../model/signal';
import { stableId } from '../util/hash';
import type { StateItem } from './state-port';
import { canonicalIp, factsFromHostName, instanceKey, ipKey, nodeKey, podKey, signalPartitions, signalSk } from './state-keys';

/** Sort-key prefix of an egress contribution: bucket, destination, port, protocol. */
export function egressSkPrefix(s: Pick<EgressSignal, 'bucket' | 'dstIp' | 'dstPort' | 'protocol'>): string {
  return `E#${s.bucket}#${canonicalIp(s.dstIp) ?? s.dstIp}#${s.dstPort}#${s.protocol}`;
}

/** Keys under which a node's facts are kept: its name, and the IP an `ip-a-b-c-d` name carries. */
export function nodeKeys(nodeName: string, scope?: string): string[] {
  const ip = factsFromHostName(nodeName).ip;
  return [nodeKey(nodeName, scope), ...(ip ? [ipKey(ip, scope)] : [])];
}

/** An instance holds a private IP, on a UTC day: kept both ways (instance → IP, IP → instance). */
function instanceIpItems(instanceId: string, ip: string, time: string, expiresAt: number, doc: string, scope: string | undefined): StateItem[] {
  const day = time.slice(0, 10);
  return [
    { pk: instanceKey(instanceId, scope), sk: `L#ip#${ip}#${day}`, expiresAt, doc },
    { pk: ipKey(ip, scope), sk: `L#inst#${instanceId}#${day}`, expiresAt, doc },
  ];
}

function linkItems(s: LinkSignal, expiresAt: number, doc: string): StateItem[] {
  if (s.link === 'instance-ip') {
    const ip = canonicalIp(s.ip);
    return ip ? instanceIpItems(s.instanceId, ip, s.time, expiresAt, doc, s.scope) : [];
  }
  const pod = podKey(s.cluster, s.pod, s.scope);
  const podPath = pod.slice('H#pod:'.length);
  const items: StateItem[] = [];
  if (s.link === 'pod-node' && s.nodeName) {
    items.push({ pk: pod, sk: `L#node#${s.nodeName}#${s.time}`, expiresAt, doc });
    for (const pk of nodeKeys(s.nodeName, s.scope)) items.push({ pk, sk: `L#pod#${podPath}#${s.time}`, expiresAt, doc });
  }
  const ip = canonicalIp(s.podIp);
  if (s.link === 'pod-ip' && ip) {
    items.push({ pk: pod, sk: `L#ip#${ip}#${s.time}`, expiresAt, doc });
    items.push({ pk: ipKey(ip, s.scope), sk: `L#pod#${podPath}#${s.time}`, expiresAt, doc });
    items.push(...nodeIpItems(s, expiresAt));
  }
  if (s.link === 'pod-end') items.push({ pk: pod, sk: `L#end#${s.time}`, expiresAt, doc });
  return items;
}

/**
 * The kubelet's status report names its node and the node's own IP (`hostIP`): kept as the node's
 * (and, for nodes named by instance id, the instance's) IP, so hosts named `i-…` resolve to an IP.
 */
function nodeIpItems(s: LinkSignal, expiresAt: number): StateItem[] {
  if (s.link !== 'pod-ip' || !s.nodeName) return [];
  const hostIp = canonicalIp(s.host?.ip);
  if (!hostIp) return [];
  const instanceId = factsFromHostName(s.nodeName).instanceId;
  const doc = JSON.stringify({ kind: 'link', link: 'instance-ip', id: s.id, rule: s.rule, time: s.time, source: s.source, ref: s.ref, instanceId: instanceId ?? s.nodeName, ip: hostIp, ...(s.scope ? { scope: s.scope } : {}) });
  return [{ pk: nodeKey(s.nodeName, s.scope), sk: `L#ip#${hostIp}#${s.time.slice(0, 10)}`, expiresAt, doc }, ...(instanceId ? instanceIpItems(instanceId, hostIp, s.time, expiresAt, doc, s.scope) : [])];
}

/**
 * What a link says, without its time: equal change keys are the same fact seen again (written once
 * per change and refreshed, not once per event).
 */
export function linkChangeKey(s: LinkSignal): string {
  const scope = s.scope ?? '';
  if (s.link === 'instance-ip') return `instance-ip|${scope}|${s.instanceId}|${canonicalIp(s.ip) ?? s.ip}|${s.time.slice(0, 10)}`;
  return `${s.link}|${scope}|${s.cluster ?? '-'}/${s.pod.namespace}/${s.pod.name}|${s.nodeName ?? ''}|${s.podIp ?? ''}`;
}

/**
 * The items of one signal. Egress is written once, under its source IP, as a contribution whose
 * key is derived from its records, so a redelivered batch overwrites instead of adding.
 */
export function itemsForSignal(s: Signal, expiresAt: number): StateItem[] {
  const doc = JSON.stringify(s);
  if (s.kind === 'egress') {
    const src = canonicalIp(s.srcIp) ?? s.srcIp;
    return [{ pk: ipKey(src, s.scope), sk: `${egressSkPrefix(s)}#${stableId(s.ref, s.records, s.bytes, s.firstSeen)}`, expiresAt, doc }];
  }
  if (s.kind === 'link') return linkItems(s, expiresAt, doc);
  const sk = signalSk(s);
  return signalPartitions(s).map((pk) => ({ pk, sk, expiresAt, doc }));
}
