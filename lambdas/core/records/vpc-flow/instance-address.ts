/**
 * An address a flow log shows as an instance's own, reduced over one batch: the flow-log
 * normalizer keeps one per (instance-id, srcaddr) from the records whose srcaddr is the capturing
 * interface's (see sources/vpc-flow/instance-ip-links.ts), with the earliest `start`. What the
 * instance-ip rule decides on.
 */
import type { AddressClass } from './flow-record';

export interface InstanceAddress {
  instanceId: string;
  /** Canonical IP. */
  ip: string;
  /** CIDR class of the address. */
  ipClass: AddressClass;
  /** Earliest `start` of the pair's records (epoch ms). */
  firstSeenMs: number;
  /** Reference of the first record of the pair. */
  ref: string;
  account?: string;
  region?: string;
}
