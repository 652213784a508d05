/**
 * The Parquet reader on files written by a real writer (hyparquet-writer, test/support/parquet-fixtures.ts)
 * and on broken ones: row group by row group through range reads, every codec AWS writers use,
 * and every fault a counted reason (`object:invalid-parquet`, `object:parquet-metadata-too-large`,
 * `object:parquet-row-group-too-large`) — never a crash, never the whole file in memory.
 */
import { SourceReadError } from '../../../lambdas/core/envelopes/byte-stream';
import { type AsyncBuffer, PARQUET_LIMITS, PARQUET_REASONS, ParquetFault, type ParquetLimits, boundedCompressors, openParquet, readRowGroup, rowGroupRefusal, rowObjects } from '../../../lambdas/core/objects/parquet-rows';
import { type FlowCodec, flowLogParquet, zstdRawFrame } from '../../support/parquet-fixtures';
import { decompressZstd } from 'hyparquet-compressors';

const FIELDS = ['version', 'account-id', 'srcaddr', 'dstaddr', 'dstport', 'packets', 'bytes', 'start', 'action', 'log-status'] as const;
const row = (i: number) => ['5', '111122223333', `10.0.1.${i % 250}`, `198.51.100.${i % 250}`, '443', String(i + 1), String((i + 1) * 1000), String(1793583000 + i), 'ACCEPT', i % 7 === 0 ? '-' : 'OK'];
const rows = (n: number) => Array.from({ length: n }, (_, i) => row(i));

/** An AsyncBuffer over bytes that records each read. */
function recorded(bytes: Uint8Array): AsyncBuffer & { reads: Array<[number, number]> } {
  const reads: Array<[number, number]> = [];
  return {
    reads,
    byteLength: bytes.byteLength,
    slice(start: number, end: number = bytes.byteLength) {
      reads.push([start, end]);
      return bytes.slice(start, end).buffer;
    },
  };
}

const limits = (l: Partial<ParquetLimits> = {}): ParquetLimits => ({ ...PARQUET_LIMITS, ...l });

async function fault(p: Promise<unknown>): Promise<{ reason: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ParquetFault) return { reason: e.reason, message: e.message };
    throw e;
  }
  throw new Error('expected a ParquetFault');
}

describe('openParquet + readRowGroup', () => {
  it.each<FlowCodec>(['GZIP', 'SNAPPY', 'ZSTD', 'UNCOMPRESSED'])('reads %s row group by row group, nulls as null, INT64 as bigint', async (codec) => {
    const bytes = flowLogParquet(FIELDS, rows(25), { codec, rowGroupSize: 10 });
    const pf = await openParquet(recorded(bytes));
    expect(pf.columns).toEqual(['version', 'account_id', 'srcaddr', 'dstaddr', 'dstport', 'packets', 'bytes', 'start', 'action', 'log_status']);
    expect(pf.rowGroups.map((g) => [g.rowStart, g.rows])).toEqual([
      [0, 10],
      [10, 10],
      [20, 5],
    ]);
    expect(pf.metadata.row_groups[0]!.columns[0]!.meta_data!.codec).toBe(codec);
    const all: Array<Record<string, unknown>> = [];
    for (const g of pf.rowGroups) all.push(...rowObjects(await readRowGroup(pf, g, undefined, boundedCompressors(1 << 20))));
    expect(all).toHaveLength(25);
    expect(all[0]).toEqual({ version: 5, account_id: '111122223333', srcaddr: '10.0.1.0', dstaddr: '198.51.100.0', dstport: 443, packets: 1n, bytes: 1000n, start: 1793583000n, action: 'ACCEPT', log_status: null });
    expect(all[24]).toMatchObject({ packets: 25n, log_status: 'OK' });
  });

  it('reads a small file with one request (the footer read takes the whole file), a large one by ranges', async () => {
    const bytes = flowLogParquet(FIELDS, rows(3000), { codec: 'GZIP', rowGroupSize: 1000 });
    const small = recorded(bytes);
    const pf = await openParquet(small);
    for (const g of pf.rowGroups) await readRowGroup(pf, g);
    expect(small.reads).toEqual([[0, bytes.byteLength]]);

    const ranged = recorded(bytes);
    const pf2 = await openParquet(ranged, limits({ tailBytes: 1024 }));
    const reads = ranged.reads.length;
    const groups = [];
    for (const g of pf2.rowGroups) groups.push((await readRowGroup(pf2, g, ['srcaddr', 'bytes'])).columns.get('bytes')!.length);
    expect(groups).toEqual([1000, 1000, 1000]);
    // One range per row group after the footer; no read is the whole file.
    const after = ranged.reads.slice(reads);
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(ranged.reads.every(([s, e]) => e - s < bytes.byteLength)).toBe(true);
    expect(after.every(([s, e]) => s >= 4 && e <= bytes.byteLength - 8)).toBe(true);
  });

  it('reads the footer in two reads when it is larger than the tail read', async () => {
    const bytes = flowLogParquet(FIELDS, rows(100), { rowGroupSize: 10 });
    const file = recorded(bytes);
    const pf = await openParquet(file, limits({ tailBytes: 16 }));
    expect(pf.rows).toBe(100);
    expect(file.reads).toHaveLength(2);
    expect(file.reads[0]).toEqual([bytes.byteLength - 16, bytes.byteLength]);
  });
});

describe('faults: counted reasons, never a crash', () => {
  const good = () => flowLogParquet(FIELDS, rows(40), { codec: 'GZIP', rowGroupSize: 10 });

  it('a truncated file (no PAR1 at its end) is invalid-parquet', async () => {
    const bytes = good();
    expect(await fault(openParquet(recorded(bytes.slice(0, bytes.length - 3))))).toMatchObject({ reason: PARQUET_REASONS.invalid });
    expect(await fault(openParquet(recorded(bytes.slice(0, bytes.length >> 1))))).toMatchObject({ reason: PARQUET_REASONS.invalid });
  });

  it('a file too short to be Parquet, or empty, is invalid-parquet', async () => {
    expect(await fault(openParquet(recorded(new Uint8Array(0))))).toMatchObject({ reason: PARQUET_REASONS.invalid });
    expect(await fault(openParquet(recorded(new TextEncoder().encode('PAR1PAR1'))))).toMatchObject({ reason: PARQUET_REASONS.invalid });
  });

  it('a corrupt footer (garbage where the thrift metadata is) is invalid-parquet', async () => {
    const bytes = good();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const length = view.getUint32(bytes.length - 8, true);
    const corrupt = bytes.slice();
    for (let i = bytes.length - 8 - length; i < bytes.length - 8; i++) corrupt[i] = (i * 131) & 0xff;
    expect(await fault(openParquet(recorded(corrupt)))).toMatchObject({ reason: PARQUET_REASONS.invalid, message: expect.stringMatching(/unreadable metadata/) });
  });

  it('a footer claiming more metadata than the cap is metadata-too-large, before it is read', async () => {
    const bytes = good();
    const huge = bytes.slice();
    new DataView(huge.buffer).setUint32(huge.length - 8, 64 * 1024 * 1024, true);
    const file = recorded(huge);
    expect(await fault(openParquet(file))).toMatchObject({ reason: PARQUET_REASONS.metadataTooLarge });
    expect(file.reads).toHaveLength(1);
    // Under the cap but past the file's size: invalid.
    expect(await fault(openParquet(recorded(huge), limits({ maxMetadataBytes: 1 << 30 })))).toMatchObject({ reason: PARQUET_REASONS.invalid });
  });

  it('an actual metadata past a small cap is metadata-too-large', async () => {
    expect(await fault(openParquet(recorded(good()), limits({ maxMetadataBytes: 100 })))).toMatchObject({ reason: PARQUET_REASONS.metadataTooLarge });
  });

  it('a row group past the caps is refused before any of it is read', async () => {
    const pf = await openParquet(recorded(good()));
    expect(rowGroupRefusal(pf.rowGroups[0]!, limits({ maxRowGroupRows: 9 }))).toMatch(/row group 0: 10 rows \(at most 9\)/);
    expect(rowGroupRefusal(pf.rowGroups[0]!, limits({ maxRowGroupBytes: 10 }))).toMatch(/bytes uncompressed \(at most 10\)/);
    expect(rowGroupRefusal(pf.rowGroups[0]!)).toBeUndefined();
  });

  it('a corrupt page (its compressed bytes overwritten) is invalid-parquet for its row group only', async () => {
    const bytes = good();
    const pf0 = await openParquet(recorded(bytes));
    const chunk = pf0.metadata.row_groups[1]!.columns[2]!.meta_data!; // srcaddr of group 1
    const start = Number(chunk.data_page_offset);
    const corrupt = bytes.slice();
    for (let i = start + 20; i < start + Number(chunk.total_compressed_size); i++) corrupt[i] = 0xff;
    const pf = await openParquet(recorded(corrupt));
    expect((await readRowGroup(pf, pf.rowGroups[0]!)).columns.get('srcaddr')).toHaveLength(10);
    expect(await fault(readRowGroup(pf, pf.rowGroups[1]!))).toMatchObject({ reason: PARQUET_REASONS.invalid, message: expect.stringMatching(/^row group 1: /) });
    expect((await readRowGroup(pf, pf.rowGroups[2]!)).columns.get('srcaddr')).toHaveLength(10);
  });

  it('a failed read of the source is a SourceReadError carrying what the source threw (not the file’s fault)', async () => {
    const bytes = good();
    const throttled = Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown', $fault: 'server' });
    // The footer reads work; the reads of row data are throttled.
    const footerStart = bytes.byteLength - 4096;
    const flaky: AsyncBuffer = { byteLength: bytes.byteLength, slice: (s, e) => (s < footerStart ? Promise.reject(throttled) : bytes.slice(s, e).buffer) };
    const pf = await openParquet(flaky, limits({ tailBytes: 4096 }));
    const err = await readRowGroup(pf, pf.rowGroups[0]!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceReadError);
    expect((err as SourceReadError).cause).toBe(throttled);
  });
});

describe('boundedCompressors', () => {
  it('refuses a page whose header claims more than the cap, before decompressing it', () => {
    const c = boundedCompressors(1024);
    expect(() => c.GZIP!(new Uint8Array(10), 1025)).toThrow(/GZIP page of 1025 bytes \(at most 1024\)/);
    expect(() => c.ZSTD!(zstdRawFrame(new Uint8Array(10)), 1 << 30)).toThrow(/at most 1024/);
  });

  it('decompresses Zstandard into a buffer of the claimed size: a frame larger than its page header says is not grown', () => {
    const data = new Uint8Array(4096).fill(7);
    const c = boundedCompressors(1 << 20);
    expect(c.ZSTD!(zstdRawFrame(data), 4096)).toEqual(data);
    expect(() => c.ZSTD!(zstdRawFrame(data), 100)).toThrow();
    // Unbounded, the same frame decompresses whole: the bound is what stops a bomb.
    expect(decompressZstd(zstdRawFrame(data))).toHaveLength(4096);
  });
});
