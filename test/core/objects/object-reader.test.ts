/**
 * The one object reader of the S3 intake and `replay`: text, JSON documents and Parquet, chunk by
 * chunk, with the key's account and region in every batch; the object's own faults counted (the
 * records before them kept), its source's faults thrown as the source threw them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { SourceRouter } from '../../../lambdas/core/envelopes/source-router';
import { DEFAULT_CONFIG } from '../../../lambdas/core/model/config';
import { Tally } from '../../../lambdas/core/model/normalize-result';
import { type ObjectKeyInfo, classifyObjectKey, isRefusal } from '../../../lambdas/core/objects/object-key';
import { type ObjectBody, type ObjectChunk, type ObjectReadOptions, readObject } from '../../../lambdas/core/objects/object-reader';
import { PARQUET_LIMITS } from '../../../lambdas/core/objects/parquet-rows';
import { decodeOcsfRows } from '../../../lambdas/core/sources/ocsf';
import { putImage } from '../sources/ecr/fixtures';
import { flowLogKey, flowLogParquet } from '../../support/parquet-fixtures';

jest.mock('../../../lambdas/core/sources/ocsf', () => ({ decodeOcsfRows: jest.fn() }));
const decodeOcsf = decodeOcsfRows as jest.MockedFunction<typeof decodeOcsfRows>;

const A = '111122223333';
const SAMPLE = readFileSync(join(__dirname, '../../../samples/logs/vpc-flow-111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261102T0200Z.log.gz'));
const router = new SourceRouter(DEFAULT_CONFIG.sources);

function info(key: string): ObjectKeyInfo {
  const k = classifyObjectKey(key);
  if (isRefusal(k)) throw new Error(`${key}: ${k.reason}`);
  return k;
}
const FLOW_TEXT = info(flowLogKey({ account: A, region: 'us-east-1', day: '2026-11-02', format: 'text' }));
const FLOW_PARQUET = info(flowLogKey({ account: A, region: 'eu-west-1', day: '2026-11-02', format: 'parquet', hive: true }));
const TRAIL = info(`AWSLogs/o-exampleorgid/${A}/CloudTrail/us-east-2/2026/11/02/${A}_CloudTrail_us-east-2_20261102T0210Z_Mu0KsOhtH1ar15ZZ.json.gz`);
const LAKE = info(`aws/VPC_FLOW/2.0/region=us-east-1/accountId=${A}/eventDay=20261102/x.gz.parquet`);

/** A body over bytes: streamed in small pieces, ranges served, closing recorded. */
function bytesBody(bytes: Uint8Array, opts: { failAt?: number; failWith?: unknown } = {}): ObjectBody & { closed: number } {
  const body = {
    closed: 0,
    async *stream() {
      for (let at = 0; at < bytes.length; at += 1000) {
        if (opts.failAt !== undefined && at >= opts.failAt) throw opts.failWith;
        yield bytes.subarray(at, at + 1000);
      }
    },
    open: async () => ({ byteLength: bytes.byteLength, slice: (s: number, e?: number) => bytes.slice(s, e).buffer }),
    close: async () => {
      body.closed++;
    },
  };
  return body;
}

async function readAll(body: ObjectBody, objectInfo: ObjectKeyInfo, over: Partial<ObjectReadOptions> = {}): Promise<{ chunks: ObjectChunk[]; tally: Tally; records: Array<{ source: string; ctx: object; ref: string; data: unknown }> }> {
  const chunks: ObjectChunk[] = [];
  const tally = new Tally();
  for await (const c of readObject(body, { router, name: 's3://logs/obj', info: objectInfo, ...over })) {
    chunks.push(c);
    tally.merge(c.tally);
  }
  const records = chunks.flatMap((c) => c.batches.flatMap((b) => b.records.map((r) => ({ source: b.source, ctx: b.ctx, ref: r.ref, data: r.data }))));
  return { chunks, tally, records };
}

beforeEach(() => decodeOcsf.mockReset());

describe('text and JSON objects', () => {
  it('streams a gzipped flow-log text file: the header gives the format, the key the account and region', async () => {
    const body = bytesBody(SAMPLE);
    const { records, tally } = await readAll(body, FLOW_TEXT);
    const header = gunzipSync(SAMPLE).toString('utf8').split('\n')[0]!;
    expect(records).toHaveLength(12);
    expect(records[1]).toMatchObject({ source: 'vpc-flow', ctx: { account: A, region: 'us-east-1', flowFormat: header }, ref: 's3://logs/obj:2' });
    expect(tally.rejected.size).toBe(0);
    expect(body.closed).toBe(1);
  });

  it('keeps the header’s format for every chunk of a long flow-log object, not only the first', async () => {
    const header = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status instance-id';
    const line = (i: number) => `2 ${A} eni-0a1b2c3d 10.0.1.${i % 200} 198.51.100.7 40000 443 6 10 840 1793583010 1793583070 ACCEPT OK i-0abc${String(i % 10).padStart(13, '0')}`;
    const text = `${header}\n${Array.from({ length: 25 }, (_, i) => line(i)).join('\n')}\n`;
    const { records, chunks } = await readAll(bytesBody(gzipSync(text)), FLOW_TEXT, { batchLines: 10 });
    expect(chunks.length).toBeGreaterThan(2);
    expect(records).toHaveLength(26);
    for (const r of records) expect(r.ctx).toMatchObject({ flowFormat: header });
  });

  it('streams a CloudTrail file’s Records one by one, each with the key’s account and region', async () => {
    const trail = gzipSync(JSON.stringify({ Records: [putImage(), { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', eventTime: '2026-11-02T02:00:00Z', eventVersion: '1.08', awsRegion: 'us-east-2', recipientAccountId: A }] }));
    const { records } = await readAll(bytesBody(trail), TRAIL);
    expect(records.map((r) => [r.source, r.ref, r.ctx])).toEqual([
      ['cloudtrail', 's3://logs/obj#0', { account: A, region: 'us-east-2' }],
      ['cloudtrail', 's3://logs/obj#1', { account: A, region: 'us-east-2' }],
    ]);
  });

  it('hands over chunks of at most batchLines records', async () => {
    const { chunks } = await readAll(bytesBody(SAMPLE), FLOW_TEXT, { batchLines: 5 });
    expect(chunks.map((c) => c.batches.reduce((n, b) => n + b.records.length, 0))).toEqual([5, 5, 2]);
  });

  it('counts a truncated gzip stream, keeping the records read before it', async () => {
    const big = gzipSync(gunzipSync(SAMPLE).toString('utf8').repeat(40));
    const { records, tally, chunks } = await readAll(bytesBody(big.subarray(0, big.length - 20)), FLOW_TEXT);
    expect(records.length).toBeGreaterThan(400);
    expect(tally.rejected.get('input:truncated-gzip')).toBe(1);
    expect(chunks[chunks.length - 1]!.fault).toMatchObject({ reason: 'input:truncated-gzip' });
  });

  it('throws what the source threw when the stream fails (S3 throttling is retried, not counted)', async () => {
    const slowDown = Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown', $fault: 'server' });
    const big = gzipSync(gunzipSync(SAMPLE).toString('utf8').repeat(40));
    const body = bytesBody(big, { failAt: 1000, failWith: slowDown });
    await expect(readAll(body, FLOW_TEXT)).rejects.toBe(slowDown);
    expect(body.closed).toBe(1);
  });

  it('reads an object named as text whose first bytes are PAR1 as Parquet', async () => {
    const pq = flowLogParquet(['version', 'srcaddr', 'dstaddr', 'action', 'log-status'], [['5', '10.0.1.1', '198.51.100.1', 'ACCEPT', 'OK']]);
    const { records } = await readAll(bytesBody(pq), FLOW_TEXT);
    expect(records).toEqual([{ source: 'vpc-flow', ctx: { account: A, region: 'us-east-1', flowFormat: 'version srcaddr dstaddr action log-status' }, ref: 's3://logs/obj#0', data: '5 10.0.1.1 198.51.100.1 ACCEPT OK' }]);
  });

  it('refuses Parquet under a CloudTrail key', async () => {
    const pq = flowLogParquet(['version'], [['5']]);
    const { tally, records } = await readAll(bytesBody(pq), TRAIL);
    expect(records).toEqual([]);
    expect([...tally.rejected]).toEqual([['object:unexpected-parquet', 1]]);
  });
});

describe('Parquet objects', () => {
  const FIELDS = ['version', 'account-id', 'srcaddr', 'dstaddr', 'start', 'action', 'log-status'] as const;
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ['5', A, `10.0.0.${i}`, '198.51.100.7', String(1793583000 + i), 'ACCEPT', 'OK']);

  it('reads flow-log rows as lines in the columns’ format, refs #row, chunk by chunk', async () => {
    const { records, chunks } = await readAll(bytesBody(flowLogParquet(FIELDS, rows(25), { rowGroupSize: 10 })), FLOW_PARQUET, { batchLines: 10 });
    expect(records).toHaveLength(25);
    expect(records[24]).toEqual({ source: 'vpc-flow', ctx: { account: A, region: 'eu-west-1', flowFormat: 'version account-id srcaddr dstaddr start action log-status' }, ref: 's3://logs/obj#24', data: `5 ${A} 10.0.0.24 198.51.100.7 1793583024 ACCEPT OK` });
    expect(chunks.length).toBeGreaterThanOrEqual(3);
  });

  it('counts an oversized row group and reads the others', async () => {
    const { records, tally } = await readAll(bytesBody(flowLogParquet(FIELDS, rows(25), { rowGroupSize: 10 })), FLOW_PARQUET, { parquet: { ...PARQUET_LIMITS, maxRowGroupRows: 9 } });
    expect(records.map((r) => r.ref)).toEqual(Array.from({ length: 5 }, (_, i) => `s3://logs/obj#${20 + i}`));
    expect(tally.rejected.get('object:parquet-row-group-too-large')).toBe(2);
    expect(tally.rejectSamples.map((s) => s.ref)).toEqual(['s3://logs/obj#rowgroup=0', 's3://logs/obj#rowgroup=1']);
  });

  it('keeps the rows of the groups before a corrupt one, and counts it', async () => {
    const bytes = flowLogParquet(FIELDS, rows(30), { rowGroupSize: 10 });
    // Overwrite the data of the second row group (between the first group's end and the third's start).
    const { openParquet } = await import('../../../lambdas/core/objects/parquet-rows');
    const pf = await openParquet({ byteLength: bytes.byteLength, slice: (s, e) => bytes.slice(s, e).buffer });
    const g1 = pf.metadata.row_groups[1]!.columns.map((c) => c.meta_data!);
    const corrupt = bytes.slice();
    for (const c of g1) for (let i = Number(c.data_page_offset) + 12; i < Number(c.data_page_offset) + Number(c.total_compressed_size); i++) corrupt[i] = 0x5a;
    const { records, tally, chunks } = await readAll(bytesBody(corrupt), FLOW_PARQUET);
    expect(records).toHaveLength(10);
    expect(tally.rejected.get('object:invalid-parquet')).toBe(1);
    expect(chunks[chunks.length - 1]!.fault).toMatchObject({ reason: 'object:invalid-parquet' });
  });

  it('counts a truncated Parquet object', async () => {
    const bytes = flowLogParquet(FIELDS, rows(5));
    const { tally } = await readAll(bytesBody(bytes.subarray(0, bytes.length - 100)), FLOW_PARQUET);
    expect([...tally.rejected.keys()]).toEqual(['object:invalid-parquet']);
  });

  it('refuses Parquet that is not flow logs, saying what a Security Lake object needs', async () => {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const other = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'name', data: ['x'], type: 'STRING' }] }));
    expect([...(await readAll(bytesBody(other), FLOW_PARQUET)).tally.rejected.keys()]).toEqual(['vpc-flow:parquet-not-flow-logs']);
    const ocsf = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'class_uid', data: [4001], type: 'INT32' }] }));
    const lost = await readAll(bytesBody(ocsf), FLOW_PARQUET);
    expect(lost.tally.rejectSamples[0]).toMatchObject({ reason: 'object:lake-source-unknown', detail: expect.stringMatching(/aws\/<SOURCE>/) });
  });

  it('hands Security Lake rows to the OCSF mapping with refs #row and the key’s account, region and source', async () => {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const lake = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'class_uid', data: [4001, 4001, 4001], type: 'INT32' }, { name: 'time', data: [1n, 2n, 3n], type: 'INT64' }], rowGroupSize: 2 }));
    await readAll(bytesBody(lake), LAKE, { batchLines: 1 });
    expect(decodeOcsf.mock.calls.map(([rows, refOf, ctx]) => [rows, refOf(0), ctx])).toEqual([
      [[{ class_uid: 4001, time: 1n }], 's3://logs/obj#0', { account: A, region: 'us-east-1', lakeSource: 'VPC_FLOW' }],
      [[{ class_uid: 4001, time: 2n }], 's3://logs/obj#1', { account: A, region: 'us-east-1', lakeSource: 'VPC_FLOW' }],
      [[{ class_uid: 4001, time: 3n }], 's3://logs/obj#2', { account: A, region: 'us-east-1', lakeSource: 'VPC_FLOW' }],
    ]);
  });

  it('throws what a range read threw (not counted), and closes the body', async () => {
    const bytes = flowLogParquet(FIELDS, rows(5));
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    const body = { ...bytesBody(bytes), open: async () => ({ byteLength: bytes.byteLength, slice: () => Promise.reject(denied) }) };
    let closed = 0;
    body.close = async () => void closed++;
    await expect(readAll(body, FLOW_PARQUET)).rejects.toBe(denied);
    expect(closed).toBe(1);
  });
});
