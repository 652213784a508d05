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
