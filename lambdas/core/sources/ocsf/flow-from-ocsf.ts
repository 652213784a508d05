/**
 * Security Lake VPC_FLOW (OCSF Network Activity, class 4001) → one VPC flow-log line in a fixed
 * version-5 format, so the native flow normalizer and its rules judge it. The reverse of Security
 * Lake's published mapping (ocsf/examples mappings/markdown/AWS/v1.0.0-rc.2 and v1.1.0 "VPC
 * Flowlogs"; docs/security-lake.md has the table):
 *  - `srcaddr`/`pkt-srcaddr`: when they differ, src_endpoint.ip is pkt-srcaddr and
 *    src_endpoint.intermediate_ips[0] srcaddr; when equal only ip is set (same for dst);
 *  - interface/instance/vpc/subnet ids sit on src_endpoint for `egress` records and on
 *    dst_endpoint for `ingress` ones (connection_info.direction Outbound / Inbound);
 *  - times are epoch ms (`time` = start; `start_time`/`end_time` in 1.0.0-rc.2, `start_time_dt`/
 *    `end_time_dt` timestamps in 1.1.0), flow logs epoch seconds;
 *  - ACCEPT / REJECT is `disposition_id` 1 / 2 (`action_id` 1 / 2 in 1.1.0).
 */
import { type Row, CAPS, arrAt, at, cloudAccountOf, intAt, msAt, objAt, regionOrUndefined, strAt } from './ocsf-values';

/** The format of the lines written here: the fields every flow rule reads (the sample config's format). */
export const OCSF_FLOW_FORMAT =
  '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${vpc-id} ${subnet-id} ${instance-id} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr} ${region} ${az-id} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${flow-direction} ${traffic-path}';

export type FlowLineResult = { readonly line: string } | { readonly reject: string; readonly detail: string };

const TOKEN = /^[!-~]+$/; // printable ASCII, no whitespace: a column must stay one column

class FieldError extends Error {}

/** A string column: absent → `-`; whitespace, control characters or an oversized value make the row unreadable. */
function token(v: unknown, field: string): string {
  if (v === undefined || v === null || v === '') return '-';
  if (typeof v !== 'string' || v.length > CAPS.flowToken || !TOKEN.test(v)) {
    throw new FieldError(`${field}: ${typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : typeof v}`);
  }
  return v;
}

/** A whole non-negative number column; `-` when absent. */
function count(row: Row, path: string): string {
  const raw = at(row, path);
  if (raw === undefined || raw === null) return '-';
  const n = intAt(row, path);
  if (n === undefined || n < 0) throw new FieldError(`${path}: not a whole number`);
  return String(n);
}

/** Epoch ms → epoch seconds column. */
function seconds(ms: number | undefined): string {
  return ms === undefined ? '-' : String(Math.floor(ms / 1000));
}

type Direction = 'ingress' | 'egress' | undefined;

function directionOf(row: Row): Direction {
  const id = intAt(row, 'connection_info.direction_id');
  const name = strAt(row, 'connection_info.direction', 32)?.toLowerCase();
  if (id === 1 || name === 'inbound') return 'ingress';
  if (id === 2 || name === 'outbound') return 'egress';
  return undefined;
}

/** ACCEPT / REJECT from disposition_id or action_id (1 allowed, 2 blocked/denied), else their names. */
function actionOf(row: Row): string {
  for (const path of ['action_id', 'disposition_id']) {
    const id = intAt(row, path);
    if (id === 1) return 'ACCEPT';
    if (id === 2) return 'REJECT';
  }
  const name = (strAt(row, 'action', 32) ?? strAt(row, 'disposition', 32))?.toLowerCase();
  if (name === 'allowed') return 'ACCEPT';
  if (name === 'denied' || name === 'blocked') return 'REJECT';
  return '-';
}

/** srcaddr and pkt-srcaddr of one endpoint (the conditional mapping above, reversed). */
function addresses(endpoint: Row | undefined): { addr: unknown; pkt: unknown } {
  const ip = endpoint?.['ip'];
  const intermediate = arrAt(endpoint, 'intermediate_ips')[0];
  return intermediate !== undefined && intermediate !== null ? { addr: intermediate, pkt: ip } : { addr: ip, pkt: ip };
}

/** The endpoint that carries the capturing interface's ids. */
function interfaceEndpoint(row: Row, direction: Direction): Row | undefined {
  const src = objAt(row, 'src_endpoint');
  const dst = objAt(row, 'dst_endpoint');
  if (direction === 'egress') return src;
  if (direction === 'ingress') return dst;
  // No direction (not expected from Security Lake): whichever endpoint names an interface.
  return src?.['interface_uid'] || src?.['instance_uid'] ? src : dst;
}

function trafficPath(row: Row): string {
  const id = intAt(row, 'connection_info.boundary_id');
  return id !== undefined && id >= 1 && id <= 8 ? String(id) : '-';
}

/** One row → one line of OCSF_FLOW_FORMAT, or why it cannot be read. */
export function flowLineOf(row: Row): FlowLineResult {
  try {
    const direction = directionOf(row);
    const src = objAt(row, 'src_endpoint');
    const dst = objAt(row, 'dst_endpoint');
    const s = addresses(src);
    const d = addresses(dst);
    const iface = interfaceEndpoint(row, direction);
    const startMs = msAt(row, 'start_time') ?? msAt(row, 'start_time_dt') ?? msAt(row, 'time');
    const endMs = msAt(row, 'end_time') ?? msAt(row, 'end_time_dt');
    const region = strAt(row, 'cloud.region', 64);
    if (region !== undefined && regionOrUndefined(region) === undefined) throw new FieldError(`cloud.region: ${JSON.stringify(region.slice(0, 40))}`);
    const columns = [
      token(strAt(row, 'metadata.product.version', 16), 'metadata.product.version'),
      token(cloudAccountOf(row), 'cloud.account.uid'),
      token(iface?.['interface_uid'], 'interface_uid'),
      token(s.addr, 'src_endpoint.intermediate_ips/ip'),
      token(d.addr, 'dst_endpoint.intermediate_ips/ip'),
      count(row, 'src_endpoint.port'),
      count(row, 'dst_endpoint.port'),
      count(row, 'connection_info.protocol_num'),
      count(row, 'traffic.packets'),
      count(row, 'traffic.bytes'),
      seconds(startMs),
      seconds(endMs),
      actionOf(row),
      token(strAt(row, 'status_code', 16), 'status_code'),
      token(iface?.['vpc_uid'], 'vpc_uid'),
      token(iface?.['subnet_uid'], 'subnet_uid'),
      token(iface?.['instance_uid'], 'instance_uid'),
      count(row, 'connection_info.tcp_flags'),
      token(strAt(row, 'connection_info.protocol_ver', 16), 'connection_info.protocol_ver'),
      token(s.pkt, 'src_endpoint.ip'),
      token(d.pkt, 'dst_endpoint.ip'),
      token(region, 'cloud.region'),
      token(strAt(row, 'cloud.zone', 64), 'cloud.zone'),
      token(src?.['svc_name'], 'src_endpoint.svc_name'),
      token(dst?.['svc_name'], 'dst_endpoint.svc_name'),
      direction ?? '-',
      trafficPath(row),
    ];
    return { line: columns.join(' ') };
  } catch (e) {
    if (e instanceof FieldError) return { reject: 'ocsf:invalid-flow-field', detail: e.message };
    throw e;
  }
}
