/**
 * Parquet flow logs as AWS delivers them, written at test time with hyparquet-writer (a real Parquet
 * writer, not hand-made bytes): columns named after the fields with underscores (`account_id`,
 * `pkt_srcaddr`), typed as the VPC User Guide's "Parquet data type" says (INT_32: version, ports,
 * protocol, tcp-flags, traffic-path; INT_64: packets, bytes, start, end; STRING otherwise), every
 * column OPTIONAL (a `-` in the text delivery is a null), compressed with the codec asked for.
 *
 * AWS writes flow-log Parquet with Gzip (the User Guide: "Parquet format with Gzip compression"):
 * GZIP pages are compressed with node's zlib, a real Gzip writer. SNAPPY is hyparquet-writer's own.
 * ZSTD (what other AWS writers use) has no compressor on Node 20 (zlib has Zstandard from Node 22.15
 * on), so {@link zstdRawFrame} writes valid Zstandard frames made of raw (stored) blocks: the ZSTD
 * codec path of the reader is exercised honestly, but not Zstandard's entropy decoding.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ColumnSource } from 'hyparquet-writer';
import { FLOW_FIELD_VERSIONS, type FlowFieldName } from '../../lambdas/core/sources/vpc-flow/flow-format';

export type FlowCodec = 'GZIP' | 'SNAPPY' | 'UNCOMPRESSED' | 'ZSTD';

const INT32: ReadonlySet<FlowFieldName> = new Set(['version', 'srcport', 'dstport', 'protocol', 'tcp-flags', 'traffic-path']);
const INT64: ReadonlySet<FlowFieldName> = new Set(['packets', 'bytes', 'start', 'end']);

/** The Parquet type AWS gives a flow-log field. */
export function flowParquetType(field: FlowFieldName): 'INT32' | 'INT64' | 'STRING' {
  return INT32.has(field) ? 'INT32' : INT64.has(field) ? 'INT64' : 'STRING';
}

export const ALL_FLOW_FIELDS = Object.keys(FLOW_FIELD_VERSIONS) as FlowFieldName[];

/**
 * A Zstandard frame (RFC 8878) holding `input` in raw blocks: magic, a single-segment frame header
 * with a 4-byte content size, then blocks of at most 128 KiB, the last one flagged.
 */
export function zstdRawFrame(input: Uint8Array): Uint8Array {
  const MAX_BLOCK = 128 * 1024;
  const blocks = Math.max(1, Math.ceil(input.length / MAX_BLOCK));
  const out = new Uint8Array(4 + 1 + 4 + blocks * 3 + input.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0xfd2fb528, true);
  out[4] = 0xa0; // Frame_Content_Size_flag = 2 (4 bytes), Single_Segment_flag = 1
  view.setUint32(5, input.length, true);
  let at = 9;
  for (let b = 0; b < blocks; b++) {
    const part = input.subarray(b * MAX_BLOCK, Math.min(input.length, (b + 1) * MAX_BLOCK));
    const header = (part.length << 3) | (0 << 1) | (b === blocks - 1 ? 1 : 0); // Raw_Block
    out[at] = header & 0xff;
    out[at + 1] = (header >> 8) & 0xff;
    out[at + 2] = (header >> 16) & 0xff;
    out.set(part, at + 3);
    at += 3 + part.length;
  }
  return out;
}

const COMPRESSORS = {
  GZIP: (b: Uint8Array) => new Uint8Array(gzipSync(b)),
  ZSTD: zstdRawFrame,
};

/** One value of a text record as the Parquet delivery holds it (`-` is null). */
function typed(field: FlowFieldName, text: string | undefined): number | bigint | string | null {
  if (text === undefined || text === '-') return null;
  const type = flowParquetType(field);
  if (type === 'INT32') return Number(text);
  if (type === 'INT64') return BigInt(text);
  return text;
}

export interface FlowParquetOptions {
  codec?: FlowCodec;
  /** Rows per row group (default: all in one). */
  rowGroupSize?: number;
}

/**
 * A flow-log Parquet file of `fields` (in that column order) holding `records`: each a text record's
 * values in that order (`-` for none), exactly what the text delivery would have written.
 * @example flowLogParquet(['version', 'srcaddr'], [['5', '10.0.0.1']], { codec: 'GZIP' })
 */
export function flowLogParquet(fields: readonly FlowFieldName[], records: ReadonlyArray<readonly string[]>, opts: FlowParquetOptions = {}): Uint8Array {
  const columnData: ColumnSource[] = fields.map((field, c) => ({
    name: field.replace(/-/g, '_'),
    data: records.map((r) => typed(field, r[c])),
    type: flowParquetType(field),
    nullable: true,
  }));
  const codec = opts.codec ?? 'GZIP';
  return new Uint8Array(
    parquetWriteBuffer({
      columnData,
      codec,
      compressors: COMPRESSORS,
      ...(opts.rowGroupSize ? { rowGroupSize: opts.rowGroupSize } : {}),
      createdBy: 'an1261 test fixtures (hyparquet-writer)',
    }),
  );
}

/** A flow-log text file's lines (header, then records) → the same flows as Parquet. */
export function flowLogParquetOfText(text: string, opts: FlowParquetOptions = {}): Uint8Array {
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  const fields = lines[0]!.trim().split(/\s+/) as FlowFieldName[];
  return flowLogParquet(
    fields,
    lines.slice(1).map((l) => l.trim().split(/\s+/)),
    opts,
  );
}

/** Writes `bytes` at `dir/rel` (folders made), as `aws s3 sync` leaves an object; returns the path. */
export function writeObjectFile(dir: string, rel: string, bytes: Uint8Array | string): string {
  const path = join(dir, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}

/** The key AWS gives a flow-log file (plain layout, daily or hourly partitions). */
export function flowLogKey(opts: { account: string; region: string; day: string; hour?: string; flowLogId?: string; format: 'text' | 'parquet'; prefix?: string; hive?: boolean }): string {
  const [y, m, d] = opts.day.split('-') as [string, string, string];
  const stamp = `${y}${m}${d}T${opts.hour ?? '00'}05Z`;
  const name = `${opts.account}_vpcflowlogs_${opts.region}_${opts.flowLogId ?? 'fl-0123456789abcdef0'}_${stamp}_1a2b3c4d.log.${opts.format === 'parquet' ? 'parquet' : 'gz'}`;
  const dirs = opts.hive
    ? [`aws-account-id=${opts.account}`, 'aws-service=vpcflowlogs', `aws-region=${opts.region}`, `year=${y}`, `month=${m}`, `day=${d}`, ...(opts.hour ? [`hour=${opts.hour}`] : [])]
    : [opts.account, 'vpcflowlogs', opts.region, y, m, d, ...(opts.hour ? [opts.hour] : [])];
  return `${opts.prefix ?? ''}AWSLogs/${dirs.join('/')}/${name}`;
}
