/** Ingest metrics in EMF: totals always, per-kind and per-reason series with bounded dimension values. */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { publishIngestMetrics, rejectReasonDimension, rejectSeries } from '../../lambdas/adapters/ingest-metrics';
import { Tally } from '../../lambdas/core/model/normalize-result';
import type { Signal } from '../../lambdas/core/model/signal';

/** EMF lines written to stdout while `fn` runs: { dimensions, values }. */
function emf(fn: () => void): Array<{ dimensions: Record<string, string>; values: Record<string, unknown> }> {
  let out = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return out
    .split('\n')
    .filter((l) => l.includes('"_aws"'))
    .map((l) => {
      const blob = JSON.parse(l) as Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }> } };
      const cw = blob._aws.CloudWatchMetrics[0]!;
      expect(cw.Namespace).toBe('AN1261');
      return {
        dimensions: Object.fromEntries(cw.Dimensions[0]!.map((d) => [d, String(blob[d])])),
        values: Object.fromEntries(cw.Metrics.map((m) => [m.Name, blob[m.Name]])),
      };
    });
}

const signal = (kind: Signal['kind']) => ({ kind, id: `${kind}-1` }) as Signal;

describe('Function: rejectReasonDimension', () => {
  it.each([
    ['vpc-flow:field-count', 'vpc-flow:field-count'],
    ['vpc-flow:field-count:expected 27, got 3', 'vpc-flow:field-count'],
    ['ecr-event:action-ignored:DELETE', 'ecr-event:action-ignored'],
    ['envelope:invalid-gzip', 'envelope:invalid-gzip'],
    ['Unexpected token } in JSON at position 12', 'other'],
    ['', 'other'],
  ])('%j → %j', (reason, dimension) => {
    expect(rejectReasonDimension(reason)).toBe(dimension);
  });
});

describe('Function: rejectSeries', () => {
  it('sums reasons that share a dimension value and keeps at most 20 series, the rest under "other"', () => {
    const rejected = new Map<string, number>([
      ['vpc-flow:field-count:3', 2],
      ['vpc-flow:field-count:5', 3],
      ...Array.from({ length: 30 }, (_, i) => [`host:reason-${String(i).padStart(2, '0')}`, 1] as [string, number]),
    ]);
    const series = rejectSeries(rejected);
    expect(series).toHaveLength(20);
    expect(series[0]).toEqual(['vpc-flow:field-count', 5]);
    expect(series[series.length - 1]).toEqual(['other', 12]);
    expect(series.reduce((s, [, n]) => s + n, 0)).toBe(35);
  });
});

describe('Function: publishIngestMetrics', () => {
  it('writes the totals, SignalsEmitted by kind and RecordsRejected by reason', () => {
    // Prepare
    const metrics = new Metrics({ namespace: 'AN1261', serviceName: 'an1261-flow-logs' });
    const tally = new Tally();
    tally.records = 9;
    [signal('egress'), signal('egress'), signal('build')].forEach((s) => tally.signal(s));
    tally.reject('vpc-flow:field-count', 'cwl:/vpc/flow/prod/eni-1#4');
    tally.reject('vpc-flow:invalid-number', 'cwl:/vpc/flow/prod/eni-1#5');
    tally.reject('vpc-flow:invalid-number', 'cwl:/vpc/flow/prod/eni-1#6');
    tally.ignore('vpc-flow:internal-destination', 2);
    tally.skipData = 1;
    // Act
    const lines = emf(() => {
      publishIngestMetrics(metrics, tally, { findingsEmitted: 1, tooLate: 4 });
      metrics.publishStoredMetrics();
    });
    // Assess
    const service = { service: 'an1261-flow-logs' };
    expect(lines).toEqual(
      expect.arrayContaining([
        { dimensions: { ...service, kind: 'egress' }, values: { SignalsEmitted: 2 } },
        { dimensions: { ...service, kind: 'build' }, values: { SignalsEmitted: 1 } },
        { dimensions: { ...service, reason: 'vpc-flow:invalid-number' }, values: { RecordsRejected: 2 } },
        { dimensions: { ...service, reason: 'vpc-flow:field-count' }, values: { RecordsRejected: 1 } },
        {
          dimensions: service,
          values: { RecordsIn: 9, SignalsEmitted: 3, RecordsRejected: 3, RecordsIgnored: 2, FlowSkipData: 1, FindingsEmitted: 1, SignalsTooLate: 4 },
        },
      ]),
    );
    expect(lines).toHaveLength(5);
  });

  it('writes zeros for an invocation that read nothing, so a silent source is 0 rather than missing', () => {
    const metrics = new Metrics({ namespace: 'AN1261', serviceName: 'an1261-eks-audit' });
    const lines = emf(() => {
      publishIngestMetrics(metrics, new Tally(), { findingsEmitted: 0, tooLate: 0 });
      metrics.publishStoredMetrics();
    });
    expect(lines).toEqual([
      { dimensions: { service: 'an1261-eks-audit' }, values: { RecordsIn: 0, SignalsEmitted: 0, RecordsRejected: 0, RecordsIgnored: 0, FlowSkipData: 0, FindingsEmitted: 0, SignalsTooLate: 0 } },
    ]);
  });
});
