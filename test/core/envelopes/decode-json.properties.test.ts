/**
 * Properties of envelope decoding: whatever JSON arrives (any value, any nesting, corrupted
 * base64/gzip payloads), nothing throws, every rejected record is counted, and valid events mixed
 * with garbage all still come out.
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { BatchCollector } from '../../../lambdas/core/envelopes/batch-collector';
import { JsonDecoder } from '../../../lambdas/core/envelopes/decode-json';
import { SourceRouter } from '../../../lambdas/core/envelopes/source-router';
import { DEFAULT_CONFIG } from '../../../lambdas/core/model/config';
import { Tally } from '../../../lambdas/core/model/normalize-result';

const decoder = new JsonDecoder({ router: new SourceRouter(DEFAULT_CONFIG.sources) });

const pushEvent = (i: number) => ({
  version: '0',
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  'detail-type': 'ECR Image Action',
  source: 'aws.ecr',
  account: '111122223333',
  time: '2026-11-02T10:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { result: 'SUCCESS', 'repository-name': 'app', 'image-digest': `sha256:${'a'.repeat(64)}`, 'action-type': 'PUSH', 'image-tag': `v${i}` },
});

const leaves = (v: unknown): number => (Array.isArray(v) ? v.reduce((n: number, x) => n + leaves(x), 0) : 1);

describe('JsonDecoder properties', () => {
  it('never throws on arbitrary JSON values, and counts what it cannot place', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const out = new BatchCollector();
        const tally = new Tally();
        decoder.decode(value, 'p', out, tally);
        const placed = out.batches.reduce((n, b) => n + b.records.length, 0);
        const ignored = [...tally.ignored.values()].reduce((a, b) => a + b, 0);
        // Every non-array item is either placed in a batch, rejected with a reason, or ignored with one.
        if (leaves(value) > 0) expect(placed + tally.records + ignored).toBeGreaterThanOrEqual(1);
        if (tally.records > 0) expect(tally.rejected.size).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on corrupted awslogs and Kinesis payloads', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, gz) => {
        const data = Buffer.from(gz ? gzipSync(Buffer.from(bytes)) : bytes).toString('base64');
        const tally = new Tally();
        decoder.decode({ awslogs: { data } }, 'p', new BatchCollector(), tally);
        decoder.decode({ Records: [{ kinesis: { data } }] }, 'p', new BatchCollector(), tally);
        expect(tally.records).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every valid event of a batch mixed with garbage', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.jsonValue(), fc.nat({ max: 1000 }).map((i) => ({ valid: i }))), { maxLength: 30 }), (items) => {
        const batch = items.map((x, i) => (typeof x === 'object' && x !== null && 'valid' in (x as object) ? pushEvent(i) : x));
        const expected = batch.filter((x) => typeof x === 'object' && x !== null && (x as { source?: string }).source === 'aws.ecr' && (x as { version?: string }).version === '0' && 'detail' in (x as object)).length;
        const out = new BatchCollector();
        decoder.decode(batch, 'p', out, new Tally());
        const ecr = out.batches.filter((b) => b.source === 'ecr-event').reduce((n, b) => n + b.records.length, 0);
        expect(ecr).toBeGreaterThanOrEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
