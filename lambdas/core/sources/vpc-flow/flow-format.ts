/**
 * VPC flow-log format strings: the catalogue of documented fields, parsing a format (AWS
 * `${field} ${field}` syntax or plain space-separated names) into column indexes once per batch,
 * and recognising the header line S3 delivery writes at the top of each file.
 */

/**
 * Every documented VPC flow-log field with the flow-log version that introduced it
 * (AWS VPC User Guide, "Flow log records" → "Available fields"; version 6 is transit-gateway
 * flow logs, a different record type, so no field here has version 6).
 */
export const FLOW_FIELD_VERSIONS = {
  version: 2,
  'account-id': 2,
  'interface-id': 2,
  srcaddr: 2,
  dstaddr: 2,
  srcport: 2,
  dstport: 2,
  protocol: 2,
  packets: 2,
  bytes: 2,
  start: 2,
  end: 2,
  action: 2,
  'log-status': 2,
  'vpc-id': 3,
  'subnet-id': 3,
  'instance-id': 3,
  'tcp-flags': 3,
  type: 3,
  'pkt-srcaddr': 3,
  'pkt-dstaddr': 3,
  region: 4,
  'az-id': 4,
  'sublocation-type': 4,
  'sublocation-id': 4,
  'pkt-src-aws-service': 5,
  'pkt-dst-aws-service': 5,
  'flow-direction': 5,
  'traffic-path': 5,
  'ecs-cluster-arn': 7,
  'ecs-cluster-name': 7,
  'ecs-container-instance-arn': 7,
  'ecs-container-instance-id': 7,
  'ecs-container-id': 7,
  'ecs-second-container-id': 7,
  'ecs-service-name': 7,
  'ecs-task-definition-arn': 7,
  'ecs-task-arn': 7,
  'ecs-task-id': 7,
  'reject-reason': 8,
} as const;

export type FlowFieldName = keyof typeof FLOW_FIELD_VERSIONS;

const KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(FLOW_FIELD_VERSIONS));

/** The default format (all version 2 fields in table order): what a flow log without a custom format writes. */
export const DEFAULT_FLOW_FORMAT =
  '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}';

/** A parsed format: the fields in column order and the column of each field (-1 when absent). */
export interface FlowFormat {
  readonly fields: readonly FlowFieldName[];
  /** Highest version among the fields: what the `version` column holds for this format. */
  readonly version: number;
  readonly col: Readonly<Record<FlowFieldName, number>>;
}

/** Splits on runs of whitespace (formats are short and parsed once per batch, so no hot-path concern). */
function tokens(text: string): string[] {
  return text.split(/\s+/).filter((t) => t.length > 0);
}

/** `${srcaddr}` or `srcaddr` → `srcaddr` (lower-cased: AWS names are lower-case). */
function fieldNameOf(token: string): string {
  const bare = token.startsWith('${') && token.endsWith('}') ? token.slice(2, -1) : token;
  return bare.trim().toLowerCase();
}

/**
 * Parses a flow-log format into column indexes.
 * @example parseFlowFormat('${version} ${srcaddr} ${dstaddr}').col.dstaddr === 2
 * @throws Error naming the first unknown field, e.g. `unknown flow-log field "xyz"`, a duplicate, or an empty format.
 */
export function parseFlowFormat(format: string): FlowFormat {
  const fields: FlowFieldName[] = [];
  const col = Object.fromEntries(Object.keys(FLOW_FIELD_VERSIONS).map((f) => [f, -1])) as Record<FlowFieldName, number>;
  let version = 0;
  for (const token of tokens(format)) {
    const name = fieldNameOf(token);
    if (!KNOWN_FIELDS.has(name)) throw new Error(`unknown flow-log field "${name}"`);
    const field = name as FlowFieldName;
    if (col[field] !== -1) throw new Error(`duplicate flow-log field "${name}"`);
    col[field] = fields.length;
    fields.push(field);
    version = Math.max(version, FLOW_FIELD_VERSIONS[field]);
  }
  if (fields.length === 0) throw new Error('flow-log format names no field');
  return { fields, version, col };
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45; // a-z 0-9 -
}

/**
 * True when `line` is a header of field names (S3 delivery writes one at the top of each file,
 * e.g. `version account-id interface-id srcaddr …`): its first word is a known field name and every
 * word is name-like. A header naming an unknown field is still a header (parseFlowFormat then says
 * which field), so that it is reported instead of being mistaken for a record.
 */
export function isFlowHeaderLine(line: string): boolean {
  let i = 0;
  const n = line.length;
  while (i < n && line.charCodeAt(i) <= 32) i++;
  const first = line.charCodeAt(i);
  if (!(first >= 97 && first <= 122)) return false; // every field name starts with a-z; records rarely do
  let firstWordEnd = -1;
  for (let j = i; j < n; j++) {
    const c = line.charCodeAt(j);
    if (c <= 32) {
      if (firstWordEnd < 0) firstWordEnd = j;
    } else if (!isNameChar(c)) return false;
  }
  return KNOWN_FIELDS.has(line.slice(i, firstWordEnd < 0 ? n : firstWordEnd));
}
