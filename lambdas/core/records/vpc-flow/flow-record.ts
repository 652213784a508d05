/**
 * A flow-log record after parsing and address classification: what the untrusted-egress rule
 * decides on (lambdas/core/rules/vpc-flow/untrusted-egress.rule.ts). Only records that survive the
 * cheap filters (accepted, internal source, untrusted destination) are ever built as objects.
 */

/** Where a destination stands (DESIGN.md, "Trust of a destination"). */
export type DestinationClass = 'internal' | 'trusted' | 'untrusted';
/** CIDR verdict of one address string; `invalid` when it is not an IPv4/IPv6 address. */
export type AddressClass = DestinationClass | 'invalid';

/** `log-status` as read; `absent` when the format has no such column. */
export type FlowLogStatus = 'OK' | 'NODATA' | 'SKIPDATA' | 'absent' | 'other';
/** `action` as read; `absent` when the format has no such column. */
export type FlowAction = 'ACCEPT' | 'REJECT' | 'absent' | 'other';
/** `flow-direction` (v5), relative to the interface that captured the flow. */
export type FlowDirection = 'ingress' | 'egress' | 'absent';

export interface FlowRecord {
  logStatus: FlowLogStatus;
  action: FlowAction;
  direction: FlowDirection;
  /** Source address: `pkt-srcaddr` when present (NAT gateway, EKS pods), else `srcaddr`. */
  srcIp: string;
  /** Destination address: `pkt-dstaddr` when present, else `dstaddr`. */
  dstIp: string;
  /** CIDR class of srcIp. */
  srcClass: AddressClass;
  /** CIDR class of dstIp, `trusted` also when `pkt-dst-aws-service` is a trusted service. */
  dstClass: AddressClass;
  /**
   * True when the source is the capturing interface's own address (flow-direction `egress` and no
   * different `pkt-srcaddr`): AWS then writes the interface's address as `srcaddr`, so the host is
   * ours even when its address (e.g. a public IPv6) is not in any internal CIDR.
   */
  srcIsInterface: boolean;
  /** IANA protocol number; -1 when absent. */
  protocol: number;
  /** -1 when absent (ICMP rows carry 0). */
  srcPort: number;
  dstPort: number;
  /** OR of TCP flags seen in the interval (FIN 1, SYN 2, RST 4, SYN-ACK 18); -1 when absent. */
  tcpFlags: number;
  packets: number;
  bytes: number;
  /** Epoch ms of `start` (or of the envelope timestamp when the format has no `start`). */
  startMs: number;
  endMs: number;
  /** Start of the aggregation bucket containing startMs (epoch ms). */
  bucketMs: number;
  account?: string;
  region?: string;
  instanceId?: string;
  eni?: string;
  /** `pkt-dst-aws-service` (v5), e.g. S3, AMAZON. */
  dstService?: string;
}
