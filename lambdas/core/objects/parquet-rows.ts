/**
 * Parquet files read row group by row group through hyparquet over an {@link AsyncBuffer} (range
 * reads: an S3 object through ranged GETs, a local file through its handle), so memory holds one
 * row group's columns at a time, never the file. The footer is read first and checked before
 * hyparquet parses it: its length is capped (`object:parquet-metadata-too-large`), a file that does
 * not end in `PAR1` or whose footer cannot be parsed is `object:invalid-parquet`; a row group whose
 * uncompressed size or row count is past the caps is skipped and counted
 * (`object:parquet-row-group-too-large`) before any of it is read. Every codec hyparquet-compressors
 * decodes is accepted (Snappy, Gzip, Zstd, Brotli, LZ4).
 *
 * Reads of the file itself may fail for reasons of their own (an S3 throttle, a closed file): those
 * are wrapped in {@link SourceReadError} so a caller can tell them from a corrupt file.
 */
import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, ColumnData, Compressors, FileMetaData } from 'hyparquet';
import { compressors as allCompressors, decompressZstd } from 'hyparquet-compressors';
import { SourceReadError } from '../envelopes/byte-stream';
import { An1261Error, errorMessage } from '../util/errors';

export { SourceReadError } from '../envelopes/byte-stream';

export type { AsyncBuffer } from 'hyparquet';

export interface ParquetLimits {
  /** Largest footer (thrift metadata) read, bytes. Default 8 MiB. */
  maxMetadataBytes: number;
  /** Largest row group read, bytes of uncompressed column data. Default 256 MiB. */
  maxRowGroupBytes: number;
  /** Most rows in one row group. Default 4,000,000. */
  maxRowGroupRows: number;
  /**
   * Bytes read from the end of the file at once for the footer (the whole file when it is smaller):
   * a small file costs one request. Default 256 KiB.
   */
  tailBytes: number;
}

export const PARQUET_LIMITS: ParquetLimits = {
  maxMetadataBytes: 8 * 1024 * 1024,
  maxRowGroupBytes: 256 * 1024 * 1024,
  maxRowGroupRows: 4_000_000,
  tailBytes: 256 * 1024,
};

export const PARQUET_REASONS = {
  invalid: 'object:invalid-parquet',
  metadataTooLarge: 'object:parquet-metadata-too-large',
  rowGroupTooLarge: 'object:parquet-row-group-too-large',
} as const;

/** A file that is not a readable Parquet file (the rows read before the fault are kept). */
export class ParquetFault extends An1261Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const MAGIC = 0x31524150; // "PAR1" little-endian

export { isParquetMagic } from './parquet-magic';

/** One row group: its place in the file and its uncompressed size. */
export interface RowGroupInfo {
  index: number;
  /** Index of its first row in the file. */
  rowStart: number;
  rows: number;
  bytes: number;
}

export interface ParquetFile {
  readonly file: AsyncBuffer;
  readonly metadata: FileMetaData;
  /** Top-level column names, in schema order. */
  readonly columns: readonly string[];
  readonly rowGroups: readonly RowGroupInfo[];
  readonly rows: number;
}

/** Columns of one row group: each top-level column's values (nested ones assembled), `rows` long. */
export interface RowGroupColumns {
  group: RowGroupInfo;
  columns: Map<string, ArrayLike<unknown>>;
}

/** Wraps every read of `file` so that its own failures are told apart (see {@link SourceReadError}). */
function guarded(file: AsyncBuffer): AsyncBuffer {
  return {
    byteLength: file.byteLength,
    slice: async (start, end) => {
      try {
        return await file.slice(start, end);
      } catch (e) {
        throw e instanceof SourceReadError ? e : new SourceReadError(e);
      }
    },
  };
}

/** Serves reads inside the tail already fetched from memory (a small file is then read once). */
function withTail(file: AsyncBuffer, tailStart: number, tail: ArrayBuffer): AsyncBuffer {
  return {
    byteLength: file.byteLength,
    slice: (start, end = file.byteLength) => (start >= tailStart && end <= file.byteLength ? tail.slice(start - tailStart, end - tailStart) : file.slice(start, end)),
  };
}

function toArrayBuffer(b: ArrayBuffer | Uint8Array): ArrayBuffer {
  if (b instanceof ArrayBuffer) return b;
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/**
 * Reads and checks the footer of a Parquet file. Throws {@link ParquetFault} for a file that is not
 * Parquet, truncated, or whose metadata is past `maxMetadataBytes`; {@link SourceReadError} when a
 * read fails.
 */
export async function openParquet(source: AsyncBuffer, limits: ParquetLimits = PARQUET_LIMITS): Promise<ParquetFile> {
  const size = source.byteLength;
  if (!(size >= 12)) throw new ParquetFault(PARQUET_REASONS.invalid, `${size} bytes: too short for a Parquet file`);
  const file = guarded(source);
  const tailStart = Math.max(0, size - Math.max(limits.tailBytes, 8));
  const tail = toArrayBuffer(await file.slice(tailStart, size));
  if (tail.byteLength !== size - tailStart) throw new ParquetFault(PARQUET_REASONS.invalid, `read ${tail.byteLength} bytes of the footer, expected ${size - tailStart}`);
  const view = new DataView(tail);
  if (view.getUint32(tail.byteLength - 4, true) !== MAGIC) throw new ParquetFault(PARQUET_REASONS.invalid, 'the file does not end in PAR1 (truncated or not Parquet)');
  const metadataLength = view.getUint32(tail.byteLength - 8, true);
  if (metadataLength > limits.maxMetadataBytes) throw new ParquetFault(PARQUET_REASONS.metadataTooLarge, `metadata of ${metadataLength} bytes (at most ${limits.maxMetadataBytes})`);
  if (metadataLength + 12 > size) throw new ParquetFault(PARQUET_REASONS.invalid, `metadata of ${metadataLength} bytes in a file of ${size}`);
  const metadataStart = size - 8 - metadataLength;
  let footer: ArrayBuffer;
  if (metadataStart >= tailStart) footer = tail.slice(metadataStart - tailStart);
  else {
    const head = new Uint8Array(toArrayBuffer(await file.slice(metadataStart, tailStart)));
    const whole = new Uint8Array(size - metadataStart);
    whole.set(head);
    whole.set(new Uint8Array(tail), head.length);
    footer = whole.buffer;
  }
  let metadata: FileMetaData;
  let columns: string[];
  try {
    metadata = parquetMetadata(footer);
    columns = parquetSchema(metadata).children.map((c) => c.element.name);
  } catch (e) {
    throw new ParquetFault(PARQUET_REASONS.invalid, `unreadable metadata (${errorMessage(e).slice(0, 200)})`);
  }
  const rowGroups: RowGroupInfo[] = [];
  let rowStart = 0;
  for (const [index, g] of (metadata.row_groups ?? []).entries()) {
    const rows = Number(g.num_rows);
    // The larger of the group's own total and its column chunks' sum: either may be understated by a writer.
    const chunkBytes = (g.columns ?? []).reduce((s, c) => s + Number(c.meta_data?.total_uncompressed_size ?? 0), 0);
    const bytes = Math.max(Number(g.total_byte_size ?? 0), chunkBytes);
    if (!Number.isSafeInteger(rows) || rows < 0) throw new ParquetFault(PARQUET_REASONS.invalid, `row group ${index}: ${String(g.num_rows)} rows`);
    rowGroups.push({ index, rowStart, rows, bytes });
    rowStart += rows;
  }
  return { file: withTail(file, tailStart, tail), metadata, columns, rowGroups, rows: rowStart };
}

/**
 * The decompressors, each refusing a page whose header claims more than `maxPageBytes` (a page is
 * decompressed into a buffer of the size its header claims) and Zstd bounded by that size too (it
 * would otherwise grow its output as far as the frame says).
 */
export function boundedCompressors(maxPageBytes: number): Compressors {
  const bound =
    (codec: string, fn: (input: Uint8Array, outputLength: number) => Uint8Array) =>
    (input: Uint8Array, outputLength: number): Uint8Array => {
      if (!(outputLength >= 0 && outputLength <= maxPageBytes)) throw new Error(`a ${codec} page of ${outputLength} bytes (at most ${maxPageBytes})`);
      return fn(input, outputLength);
    };
  const out: Compressors = {};
  for (const [codec, fn] of Object.entries(allCompressors) as Array<[keyof Compressors, NonNullable<Compressors[keyof Compressors]>]>) out[codec] = bound(codec, fn);
  out.ZSTD = bound('ZSTD', (input, outputLength) => decompressZstd(input, new Uint8Array(outputLength)));
  return out;
}

/** Why a row group is not read, or undefined when it may be. */
export function rowGroupRefusal(g: RowGroupInfo, limits: ParquetLimits = PARQUET_LIMITS): string | undefined {
  if (g.rows > limits.maxRowGroupRows) return `row group ${g.index}: ${g.rows} rows (at most ${limits.maxRowGroupRows})`;
  if (g.bytes > limits.maxRowGroupBytes) return `row group ${g.index}: ${g.bytes} bytes uncompressed (at most ${limits.maxRowGroupBytes})`;
  return undefined;
}

/**
 * Reads the columns of one row group (all top-level columns, or `columns`). Throws
 * {@link ParquetFault} when the data cannot be decoded, {@link SourceReadError} when a read fails.
 */
export async function readRowGroup(pf: ParquetFile, group: RowGroupInfo, columns?: readonly string[], compressors: Compressors = allCompressors): Promise<RowGroupColumns> {
  const pieces = new Map<string, ColumnData[]>();
  try {
    await parquetRead({
      file: pf.file,
      metadata: pf.metadata,
      rowStart: group.rowStart,
      rowEnd: group.rowStart + group.rows,
      ...(columns ? { columns: [...columns] } : {}),
      compressors,
      onChunk: (chunk) => {
        let list = pieces.get(chunk.columnName);
        if (!list) pieces.set(chunk.columnName, (list = []));
        list.push(chunk);
      },
    });
  } catch (e) {
    if (e instanceof SourceReadError) throw e;
    throw new ParquetFault(PARQUET_REASONS.invalid, `row group ${group.index}: ${errorMessage(e).slice(0, 200)}`);
  }
  const out = new Map<string, ArrayLike<unknown>>();
  for (const name of columns ?? pf.columns) {
    const list = (pieces.get(name) ?? []).filter((c) => c.rowEnd > group.rowStart && c.rowStart < group.rowStart + group.rows);
    if (list.length === 1 && list[0]!.rowStart === group.rowStart && list[0]!.rowEnd === group.rowStart + group.rows) {
      out.set(name, list[0]!.columnData as ArrayLike<unknown>);
      continue;
    }
    // Pages in order; keep the rows of this group only.
    list.sort((a, b) => a.rowStart - b.rowStart);
    const values = new Array<unknown>(group.rows);
    let filled = 0;
    for (const c of list) {
      const data = c.columnData as ArrayLike<unknown>;
      for (let i = 0; i < data.length; i++) {
        const row = c.rowStart + i - group.rowStart;
        if (row < 0 || row >= group.rows) continue;
        values[row] = data[i];
        filled++;
      }
    }
    if (filled < group.rows) throw new ParquetFault(PARQUET_REASONS.invalid, `row group ${group.index}: column ${name.slice(0, 80)} holds ${filled} of ${group.rows} rows`);
    out.set(name, values);
  }
  return { group, columns: out };
}

/** The rows of a row group as objects of its top-level columns (null for a missing value). */
export function rowObjects(rg: RowGroupColumns): Array<Record<string, unknown>> {
  const names = [...rg.columns.keys()];
  const cols = names.map((n) => rg.columns.get(n)!);
  const rows: Array<Record<string, unknown>> = new Array(rg.group.rows);
  for (let r = 0; r < rg.group.rows; r++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = cols[c]![r] ?? null;
    rows[r] = row;
  }
  return rows;
}
