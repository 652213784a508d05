/**
 * `an1261 replay` on local copies of S3 objects, as `aws s3 sync` leaves them: flow logs in AWS's
 * layouts (text or Parquet, plain or Hive-compatible, hourly or not) read by the object reader the
 * S3 intake Lambda uses, the account and region taken from the path; CloudTrail digests and Insights
 * counted and left; Parquet told by its PAR1 magic (outside the layouts, flow logs by their columns).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Finding } from '../../lambdas/core/model/finding';
import { readInputFile } from '../../lambdas/cli/input-files';
import { SourceRouter } from '../../lambdas/core/envelopes/source-router';
import { DEFAULT_CONFIG } from '../../lambdas/core/model/config';
import { Tally } from '../../lambdas/core/model/normalize-result';
import type { FlowFieldName } from '../../lambdas/core/sources/vpc-flow/flow-format';
import { type FlowCodec, flowLogKey, flowLogParquet, writeObjectFile } from '../support/parquet-fixtures';
import { runCli } from './run-cli';

const LOGS = join(__dirname, '../../samples/logs');
const CONFIG = join(__dirname, '../../samples/config.json');
const SAMPLE_FLOW = readFileSync(join(LOGS, 'vpc-flow-111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261102T0200Z.log.gz'));
const LINES = gunzipSync(SAMPLE_FLOW).toString('utf8').trim().split('\n');
const FIELDS = LINES[0]!.split(' ') as FlowFieldName[];
const ROWS = LINES.slice(1).map((l) => l.split(' '));
const OTHER_INPUTS = [join(LOGS, 'eks-audit-prod-cluster.cwl.json'), join(LOGS, 'ecr-events.jsonl')];
const A = '111122223333';

async function replay(...inputs: string[]): Promise<{ code: number; findings: Finding[]; stderr: string }> {
  const { code, stdout, stderr } = await runCli('replay', ...inputs, '--config', CONFIG, '--format', 'json');
  return { code, findings: JSON.parse(stdout) as Finding[], stderr };
}

/** What a finding is made of, without what depends on the files' names (evidence refs). */
const essence = (f: Finding) => ({ id: f.id, severity: f.severity, stages: f.stages, hosts: f.hosts, egress: f.egress.map((e) => ({ dstIp: e.dstIp, dstPort: e.dstPort, bytes: e.bytes })) });

/** A bucket synced to a folder, with CloudTrail digests and Insights beside the logs. */
function syncedBucket(flowLogs: Array<{ key: string; bytes: Uint8Array }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'an1261-sync-'));
  for (const f of flowLogs) writeObjectFile(dir, f.key, f.bytes);
  writeObjectFile(dir, `AWSLogs/o-exampleorgid/${A}/CloudTrail-Digest/us-east-1/2026/11/02/${A}_CloudTrail-Digest_us-east-1_org_us-east-1_20261102T021500Z.json.gz`, gzipSync('{"awsAccountId":"111122223333"}'));
  writeObjectFile(dir, `AWSLogs/${A}/CloudTrail-Insight/us-east-1/2026/11/02/${A}_CloudTrail-Insight_us-east-1_20261102T0215Z_x.json.gz`, gzipSync('{"Records":[]}'));
  return dir;
}

describe('an1261 replay of synced S3 objects', () => {
  it('finds the same attack from flow logs delivered as text and as Parquet, in every layout', async () => {
    const text = syncedBucket([{ key: flowLogKey({ account: A, region: 'us-east-1', day: '2026-11-02', format: 'text' }), bytes: SAMPLE_FLOW }]);
    const baseline = await replay(text, ...OTHER_INPUTS);
    expect(baseline.code).toBe(0);
    expect(baseline.findings).toHaveLength(1);
    expect(baseline.findings[0]).toMatchObject({ severity: 'CRITICAL', stages: ['build', 'egress', 'push', 'deploy'] });
    expect(baseline.findings[0]!.egress.map((e) => `${e.dstIp}:${e.dstPort}`)).toEqual(['185.220.101.47:4444', '140.82.112.3:443']);
    expect(baseline.stderr).toMatch(/object:cloudtrail-digest: 1\n/);
    expect(baseline.stderr).toMatch(/object:cloudtrail-insight: 1\n/);

    const layouts: Array<[string, { hive?: boolean; hour?: string; codec: FlowCodec; rowGroupSize: number }]> = [
      ['Parquet, Gzip (as AWS writes it), plain layout', { codec: 'GZIP', rowGroupSize: 4 }],
      ['Parquet, Hive-compatible, hourly', { hive: true, hour: '02', codec: 'GZIP', rowGroupSize: 100 }],
      ['Parquet, Snappy, hourly', { hour: '02', codec: 'SNAPPY', rowGroupSize: 3 }],
    ];
    for (const [what, o] of layouts) {
      const key = flowLogKey({ account: A, region: 'us-east-1', day: '2026-11-02', format: 'parquet', ...(o.hive ? { hive: true } : {}), ...(o.hour ? { hour: o.hour } : {}) });
      const dir = syncedBucket([{ key, bytes: flowLogParquet(FIELDS, ROWS, { codec: o.codec, rowGroupSize: o.rowGroupSize }) }]);
      const got = await replay(dir, ...OTHER_INPUTS);
      expect({ what, code: got.code, findings: got.findings.map(essence) }).toEqual({ what, code: 0, findings: baseline.findings.map(essence) });
    }
  });

  it('takes the account and region from the path when the records name none', async () => {
    const fields: FlowFieldName[] = ['srcaddr', 'dstaddr', 'dstport', 'protocol', 'bytes', 'start', 'action', 'log-status'];
    const key = flowLogKey({ account: '444455556666', region: 'eu-west-1', day: '2026-11-02', format: 'parquet' });
    const dir = syncedBucket([{ key, bytes: flowLogParquet(fields, [['10.0.1.23', '185.220.101.47', '4444', '6', '9000', '1793585700', 'ACCEPT', 'OK']]) }]);
    const { code, stdout } = await runCli('signals', dir, '--config', CONFIG);
    expect(code).toBe(0);
    const [egress] = stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; account?: string; region?: string; ref: string });
    expect(egress).toMatchObject({ kind: 'egress', account: '444455556666', region: 'eu-west-1', ref: expect.stringMatching(/\.log\.parquet#0$/) });
  });

  it('reads a Parquet file outside AWS’s layouts by its magic, as flow logs by its columns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'an1261-pq-'));
    const file = writeObjectFile(dir, 'flows.bin', flowLogParquet(FIELDS, ROWS, { codec: 'ZSTD' }));
    const { code, stdout } = await runCli('signals', file, '--config', CONFIG);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').map((l) => (JSON.parse(l) as { kind: string }).kind).sort()).toEqual([...Array(5).fill('egress'), ...Array(5).fill('link')]);
  });

  it('counts a corrupt or truncated Parquet object as an unreadable input, and reads the others', async () => {
    const good = flowLogKey({ account: A, region: 'us-east-1', day: '2026-11-02', format: 'text' });
    const bad = flowLogKey({ account: A, region: 'us-east-1', day: '2026-11-02', hour: '03', format: 'parquet' });
    const pq = flowLogParquet(FIELDS, ROWS);
    const dir = syncedBucket([
      { key: good, bytes: SAMPLE_FLOW },
      { key: bad, bytes: pq.subarray(0, pq.length - 30) },
    ]);
    const { code, stderr } = await runCli('signals', dir, '--config', CONFIG);
    expect(code).toBe(1);
    expect(stderr).toMatch(/unreadable input: .*\.log\.parquet: object:invalid-parquet/);
    expect(stderr).toMatch(/signals: .*egress=5/);
  });

  it('refuses Parquet on standard input (it is read by ranges), counted', async () => {
    const chunks = [];
    for await (const c of readInputFile('-', { router: new SourceRouter(DEFAULT_CONFIG.sources), stdin: Readable.from([Buffer.from(flowLogParquet(FIELDS, ROWS))]) })) chunks.push(c);
    const tally = new Tally();
    for (const c of chunks) tally.merge(c.tally);
    expect([...tally.rejected]).toEqual([['input:parquet-not-a-file', 1]]);
    expect(chunks[chunks.length - 1]!.inputError).toEqual({ file: '-', reason: 'input:parquet-not-a-file' });
  });

  it('reads a Security Lake object’s rows through the OCSF mapping, counted', async () => {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const dir = mkdtempSync(join(tmpdir(), 'an1261-lake-'));
    writeObjectFile(dir, `aws/VPC_FLOW/2.0/region=us-east-1/accountId=${A}/eventDay=20261102/part-0.gz.parquet`, new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'class_uid', data: [4001, 4001, 4001], type: 'INT32' }] })));
    writeObjectFile(dir, `ext/okta/1.0/region=us-east-1/accountId=${A}/eventDay=20261102/part-0.parquet`, new Uint8Array(4));
    const chunks = [];
    const router = new SourceRouter(DEFAULT_CONFIG.sources);
    for (const f of ['aws', 'ext']) {
      const rel = f === 'aws' ? `aws/VPC_FLOW/2.0/region=us-east-1/accountId=${A}/eventDay=20261102/part-0.gz.parquet` : `ext/okta/1.0/region=us-east-1/accountId=${A}/eventDay=20261102/part-0.parquet`;
      for await (const c of readInputFile(join(dir, rel), { router })) chunks.push(c);
    }
    const tally = new Tally();
    for (const c of chunks) tally.merge(c.tally);
    // The custom source is left (counted); the three rows reach the mapping, each counted one way or another.
    expect(tally.ignored.get('object:lake-source-not-read')).toBe(1);
    const counted = [...tally.rejected.values(), ...tally.ignored.values()].reduce((a, b) => a + b, 0) - 1 + chunks.reduce((n, c) => n + c.batches.reduce((m, b) => m + b.records.length, 0), 0);
    expect(counted).toBeGreaterThanOrEqual(3);
  });
});
