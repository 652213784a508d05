/**
 * Rule untrusted-egress: an ACCEPTed flow from one of our hosts to a destination that is neither
 * internal nor trusted, opened by our host (not a reply). The decisions live here as small pure
 * steps on already-read values; the normalizer (sources/vpc-flow) applies them in the same order on
 * every line, skipping the later steps cheaply, and aggregates the records that pass per
 * (host, destination, port, protocol, time bucket) into one signal built by `egressSignal`.
 */
import type { EgressSignal } from '../../model/signal';
import type { AddressClass, FlowAction, FlowLogStatus, FlowRecord } from '../../records/vpc-flow/flow-record';
import { stableId } from '../../util/hash';
import type { Rule, RuleContext } from '../rule';
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

/** Flow records of one (host, destination, port, protocol, bucket) summed up. */
export interface EgressAggregate {
  srcIp: string;
  dstIp: string;
  /** -1 when the format has no port/protocol columns. */
  dstPort: number;
  protocol: number;
  bucketMs: number;
  bytes: number;
  packets: number;
  records: number;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Reference of the first contributing record. */
  ref: string;
  account?: string;
  region?: string;
  instanceId?: string;
  eni?: string;
  dstService?: string;
}

/** The host part of an aggregation key and of the signal id. */
export function egressHostKey(instanceId: string | undefined, eni: string | undefined, srcIp: string): string {
  return `${instanceId ?? ''}/${eni ?? ''}/${srcIp}`;
}

/** A one-record aggregate (the aggregator then sums further records into it). */
export function aggregateOf(flow: FlowRecord, ref: string): EgressAggregate {
  return {
    srcIp: flow.srcIp,
    dstIp: flow.dstIp,
    dstPort: flow.dstPort,
    protocol: flow.protocol,
    bucketMs: flow.bucketMs,
    bytes: Math.max(flow.bytes, 0),
    packets: Math.max(flow.packets, 0),
    records: 1,
    firstSeenMs: flow.startMs,
    lastSeenMs: Math.max(flow.endMs, flow.startMs),
    ref,
    account: flow.account,
    region: flow.region,
    instanceId: flow.instanceId,
    eni: flow.eni,
    dstService: flow.dstService,
  };
}

/**
 * The signal of an aggregate. Its id depends only on the aggregation key (never on arrival order),
 * so redelivered or re-batched records of the same bucket produce the same id. Unknown port or
 * protocol (format without those columns) are written as 0, and such a port is not "non-standard".
 * Built field by field, without spreads: egress-heavy batches build thousands of these.
 */
export function egressSignal(agg: EgressAggregate): EgressSignal {
  const bucket = isoTime(agg.bucketMs);
  const dstPort = agg.dstPort < 0 ? 0 : agg.dstPort;
  const protocol = agg.protocol < 0 ? 0 : agg.protocol;
  const firstSeen = isoTime(agg.firstSeenMs);
  const host: EgressSignal['host'] = {};
  if (agg.instanceId) host.instanceId = agg.instanceId;
  if (agg.eni) host.eni = agg.eni;
  host.ip = agg.srcIp;
  const signal: EgressSignal = {
    kind: 'egress',
    id: stableId(UNTRUSTED_EGRESS_RULE_ID, egressHostKey(agg.instanceId, agg.eni, agg.srcIp), agg.dstIp, dstPort, protocol, bucket),
    rule: UNTRUSTED_EGRESS_RULE_ID,
    time: firstSeen,
    source: 'vpc-flow',
    ref: agg.ref,
    srcIp: agg.srcIp,
    dstIp: agg.dstIp,
    dstPort,
    protocol,
    bytes: agg.bytes,
    packets: agg.packets,
    records: agg.records,
    firstSeen,
    lastSeen: isoTime(agg.lastSeenMs),
    bucket,
    nonStandardPort: agg.dstPort >= 0 && dstPort !== 80 && dstPort !== 443,
    host,
  };
  if (agg.account) signal.account = agg.account;
  if (agg.region) signal.region = agg.region;
  if (agg.dstService) signal.dstService = agg.dstService;
  return signal;
}

export const untrustedEgressRule: Rule<FlowRecord> = {
  id: UNTRUSTED_EGRESS_RULE_ID,
  source: 'vpc-flow',
  title: 'Host opened a connection to an untrusted destination',
  description:
    'An ACCEPTed flow from an internal host to an address that is neither internal nor in trustedDestinations, opened by the host (not a reply). ' +
    'During an image build on the host (T1612) this is where base layers, tools or payloads come from, or where data goes.',
  evaluate(flow: FlowRecord, ctx: RuleContext) {
    return judgeFlow(flow) === 'egress' ? [egressSignal(aggregateOf(flow, ctx.ref))] : [];
  },
};
