/**
 * Rule instance-ip: an EC2 instance holds a private IP, as its own flow records say (flow logs v3+
 * `instance-id`). Entity resolution, not evidence: it lets a host named only by its instance id
 * (dockerd logs in an `i-…` stream, an EC2 role session) meet the flow logs and host CIDRs of
 * `approvedBuilders.hosts`, whatever the destinations, trusted or not, accepted or rejected.
 *
 * The normalizer (sources/vpc-flow/instance-ip-links.ts) decides which addresses are provably the
 * instance's own — the record's `srcaddr` (never `pkt-srcaddr`, which may be a pod or a NATed
 * client) when `flow-direction` is `egress`, or without a direction when the raw `dstaddr` is not
 * internal — and reduces them to one InstanceAddress per (instance, IP) per batch with its earliest
 * `start`. This rule decides which of those name one host: a wrong link would let an allowlisted
 * CIDR cover another host, so the address must be internal (RFC 1918 & co, `internalCidrs`) and
 * unique to a host: link-local, loopback, multicast and broadcast addresses are never linked.
 */
import type { InstanceLinkSignal } from '../../model/signal';
import type { InstanceAddress } from '../../records/vpc-flow/instance-address';
import { CidrSet } from '../../util/cidr';
import { stableId } from '../../util/hash';
import { NO_SIGNAL, type Rule, type RuleOutcome, signalsOutcome } from '../rule';
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
 * The link of a pair. Its id is the pair and its earliest start: the same records give the same
 * id however often they are delivered.
 */
function instanceIpSignal(pair: InstanceAddress): InstanceLinkSignal {
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

export const instanceIpRule: Rule<InstanceAddress> = {
  id: INSTANCE_IP_RULE_ID,
  source: 'vpc-flow',
  title: 'Instance holds a private IP (flow logs instance-id with its own srcaddr)',
  description:
    'Entity resolution: maps an EC2 instance id to the private IP its own flow records show, from every record (internal, trusted or untrusted destination, accepted or rejected), ' +
    'so a build host named only by instance id meets its flow logs and the host CIDRs of approvedBuilders.',
  evaluate(address: InstanceAddress): RuleOutcome {
    return address.ipClass === 'internal' && isHostAddress(address.ip) ? signalsOutcome(instanceIpSignal(address)) : NO_SIGNAL;
  },
};
