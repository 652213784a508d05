/**
 * VPC flow logs delivered as Parquet → the same records the text delivery writes, so the one flow
 * normalizer judges both. AWS names the Parquet columns after the fields with underscores
 * (`account_id`, `pkt_srcaddr`, `log_status`, `flow_direction`) and types them INT_32 (version,
 * ports, protocol, tcp-flags, traffic-path), INT_64 (packets, bytes, start, end) or STRING (VPC User
 * Guide, "Flow log records", the "Parquet data type" of each field). The columns give the format
 * (underscore → hyphen, in column order, as a header line would); each row becomes one line, values
 * joined by a space, a null (or empty string) written `-` as the text delivery writes it. Nothing
 * but the line is allocated per row.
 */
import { FLOW_FIELD_VERSIONS, type FlowFieldName } from '../sources/vpc-flow/flow-format';

/** Which columns of a Parquet file are flow-log fields, in file order. */
export interface FlowColumnPlan {
  /** The format, as a header line: field names separated by spaces. */
  format: string;
  /** The Parquet column of each field, in the format's order. */
  columns: readonly string[];
  /** Columns that name no flow-log field (left out). */
  unknown: readonly string[];
}

const KNOWN: ReadonlySet<string> = new Set(Object.keys(FLOW_FIELD_VERSIONS));

/** A Parquet column name as a flow-log field (`pkt_srcaddr` → `pkt-srcaddr`), or undefined. */
export function flowFieldOfColumn(column: string): FlowFieldName | undefined {
  const name = column.toLowerCase().replace(/_/g, '-');
  return KNOWN.has(name) ? (name as FlowFieldName) : undefined;
}

/** The Parquet column of a flow-log field (`pkt-srcaddr` → `pkt_srcaddr`). */
export function columnOfFlowField(field: FlowFieldName): string {
  return field.replace(/-/g, '_');
}

/** The flow-log plan of a file's columns; undefined when none is a flow-log field. */
export function flowColumnPlan(columns: readonly string[]): FlowColumnPlan | undefined {
  const fields: string[] = [];
  const kept: string[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  for (const c of columns) {
    const f = flowFieldOfColumn(c);
    if (f === undefined || seen.has(f)) unknown.push(c);
    else {
      seen.add(f);
      fields.push(f);
      kept.push(c);
    }
  }
  if (fields.length === 0) return undefined;
  return { format: fields.join(' '), columns: kept, unknown };
}

/** One value as the text delivery writes it. */
export function flowText(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v.length === 0 ? '-' : v;
    case 'number':
    case 'bigint':
      return String(v);
    case 'undefined':
      return '-';
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      if (v === null) return '-';
      // A TIMESTAMP-typed start/end: the text delivery writes Unix seconds.
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? '-' : String(Math.floor(v.getTime() / 1000));
      // Never in AWS's schema: kept visible (the normalizer then rejects the record), without spaces.
      return String(v).replace(/\s+/g, '_').slice(0, 200) || '-';
  }
}

/**
 * Builds the line of row `r` from the plan's columns.
 * @example flowLine([['5'], ['111122223333']], 0) === '5 111122223333'
 */
export function flowLine(columns: ReadonlyArray<ArrayLike<unknown>>, r: number): string {
  let line = flowText(columns[0]![r]);
  for (let c = 1; c < columns.length; c++) line += ' ' + flowText(columns[c]![r]);
  return line;
}
