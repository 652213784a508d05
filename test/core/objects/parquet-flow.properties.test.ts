/**
 * The same flows delivered as text (gzip, header line) and as Parquet (AWS's column names and types,
 * any codec, any row-group size) give the same signals, counts and reasons: the Parquet rows become
 * the text delivery's lines and the one flow normalizer judges both. Checked over generated flows
 * (fast-check) in generated formats, and on the sample flow-log file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { SourceRouter } from '../../../lambdas/core/envelopes/source-router';
import { DEFAULT_CONFIG, parseConfig } from '../../../lambdas/core/model/config';
import { Tally } from '../../../lambdas/core/model/normalize-result';
import { compileSettings } from '../../../lambdas/core/model/settings';
import type { Signal } from '../../../lambdas/core/model/signal';
import { type ObjectKeyInfo, classifyObjectKey, isRefusal } from '../../../lambdas/core/objects/object-key';
import { type ObjectBody, readObject } from '../../../lambdas/core/objects/object-reader';
import { flowLine, flowText } from '../../../lambdas/core/objects/parquet-flow';
import { normalizeSource } from '../../../lambdas/core/sources/normalize-source';
import type { FlowFieldName } from '../../../lambdas/core/sources/vpc-flow/flow-format';
import { ALL_FLOW_FIELDS, type FlowCodec, flowLogKey, flowLogParquet, flowParquetType } from '../../support/parquet-fixtures';

const settings = compileSettings(parseConfig({ internalCidrs: ['10.0.0.0/16'], trustedDestinations: { cidrs: ['203.0.113.0/24'], awsServices: ['S3'] } }));
const router = new SourceRouter(DEFAULT_CONFIG.sources);
const ACCOUNT = '111122223333';

function keyInfo(format: 'text' | 'parquet'): ObjectKeyInfo {
  const k = classifyObjectKey(flowLogKey({ account: ACCOUNT, region: 'us-east-1', day: '2026-11-02', format }));
  if (isRefusal(k)) throw new Error(k.reason);
  return k;
}

function memoryBody(bytes: Uint8Array): ObjectBody {
  return {
    async *stream() {
      for (let at = 0; at < bytes.length; at += 997) yield bytes.subarray(at, at + 997);
    },
    open: async () => ({ byteLength: bytes.byteLength, slice: (s: number, e?: number) => bytes.slice(s, e).buffer }),
  };
}

interface Outcome {
  signals: Array<Omit<Signal, 'ref'>>;
  rejected: Record<string, number>;
  ignored: Record<string, number>;
  records: number;
}

/** Reads an object as the intake does, normalizes every batch, and keeps what is comparable (refs differ: `:line` vs `#row`). */
async function outcome(bytes: Uint8Array, format: 'text' | 'parquet', batchLines = 5000): Promise<Outcome> {
  const tally = new Tally();
  for await (const chunk of readObject(memoryBody(bytes), { router, name: 'obj', info: keyInfo(format), batchLines })) {
    tally.merge(chunk.tally);
    for (const b of chunk.batches) normalizeSource(b.source, b.records, b.ctx, settings, tally);
  }
  const { ignored, rejected, records } = tally.summary();
  // The text file's header line is a record of its own (counted as vpc-flow:header).
  if (format === 'text') {
    ignored['vpc-flow:header'] = (ignored['vpc-flow:header'] ?? 0) - 1;
    if (ignored['vpc-flow:header'] === 0) delete ignored['vpc-flow:header'];
  }
  return {
    signals: tally.signals.map(({ ref: _ref, ...rest }) => rest).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    rejected,
    ignored,
    records: format === 'text' ? records - 1 : records,
  };
}

function textFile(fields: readonly FlowFieldName[], rows: ReadonlyArray<readonly string[]>): Uint8Array {
  return gzipSync([fields.join(' '), ...rows.map((r) => r.join(' '))].join('\n') + '\n');
}

// ---- generated flows

const octet = fc.integer({ min: 0, max: 255 });
const internal = fc.tuple(fc.integer({ min: 0, max: 3 }), octet).map(([a, b]) => `10.0.${a}.${b}`);
const external = fc.oneof(
  fc.tuple(fc.constantFrom(198, 104, 52, 3), octet, octet).map(([a, b, c]) => `${a}.${b}.${c}.9`),
  fc.constantFrom('203.0.113.7', '2600:1f18::1', '2001:db8:1::5'),
);
/** Mostly egress (an internal source, an external destination), and the other cases the rules tell apart. */
const source = fc.oneof({ weight: 6, arbitrary: internal }, { weight: 1, arbitrary: external }, { weight: 1, arbitrary: fc.constant('-') });
const destination = fc.oneof(
  { weight: 5, arbitrary: external },
  { weight: 2, arbitrary: internal },
  { weight: 1, arbitrary: fc.constant('-') },
  // A string column holds whatever its writer put there: rejected alike.
  { weight: 1, arbitrary: fc.constantFrom('999.0.0.1', 'not-an-address') },
);
const packetAddress = fc.oneof({ weight: 4, arbitrary: fc.constant('-') }, { weight: 1, arbitrary: internal }, { weight: 1, arbitrary: external });
const digits = (min: number, max: number) => fc.integer({ min, max }).map(String);
const orDash = (a: fc.Arbitrary<string>, weight = 8) => fc.oneof({ weight, arbitrary: a }, { weight: 1, arbitrary: fc.constant('-') });
const token = (prefix: string) => fc.stringMatching(/^[0-9a-f]{8,17}$/).map((h) => `${prefix}${h}`);

const VALUE: Record<FlowFieldName, fc.Arbitrary<string>> = {
  version: fc.constantFrom('2', '3', '4', '5', '7', '8'),
  'account-id': fc.oneof(fc.constant(ACCOUNT), fc.constant('444455556666'), fc.constant('unknown'), fc.constant('-')),
  'interface-id': orDash(token('eni-')),
  srcaddr: source,
  dstaddr: destination,
  srcport: orDash(fc.oneof({ weight: 4, arbitrary: digits(32768, 60999) }, { weight: 1, arbitrary: digits(0, 65535) })),
  dstport: orDash(fc.oneof(fc.constantFrom('443', '80', '22', '5000'), digits(0, 65535))),
  protocol: orDash(fc.constantFrom('6', '17', '1', '58')),
  packets: orDash(digits(0, 2_000_000)),
  bytes: orDash(fc.oneof(digits(0, 10_000_000), fc.bigInt({ min: 0n, max: 9_000_000_000_000n }).map(String))),
  start: orDash(digits(1_793_580_000, 1_793_590_000)),
  end: orDash(digits(1_793_580_000, 1_793_590_060)),
  action: orDash(fc.constantFrom('ACCEPT', 'REJECT'), 12),
  'log-status': fc.constantFrom('OK', 'OK', 'OK', 'NODATA', 'SKIPDATA'),
  'vpc-id': orDash(token('vpc-')),
  'subnet-id': orDash(token('subnet-')),
  'instance-id': orDash(fc.constantFrom('i-0b2c3d4e5f6071829', 'i-0a1b2c3d4e5f60718'), 3),
  'tcp-flags': orDash(fc.constantFrom('0', '2', '3', '18', '19')),
  type: orDash(fc.constantFrom('IPv4', 'IPv6', 'EFA')),
  'pkt-srcaddr': packetAddress,
  'pkt-dstaddr': packetAddress,
  region: orDash(fc.constantFrom('us-east-1', 'eu-west-1')),
  'az-id': orDash(fc.constantFrom('use1-az2', 'euw1-az1')),
  'sublocation-type': orDash(fc.constantFrom('wavelength', 'outpost', 'localzone'), 1),
  'sublocation-id': orDash(fc.constant('op-0123'), 1),
  'pkt-src-aws-service': orDash(fc.constantFrom('AMAZON', 'S3'), 1),
  'pkt-dst-aws-service': orDash(fc.constantFrom('AMAZON', 'S3', 'EC2'), 1),
  'flow-direction': orDash(fc.constantFrom('egress', 'egress', 'egress', 'ingress')),
  'traffic-path': orDash(fc.constantFrom('1', '2', '8')),
  'ecs-cluster-arn': orDash(fc.constant('arn:aws:ecs:us-east-1:111122223333:cluster/ci'), 1),
  'ecs-cluster-name': orDash(fc.constant('ci'), 1),
  'ecs-container-instance-arn': fc.constant('-'),
  'ecs-container-instance-id': fc.constant('-'),
  'ecs-container-id': fc.constant('-'),
  'ecs-second-container-id': fc.constant('-'),
  'ecs-service-name': orDash(fc.constant('builder'), 1),
  'ecs-task-definition-arn': fc.constant('-'),
  'ecs-task-arn': fc.constant('-'),
  'ecs-task-id': fc.constant('-'),
  'reject-reason': orDash(fc.constant('BPA'), 1),
};

const REQUIRED: FlowFieldName[] = ['srcaddr', 'dstaddr', 'action', 'log-status', 'start', 'instance-id'];
/** A format: the fields the egress rule reads, some others, in any order (as a custom format may be). */
const format = fc
  .tuple(fc.subarray(ALL_FLOW_FIELDS.filter((f) => !REQUIRED.includes(f)), { minLength: 3 }), fc.integer({ min: 0, max: 1_000_000 }))
  .map(([extra, seed]) => {
    const fields = [...REQUIRED, ...extra];
    // A stable shuffle by the seed.
    return fields.map((f, i) => ({ f, k: (i * 7919 + seed) % 1009 })).sort((a, b) => a.k - b.k).map((x) => x.f);
  });
const flows = format.chain((fields) => fc.tuple(fc.constant(fields), fc.array(fc.tuple(...fields.map((f) => VALUE[f])), { minLength: 1, maxLength: 60 })));

describe('flow logs as text and as Parquet', () => {
  it('give the same signals, counts and reasons, whatever the format, codec and row groups', async () => {
    const seen = { egress: 0, link: 0, rejected: 0 };
    await fc.assert(
      fc.asyncProperty(flows, fc.constantFrom<FlowCodec>('GZIP', 'SNAPPY', 'ZSTD', 'UNCOMPRESSED'), fc.integer({ min: 1, max: 70 }), async ([fields, rows], codec, rowGroupSize) => {
        const text = await outcome(textFile(fields, rows), 'text');
        const parquet = await outcome(flowLogParquet(fields, rows, { codec, rowGroupSize }), 'parquet');
        expect(parquet).toEqual(text);
        for (const s of text.signals) if (s.kind === 'egress' || s.kind === 'link') seen[s.kind]++;
        seen.rejected += Object.values(text.rejected).reduce((a, b) => a + b, 0);
      }),
      { numRuns: 120 },
    );
    // The generated flows reach the rules (not only their early rejects and ignores).
    expect(seen.egress).toBeGreaterThan(20);
    expect(seen.link).toBeGreaterThan(20);
    expect(seen.rejected).toBeGreaterThan(0);
  });

  it('give the same signals on the sample flow-log file (5 egress, 5 instance links)', async () => {
    const gz = readFileSync(join(__dirname, '../../../samples/logs/vpc-flow-111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261102T0200Z.log.gz'));
    const lines = gunzipSync(gz).toString('utf8').split('\n').filter((l) => l.length > 0);
    const fields = lines[0]!.split(' ') as FlowFieldName[];
    const text = await outcome(gz, 'text');
    const parquet = await outcome(flowLogParquet(fields, lines.slice(1).map((l) => l.split(' ')), { codec: 'GZIP', rowGroupSize: 4 }), 'parquet');
    expect(parquet).toEqual(text);
    expect(text.signals.map((s) => s.kind).sort()).toEqual([...Array(5).fill('egress'), ...Array(5).fill('link')]);
  });

  it('builds each line as the text delivery writes it: nulls and empty strings as -, INT64 whole', () => {
    const cols = [[5], ['111122223333'], [null], [''], [9_000_000_000_001n], [new Date(1_793_583_010_000)]];
    expect(flowLine(cols, 0)).toBe('5 111122223333 - - 9000000000001 1793583010');
    expect(flowText(undefined)).toBe('-');
    // Never in AWS's schema, kept visible without breaking the line into more fields.
    expect(flowText({ a: 'b c' })).toBe('[object_Object]');
  });

  it('types each column as AWS does', () => {
    expect(['version', 'srcport', 'tcp-flags', 'traffic-path'].map((f) => flowParquetType(f as FlowFieldName))).toEqual(['INT32', 'INT32', 'INT32', 'INT32']);
    expect(['packets', 'bytes', 'start', 'end'].map((f) => flowParquetType(f as FlowFieldName))).toEqual(['INT64', 'INT64', 'INT64', 'INT64']);
    expect(flowParquetType('pkt-dst-aws-service')).toBe('STRING');
  });
});
