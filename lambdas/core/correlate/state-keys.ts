/**
 * The single-table key scheme (DESIGN.md, "State"). Partition keys name an entity; sort keys
 * start with the item type and the event time so windows are key ranges:
 *
 *   H#i:<instance-id> | H#ip:<ip> | H#node:<node> | H#name:<host> | H#pod:<cluster>/<ns>/<pod>
 *       (when several accounts are read, the value is prefixed by the signal's `scope`:
 *       H#ip:<account>/<ip>, H#pod:<account>/<cluster>/<ns>/<pod>: private addresses, node and
 *       cluster names repeat across accounts; images and principals do not need it)
 *       S#<time>#<signal-id>                 build / push signals seen on this host
 *       E#<bucket>#<dst>#<port>#<proto>#<c>  untrusted egress contribution c (H#ip only)
 *       L#<type>#<value>#<time>              entity links: pod ↔ node/ip (node, ip, pod), pod end
 *                                            (end), instance ↔ ip (ip under H#i, inst under H#ip;
 *                                            <time> is the UTC day); kept `entityRetentionDays`
 *       C#<time>#<signal-id>                 runtime-socket capability of a pod, under the pod and
 *                                            its node's keys; kept `entityRetentionDays`
 *   I#tag:<registry/repo:tag> | I#digest:<digest>
 *       S#<time>#<signal-id>                 build / push signals of this image
 *       D#<time>#<signal-id>                 deploys of this image (read with a limit: a rollout is thousands)
 *       V#<time>#<signal-id>                 image scans (ECR basic, Inspector) of this digest or tag,
 *                                            read only to grade a deploy (requireScanBeforeDeploy)
 *   A#<principal>
 *       S#<time>#<signal-id>                 pushes by this principal (newImageThreshold)
 *   F#<finding-id>   F                       the finding
 */
import type { HostRef, Signal } from '../model/signal';
import { imageFromParts, imageKeys } from '../model/image-ref';
import { canonicalIp } from '../util/cidr';

export { canonicalIp };

const IP_NAME = /^ip-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})(?:\.|$)/;
const INSTANCE_NAME = /^(i-[0-9a-f]{8,17})(?:\.|$)/;

/** Facts a host or node name carries: EKS names nodes `ip-10-0-1-23.<region>.compute.internal` or `i-0abc….ec2.internal`. */
export function factsFromHostName(name: string | undefined): { ip?: string; instanceId?: string } {
  if (!name) return {};
  const ip = IP_NAME.exec(name);
  if (ip) return { ip: `${ip[1]}.${ip[2]}.${ip[3]}.${ip[4]}` };
  const inst = INSTANCE_NAME.exec(name);
  return inst ? { instanceId: inst[1]! } : {};
}

/** The value prefix of host partitions in `scope` (none when one account is read). */
const scoped = (scope: string | undefined, value: string): string => (scope ? `${scope}/${value}` : value);

export const ipKey = (ip: string, scope?: string): string => `H#ip:${scoped(scope, ip)}`;
export const instanceKey = (instanceId: string, scope?: string): string => `H#i:${scoped(scope, instanceId)}`;
export const nodeKey = (nodeName: string, scope?: string): string => `H#node:${scoped(scope, nodeName)}`;

export function podKey(cluster: string | undefined, pod: { namespace: string; name: string }, scope?: string): string {
  return `H#pod:${scoped(scope, `${cluster ?? '-'}/${pod.namespace}/${pod.name}`)}`;
}

/** Every host partition a host reference is known under, in `scope`. */
export function hostKeys(host: HostRef | undefined, cluster?: string, scope?: string): string[] {
  if (!host) return [];
  const keys = new Set<string>();
  const add = (k: string | undefined) => k && keys.add(k);
  if (host.instanceId) add(instanceKey(host.instanceId, scope));
  const ip = canonicalIp(host.ip);
  if (ip) add(ipKey(ip, scope));
  for (const name of [host.nodeName, host.hostname]) {
    if (!name) continue;
    const f = factsFromHostName(name);
    if (f.ip) add(ipKey(f.ip, scope));
    if (f.instanceId) add(instanceKey(f.instanceId, scope));
  }
  if (host.nodeName) add(nodeKey(host.nodeName, scope));
  if (host.hostname && !host.nodeName) add(`H#name:${scoped(scope, host.hostname)}`);
  if (host.pod) add(podKey(cluster, host.pod, scope));
  return [...keys];
}

/** The host partitions of a signal's own host, in its scope. */
export const signalHostKeys = (s: Pick<Signal, 'host' | 'cluster' | 'scope'>): string[] => hostKeys(s.host, s.cluster, s.scope);

export function imagePartitionKeys(image: string | undefined): string[] {
  return image ? imageKeys(image).map((k) => `I#${k}`) : [];
}

/**
 * Sort-key prefix of a signal: capabilities `C`, deploys `D` (a rollout's thousands stay apart from
 * the image's builds and pushes), scans `V` (never a candidate: only a deploy's grading reads them),
 * others `S`.
 */
export type SignalPrefix = 'S' | 'D' | 'C' | 'V';
const PREFIX: Partial<Record<Signal['kind'], SignalPrefix>> = { capability: 'C', deploy: 'D', scan: 'V' };
const prefixOf = (s: Signal): SignalPrefix => PREFIX[s.kind] ?? 'S';

/** A build that knows its end is stored beside its start-only copy (`#e`), never over it: the end survives any delivery order. */
export const signalSk = (s: Signal): string => `${prefixOf(s)}#${s.time}#${s.id}${s.kind === 'build' && s.endTime ? '#e' : ''}`;

/** Sort-key range of signals between two ISO times (inclusive). */
export function signalRange(fromIso: string, toIso: string, prefix: SignalPrefix = 'S'): [string, string] {
  return [`${prefix}#${fromIso}`, `${prefix}#${toIso}#\uffff`];
}

/** Partitions a signal is indexed under (egress and links have their own items). */
export function signalPartitions(s: Signal): string[] {
  switch (s.kind) {
    case 'build':
      return [...signalHostKeys(s), ...imagePartitionKeys(s.image)];
    case 'push':
      return [...signalHostKeys(s), ...imagePartitionKeys(s.image), ...(s.actor?.arn ? [`A#${s.actor.arn}`] : [])];
    case 'deploy':
      return [...new Set(s.images.flatMap(imagePartitionKeys))];
    case 'capability':
      return signalHostKeys(s);
    case 'scan':
      return [...new Set([...imagePartitionKeys(s.image), ...(s.tags ?? []).flatMap((t) => imagePartitionKeys(imageFromParts(s.registry, s.repository, t)))])];
    default:
      return [];
  }
}
