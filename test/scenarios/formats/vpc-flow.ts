/**
 * VPC flow logs as delivered to S3: a header line naming the fields (the format), then one record
 * per line; gzipped like S3 delivery, or plain. Two formats: the default v2 fields, and a custom v5
 * format with instance-id, tcp-flags, pkt-srcaddr/pkt-dstaddr, pkt-dst-aws-service and flow-direction.
 */
import { gzipSync } from 'node:zlib';

export const V2_FIELDS = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
export const V5_CUSTOM_FIELDS =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path';

export type FlowFormat = 'v2' | 'v5';

export interface Flow {
  eni: string;
  instanceId?: string;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  /** 6 TCP, 17 UDP, 58 ICMPv6 */
  protocol: number;
  packets: number;
  bytes: number;
  start: number;
  end: number;
  action?: 'ACCEPT' | 'REJECT';
  /** OR of TCP flags in the interval (2 SYN, 3 SYN+FIN, 18 SYN-ACK, 19 SYN-ACK+FIN). */
  tcpFlags?: number;
  direction: 'egress' | 'ingress';
  dstService?: string;
  srcService?: string;
  status?: 'OK' | 'NODATA';
}

const sec = (ms: number) => Math.floor(ms / 1000);

function v2(f: Flow, account: string): string {
  if (f.status === 'NODATA') return ['2', account, f.eni, '-', '-', '-', '-', '-', '-', '-', sec(f.start), sec(f.end), '-', 'NODATA'].join(' ');
  return ['2', account, f.eni, f.src, f.dst, f.srcPort, f.dstPort, f.protocol, f.packets, f.bytes, sec(f.start), sec(f.end), f.action ?? 'ACCEPT', 'OK'].join(' ');
}

function v5(f: Flow, account: string, vpc: string): string {
  const v6 = f.src.includes(':');
  if (f.status === 'NODATA') return ['5', account, f.eni, '-', '-', '-', '-', '-', '-', '-', sec(f.start), sec(f.end), '-', 'NODATA', vpc, '-', f.instanceId ?? '-', '-', '-', '-', '-', 'us-east-1', 'use1-az4', '-', '-', '-', '-'].join(' ');
  return [
    '5', account, f.eni, f.src, f.dst, f.srcPort, f.dstPort, f.protocol, f.packets, f.bytes, sec(f.start), sec(f.end), f.action ?? 'ACCEPT', 'OK',
    vpc, 'subnet-0' + f.eni.slice(5, 21), f.instanceId ?? '-', f.protocol === 6 ? (f.tcpFlags ?? 0) : '-', v6 ? 'IPv6' : 'IPv4', f.src, f.dst, 'us-east-1', 'use1-az4',
    f.srcService ?? '-', f.dstService ?? '-', f.direction, f.direction === 'egress' ? (f.dst.startsWith('10.') ? '1' : '8') : '-',
  ].join(' ');
}

/** One S3-delivered flow-log file; records in their delivery order (not necessarily time order). */
export function flowLogFile(format: FlowFormat, account: string, flows: readonly Flow[], opts: { gzip?: boolean; vpc?: string } = {}): string | Buffer {
  const vpc = opts.vpc ?? 'vpc-0a1b2c3d4e5f67890';
  const lines = [format === 'v2' ? V2_FIELDS : V5_CUSTOM_FIELDS, ...flows.map((f) => (format === 'v2' ? v2(f, account) : v5(f, account, vpc)))];
  const text = `${lines.join('\n')}\n`;
  return opts.gzip === false ? text : gzipSync(text);
}

/** The S3 key name AWS gives a flow-log file (`<acct>_vpcflowlogs_<region>_<fl-id>_<yyyymmddThhmmZ>_<hash>.log.gz`). */
export function flowLogName(account: string, at: number, hash: string, gzip = true): string {
  const stamp = new Date(at).toISOString().replace(/[-:]/g, '').slice(0, 13);
  return `${account}_vpcflowlogs_us-east-1_fl-0f1e2d3c4b5a69788_${stamp}Z_${hash}.log${gzip ? '.gz' : ''}`;
}
