/**
 * Rule untrusted-egress: an ACCEPTed flow from one of our hosts to a destination that is neither
 * internal nor trusted, opened by our host (not a reply). The decisions live here as small pure
 * steps on already-read values. `evaluate` applies them all and returns a one-record egress signal
 * or the shared ignore outcome of the first step that fails; the normalizer (sources/vpc-flow) also
 * applies the first two steps to the raw columns of every line, so that the bulk of traffic
 * (internal, trusted, not accepted) is counted under the same reasons without building a record.
 * The one-record signals of a batch are summed per (host, destination, port, protocol, time
 * bucket) — their id — by ./egress-aggregator.
 */
import type { EgressSignal } from '../../model/signal';
import type { AddressClass, FlowAction, FlowLogStatus, FlowRecord } from '../../records/vpc-flow/flow-record';
import { stableId } from '../../util/hash';
import { type Rule, type RuleContext, type RuleOutcome, signalsOutcome } from '../rule';
import { flowInitiator, isNewOutbound } from './flow-initiator';
import { isoTime } from './iso-time';

export const UNTRUSTED_EGRESS_RULE_ID = 'untrusted-egress';

/** Why a readable flow record is not egress (counted with tally.ignore). */
export const FLOW_IGNORE = {
  nodata: 'vpc-flow:nodata',
  /** Also counted in tally.skipData: AWS lost records of this interface for the interval. */
  skipdata: 'vpc-flow:skipdata',
  unknownStatus: 'vpc-flow:unknown-log-status',
  notAccepted: 'vpc-flow:not-accepted',
  externalSource: 'vpc-flow:external-source',
  internalDestination: 'vpc-flow:internal-destination',
  trustedDestination: 'vpc-flow:trusted-destination',
  invalidAddress: 'vpc-flow:invalid-address',
  reply: 'vpc-flow:reply',
} as const;

export type FlowIgnoreReason = (typeof FLOW_IGNORE)[keyof typeof FLOW_IGNORE];

/** One shared outcome per reason: the flow-log hot path allocates nothing for what it ignores. */
const IGNORED = Object.fromEntries(Object.values(FLOW_IGNORE).map((r) => [r, Object.freeze({ ignore: r })])) as Record<FlowIgnoreReason, RuleOutcome>;

/**
 * Step 1, status and action. NODATA/SKIPDATA rows carry no flow; only ACCEPT is traffic that
 * happened. A format without an `action` column (e.g. the NAT gateway custom format) cannot say
 * REJECT, so its flows count as accepted: reporting beats silently dropping.
 */
export function statusVerdict(logStatus: FlowLogStatus, action: FlowAction): FlowIgnoreReason | undefined {
  if (logStatus === 'NODATA') return FLOW_IGNORE.nodata;
  if (logStatus === 'SKIPDATA') return FLOW_IGNORE.skipdata;
  if (logStatus === 'other') return FLOW_IGNORE.unknownStatus;
  if (action !== 'ACCEPT' && action !== 'absent') return FLOW_IGNORE.notAccepted;
  return undefined;
}

/**
 * Step 2, addresses. The source must be ours: internal, or the capturing interface itself
 * (flow-direction `egress`). The remote-initiated side of a connection (e.g. the `ingress` record
 * of an inbound SSH session) has the remote as source and stops here. The destination must be
 * untrusted: internal and trusted destinations are never egress.
 */
export function addressVerdict(srcClass: AddressClass, srcIsInterface: boolean, dstClass: AddressClass): FlowIgnoreReason | undefined {
  if (srcClass === 'invalid' || dstClass === 'invalid') return FLOW_IGNORE.invalidAddress;
  if (srcClass !== 'internal' && !srcIsInterface) return FLOW_IGNORE.externalSource;
  if (dstClass === 'internal') return FLOW_IGNORE.internalDestination;
  if (dstClass === 'trusted') return FLOW_IGNORE.trustedDestination;
  return undefined;
}

/** Step 3, initiator: replies are not new egress (decision table in flow-initiator.ts). */
export function initiatorVerdict(flow: Pick<FlowRecord, 'protocol' | 'tcpFlags' | 'srcPort' | 'dstPort'>): FlowIgnoreReason | undefined {
  return isNewOutbound(flowInitiator(flow.protocol, flow.tcpFlags, flow.srcPort, flow.dstPort)) ? undefined : FLOW_IGNORE.reply;
}

/** All steps: `egress`, or the reason the record is not. */
export function judgeFlow(flow: FlowRecord): 'egress' | FlowIgnoreReason {
  return (
    statusVerdict(flow.logStatus, flow.action) ??
    addressVerdict(flow.srcClass, flow.srcIsInterface, flow.dstClass) ??
    initiatorVerdict(flow) ??
    'egress'
  );
}

/** The host part of the signal id (and so of the aggregation key). */
export function egressHostKey(instanceId: string | undefined, eni: string | undefined, srcIp: string): string {
  return `${instanceId ?? ''}/${eni ?? ''}/${srcIp}`;
}

/**
 * The one-record signal of an egress flow. Its id depends only on the aggregation key (host,
 * destination, port, protocol, bucket; never on arrival order), so redelivered or re-batched
 * records of the same bucket produce the same id. Unknown port or protocol (format without those
 * columns) are written as 0, and such a port is not "non-standard". Built field by field, without
 * spreads: egress-heavy batches build one per record.
 */
export function egressSignal(flow: FlowRecord, ref: string): EgressSignal {
  const bucket = isoTime(flow.bucketMs);
  const dstPort = flow.dstPort < 0 ? 0 : flow.dstPort;
  const protocol = flow.protocol < 0 ? 0 : flow.protocol;
  const firstSeen = isoTime(flow.startMs);
  const host: EgressSignal['host'] = {};
  if (flow.instanceId) host.instanceId = flow.instanceId;
  if (flow.eni) host.eni = flow.eni;
  host.ip = flow.srcIp;
  const signal: EgressSignal = {
    kind: 'egress',
    id: stableId(UNTRUSTED_EGRESS_RULE_ID, egressHostKey(flow.instanceId, flow.eni, flow.srcIp), flow.dstIp, dstPort, protocol, bucket),
    rule: UNTRUSTED_EGRESS_RULE_ID,
    time: firstSeen,
    source: 'vpc-flow',
    ref,
    srcIp: flow.srcIp,
    dstIp: flow.dstIp,
    dstPort,
    protocol,
    bytes: Math.max(flow.bytes, 0),
    packets: Math.max(flow.packets, 0),
    records: 1,
    firstSeen,
    lastSeen: isoTime(Math.max(flow.endMs, flow.startMs)),
    bucket,
    nonStandardPort: flow.dstPort >= 0 && dstPort !== 80 && dstPort !== 443,
    host,
  };
  if (flow.account) signal.account = flow.account;
  if (flow.region) signal.region = flow.region;
  if (flow.dstService) signal.dstService = flow.dstService;
  return signal;
}

export const untrustedEgressRule: Rule<FlowRecord> = {
  id: UNTRUSTED_EGRESS_RULE_ID,
  source: 'vpc-flow',
  title: 'Host opened a connection to an untrusted destination',
  description:
    'An ACCEPTed flow from an internal host to an address that is neither internal nor in trustedDestinations, opened by the host (not a reply). ' +
    'During an image build on the host (T1612) this is where base layers, tools or payloads come from, or where data goes.',
  evaluate(flow: FlowRecord, ctx: RuleContext): RuleOutcome {
    const verdict = judgeFlow(flow);
    return verdict === 'egress' ? signalsOutcome(egressSignal(flow, ctx.ref)) : IGNORED[verdict];
  },
};
