/** Which state items a signal is written as (see state-keys.ts for the key scheme). */
import type { EgressSignal, LinkSignal, Signal } from '../model/signal';
import { stableId } from '../util/hash';
import type { StateItem } from './state-port';
import { canonicalIp, factsFromHostName, podKey, signalPartitions, signalSk } from './state-keys';

/** Sort-key prefix of an egress contribution: bucket, destination, port, protocol. */
export function egressSkPrefix(s: Pick<EgressSignal, 'bucket' | 'dstIp' | 'dstPort' | 'protocol'>): string {
  return `E#${s.bucket}#${canonicalIp(s.dstIp) ?? s.dstIp}#${s.dstPort}#${s.protocol}`;
}

function linkItems(s: LinkSignal, expiresAt: number, doc: string): StateItem[] {
  const pod = podKey(s.cluster, s.pod);
  const podPath = pod.slice('H#pod:'.length);
  const items: StateItem[] = [];
  if (s.link === 'pod-node' && s.nodeName) {
    items.push({ pk: pod, sk: `L#node#${s.nodeName}#${s.time}`, expiresAt, doc });
    items.push({ pk: `H#node:${s.nodeName}`, sk: `L#pod#${podPath}#${s.time}`, expiresAt, doc });
    const nodeIp = factsFromHostName(s.nodeName).ip;
    if (nodeIp) items.push({ pk: `H#ip:${nodeIp}`, sk: `L#pod#${podPath}#${s.time}`, expiresAt, doc });
  }
  const ip = canonicalIp(s.podIp);
  if (s.link === 'pod-ip' && ip) {
    items.push({ pk: pod, sk: `L#ip#${ip}#${s.time}`, expiresAt, doc });
    items.push({ pk: `H#ip:${ip}`, sk: `L#pod#${podPath}#${s.time}`, expiresAt, doc });
  }
  return items;
}

/**
 * The items of one signal. Egress is written once, under its source IP, as a contribution whose
 * key is derived from its records, so a redelivered batch overwrites instead of adding.
 */
export function itemsForSignal(s: Signal, expiresAt: number): StateItem[] {
  const doc = JSON.stringify(s);
  if (s.kind === 'egress') {
    const src = canonicalIp(s.srcIp) ?? s.srcIp;
    return [{ pk: `H#ip:${src}`, sk: `${egressSkPrefix(s)}#${stableId(s.ref, s.records, s.bytes, s.firstSeen)}`, expiresAt, doc }];
  }
  if (s.kind === 'link') return linkItems(s, expiresAt, doc);
  const sk = signalSk(s);
  return signalPartitions(s).map((pk) => ({ pk, sk, expiresAt, doc }));
}

/** The instance ↔ IP link an egress signal reveals (flow logs v3+ carry instance-id). */
export function instanceLinkItem(s: EgressSignal, expiresAt: number): StateItem | undefined {
  const ip = canonicalIp(s.srcIp);
  if (!s.host?.instanceId || !ip) return undefined;
  return { pk: `H#i:${s.host.instanceId}`, sk: `L#ip#${ip}#${s.bucket}`, expiresAt, doc: JSON.stringify({ instanceId: s.host.instanceId, ip, time: s.bucket }) };
}
