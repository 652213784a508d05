/**
 * Inputs found by `npm run fuzz` (fuzz/README.md), kept as regression tests: each used to crash a
 * normalizer or vanish without a count.
 */
import { BatchCollector } from '../../lambdas/core/envelopes/batch-collector';
import { JsonDecoder } from '../../lambdas/core/envelopes/decode-json';
import { SourceRouter } from '../../lambdas/core/envelopes/source-router';
import { parseConfig } from '../../lambdas/core/model/config';
import { Tally } from '../../lambdas/core/model/normalize-result';
import { compileSettings } from '../../lambdas/core/model/settings';
import { normalizeSource } from '../../lambdas/core/sources/normalize-source';

const settings = compileSettings(parseConfig({}));

describe('Fuzz regressions', () => {
  it('a CloudWatch Logs payload whose logStream is not a string is no payload: counted, no crash', () => {
    const payload = { messageType: 'DATA_MESSAGE', owner: '111122223333', logGroup: '/aws/eks/prod/cluster', logStream: 7, logEvents: [{ id: '0', timestamp: 1793581920000, message: '{}' }] };
    const out = new BatchCollector();
    const tally = new Tally();
    new JsonDecoder({ router: new SourceRouter(settings.config.sources) }).decode(payload, 'fuzz#cwl', out, tally);
    for (const b of out.batches) expect(() => normalizeSource(b.source, b.records, b.ctx, settings, tally)).not.toThrow();
    expect(tally.records).toBeGreaterThan(0);
    expect([...tally.rejected.values(), ...tally.ignored.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('a flow-log record of control characters only is counted (vpc-flow:blank-line); empty lines are no records', () => {
    const tally = normalizeSource('vpc-flow', [{ data: '\u0010', ref: 'f#1' }, { data: '', ref: 'f#2' }, { data: '  ', ref: 'f#3' }], {}, settings);
    expect(tally.records).toBe(1);
    expect(tally.ignored.get('vpc-flow:blank-line')).toBe(1);
  });
});

describe('Unusable image references are counted, never silently "-"', () => {
  it('a dockerd push or build tag with control characters or 100 KB names is a counted dropped value', () => {
    const line = (uri: string) => `Nov 02 02:10:00 ip-10-0-1-23 dockerd[1187]: time="2026-11-02T02:10:00.000000000Z" level=debug msg="Calling POST ${uri}"`;
    const records = [
      { data: line('/v1.45/images/evil%1B%5B2J.example.com%2Fapp/push?tag=1'), ref: 'h#1' },
      { data: line(`/v1.45/build?t=${'a'.repeat(100_000)}&version=2`), ref: 'h#2' },
    ];
    const tally = normalizeSource('dockerd', records, { logStream: 'i-0a1b2c3d4e5f60718' }, settings);
    expect(tally.dropped.get('dockerd:invalid-image-reference')).toBe(2);
    expect(tally.signalsByKind().build).toBe(1); // the build still counts, without an image
  });
});
