/**
 * Column indexes of one flow-log format, resolved once per batch into plain number fields (the
 * per-line code reads `L.srcaddr`, not a lookup by field name), and the reading of the numeric
 * columns of a candidate record with their range checks.
 */
import type { FlowFormat } from './flow-format';
import type { FlowColumns } from './flow-line';

export interface FlowLayout {
  readonly fieldCount: number;
  readonly accountId: number;
  readonly interfaceId: number;
  readonly instanceId: number;
  readonly srcaddr: number;
  readonly dstaddr: number;
  readonly pktSrcaddr: number;
  readonly pktDstaddr: number;
  readonly srcport: number;
  readonly dstport: number;
  readonly protocol: number;
  readonly packets: number;
  readonly bytes: number;
  readonly start: number;
  readonly end: number;
  readonly action: number;
  readonly logStatus: number;
  readonly tcpFlags: number;
  readonly region: number;
  readonly flowDirection: number;
  readonly pktDstAwsService: number;
}

export function layoutOf(format: FlowFormat): FlowLayout {
  const c = format.col;
  return {
    fieldCount: format.fields.length,
    accountId: c['account-id'],
    interfaceId: c['interface-id'],
    instanceId: c['instance-id'],
    srcaddr: c.srcaddr,
    dstaddr: c.dstaddr,
    pktSrcaddr: c['pkt-srcaddr'],
    pktDstaddr: c['pkt-dstaddr'],
    srcport: c.srcport,
    dstport: c.dstport,
    protocol: c.protocol,
    packets: c.packets,
    bytes: c.bytes,
    start: c.start,
    end: c.end,
    action: c.action,
    logStatus: c['log-status'],
    tcpFlags: c['tcp-flags'],
    region: c.region,
    flowDirection: c['flow-direction'],
    pktDstAwsService: c['pkt-dst-aws-service'],
  };
}

/** Numeric columns of a record; -1 where absent (`-` or not in the format). */
export interface FlowNumbers {
  protocol: number;
  srcPort: number;
  dstPort: number;
  tcpFlags: number;
  packets: number;
  bytes: number;
  /** Epoch seconds. */
  start: number;
  end: number;
}

/** Latest epoch second a JS Date can hold: a later `start` is garbage, not a time. */
const MAX_EPOCH_SECONDS = 8_640_000_000_000;

/** A FlowNumbers to reuse across the lines of a batch. */
export function emptyNumbers(): FlowNumbers {
  return { protocol: -1, srcPort: -1, dstPort: -1, tcpFlags: -1, packets: -1, bytes: -1, start: -1, end: -1 };
}

/** Reads the numeric columns into `n`; returns a description of the first invalid one, if any. */
export function readNumbers(cols: FlowColumns, L: FlowLayout, n: FlowNumbers): string | undefined {
  n.protocol = cols.int(L.protocol);
  n.srcPort = cols.int(L.srcport);
  n.dstPort = cols.int(L.dstport);
  n.tcpFlags = cols.int(L.tcpFlags);
  n.packets = cols.int(L.packets);
  n.bytes = cols.int(L.bytes);
  n.start = cols.int(L.start);
  n.end = cols.int(L.end);
  if (n.protocol > 255 || Number.isNaN(n.protocol)) return `protocol "${cols.text(L.protocol)}"`;
  if (n.srcPort > 65535 || Number.isNaN(n.srcPort)) return `srcport "${cols.text(L.srcport)}"`;
  if (n.dstPort > 65535 || Number.isNaN(n.dstPort)) return `dstport "${cols.text(L.dstport)}"`;
  if (n.tcpFlags > 255 || Number.isNaN(n.tcpFlags)) return `tcp-flags "${cols.text(L.tcpFlags)}"`;
  if (Number.isNaN(n.packets)) return `packets "${cols.text(L.packets)}"`;
  if (Number.isNaN(n.bytes)) return `bytes "${cols.text(L.bytes)}"`;
  if (n.start > MAX_EPOCH_SECONDS || Number.isNaN(n.start)) return `start "${cols.text(L.start)}"`;
  if (n.end > MAX_EPOCH_SECONDS || Number.isNaN(n.end)) return `end "${cols.text(L.end)}"`;
  return undefined;
}
