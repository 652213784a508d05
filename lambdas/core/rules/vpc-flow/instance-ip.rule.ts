/**
 * Rule instance-ip: an EC2 instance holds a private IP, as its own flow records say (flow logs v3+
 * `instance-id`). Entity resolution, not evidence: it lets a host named only by its instance id
 * (dockerd logs in an `i-…` stream, an EC2 role session) meet the flow logs and host CIDRs of
 * `approvedBuilders.hosts`, whatever the destinations, trusted or not, accepted or rejected.
 *
 * Only an address that is provably the instance's own is linked, because a wrong link would let
 * an allowlisted CIDR cover another host: the record's `srcaddr` (never `pkt-srcaddr`, which may
 * be a pod or a NATed client) when
 *  - `flow-direction` is `egress`: AWS writes the capturing interface's own address as srcaddr of
 *    outgoing traffic (an `ingress` record's srcaddr is the remote peer, possibly internal);
 *  - without a flow direction (v3/v4 formats): the raw `dstaddr` is not internal. One side of a
 *    record is always the interface's private address, so an internal source talking to a
 *    non-internal destination is ours; internal → internal is ambiguous and skipped.
 * The address must be internal (RFC 1918 & co, `internalCidrs`) and unique to a host: link-local,
 * loopback, multicast and broadcast addresses are never linked.
 *
 * The normalizer (sources/vpc-flow/instance-ip-links.ts) keeps one pair per (instance, IP) per
 * batch with its earliest `start`, and emits one signal per pair built by `instanceIpSignal`.
 */
import type { InstanceLinkSignal } from '../../model/signal';
import type { AddressClass, FlowDirection, FlowRecord } from '../../records/vpc-flow/flow-record';
import { CidrSet } from '../../util/cidr';
import { stableId } from '../../util/hash';
import type { Rule, RuleContext } from '../rule';
import { isoTime } from './iso-time';

export const INSTANCE_IP_RULE_ID = 'instance-ip';

/** Internal addresses that many hosts share: never a host's identity. */
const SHARED_ADDRESSES = new CidrSet([
  '0.0.0.0/8',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '224.0.0.0/3', // multicast, reserved, broadcast
  '::/127', // unspecified, loopback
  'fe80::/10',
  'ff00::/8',
]);

/** True when an internal address names one host (not link-local, loopback, multicast …). */
export function isHostAddress(ip: string): boolean {
  return !SHARED_ADDRESSES.contains(ip);
}

/**
 * Whether a record's srcaddr is the capturing instance's own address (see the header).
 * `rawDstClass` is the class of the raw `dstaddr`, read only when there is no direction.
 */
export function sourceIsInstanceAddress(direction: FlowDirection, srcClass: AddressClass, rawDstClass: AddressClass | undefined): boolean {
  if (srcClass !== 'internal') return false;
  if (direction === 'egress') return true;
  if (direction === 'ingress') return false;
  return rawDstClass === 'trusted' || rawDstClass === 'untrusted';
}

/** One (instance, IP) pair of a batch. */
export interface InstanceIpPair {
  instanceId: string;
  /** Canonical IP. */
  ip: string;
  /** Earliest `start` of the pair's records (epoch ms). */
  firstSeenMs: number;
  /** Reference of the first record of the pair. */
  ref: string;
  account?: string;
  region?: string;
}

/**
 * The link of a pair. Its id is the pair and its earliest start: the same records give the same
 * id however often they are delivered.
 */
export function instanceIpSignal(pair: InstanceIpPair): InstanceLinkSignal {
  const time = isoTime(pair.firstSeenMs);
  const signal: InstanceLinkSignal = {
    kind: 'link',
    id: stableId(INSTANCE_IP_RULE_ID, pair.instanceId, pair.ip, time),
    rule: INSTANCE_IP_RULE_ID,
    time,
    source: 'vpc-flow',
    ref: pair.ref,
    host: { instanceId: pair.instanceId, ip: pair.ip },
    link: 'instance-ip',
    instanceId: pair.instanceId,
    ip: pair.ip,
  };
  if (pair.account) signal.account = pair.account;
  if (pair.region) signal.region = pair.region;
  return signal;
}

export const instanceIpRule: Rule<FlowRecord> = {
  id: INSTANCE_IP_RULE_ID,
  source: 'vpc-flow',
  title: 'Instance holds a private IP (flow logs instance-id with its own srcaddr)',
  description:
    'Entity resolution: maps an EC2 instance id to the private IP its own flow records show, from every record (internal, trusted or untrusted destination, accepted or rejected), ' +
    'so a build host named only by instance id meets its flow logs and the host CIDRs of approvedBuilders.',
  evaluate(flow: FlowRecord, ctx: RuleContext) {
    // A FlowRecord's addresses prefer pkt-srcaddr/pkt-dstaddr: only the interface's own source qualifies.
    const own = flow.direction === 'egress' ? flow.srcIsInterface : flow.direction === 'absent' && sourceIsInstanceAddress('absent', flow.srcClass, flow.dstClass);
    if (!flow.instanceId || !own || flow.srcClass !== 'internal' || !isHostAddress(flow.srcIp)) return [];
    const pair: InstanceIpPair = { instanceId: flow.instanceId, ip: flow.srcIp, firstSeenMs: flow.startMs, ref: ctx.ref };
    if (flow.account) pair.account = flow.account;
    if (flow.region) pair.region = flow.region;
    return [instanceIpSignal(pair)];
  },
};
