/**
 * CloudWatch metrics (EMF through Powertools Metrics) of one ingest invocation: records in,
 * signals by kind, rejects by reason, flow-log SKIPDATA, findings and too-late signals. Totals go
 * into the invocation's buffered metrics (flushed by the logMetrics middleware); the per-kind and
 * per-reason series are single metrics with one dimension each, whose values are bounded so the
 * number of CloudWatch series stays small whatever the input holds.
 */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Tally } from '../core/model/normalize-result';
import type { SignalKind } from '../core/model/signal';
import { INGEST_METRICS } from '../contract';

/** Dimension names of the per-kind and per-reason series. */
export const KIND_DIMENSION = 'kind';
export const REASON_DIMENSION = 'reason';

/** Distinct reason series per invocation; anything beyond is summed under `other`. */
const MAX_REASON_SERIES = 20;

/** What the correlation part of an invocation produced (from IngestTotals). */
export interface CorrelationCounts {
  findingsEmitted: number;
  tooLate: number;
}

/**
 * The dimension value of a reject reason: the source and the reason's first word, e.g.
 * `vpc-flow:field-count:27` → `vpc-flow:field-count`. Reasons are `<source>:<reason>[:detail]`;
 * anything else (an exception message used as a reason) becomes `other`.
 */
export function rejectReasonDimension(reason: string): string {
  const m = /^([a-z][a-z0-9-]{0,31}):([a-z0-9][a-z0-9-]{0,63})(?::|$)/.exec(reason);
  return m ? `${m[1]}:${m[2]}` : 'other';
}

/** Reject counts grouped by their dimension value, the largest first, capped at MAX_REASON_SERIES. */
export function rejectSeries(rejected: ReadonlyMap<string, number>): Array<[string, number]> {
  const byDim = new Map<string, number>();
  for (const [reason, n] of rejected) {
    const d = rejectReasonDimension(reason);
    byDim.set(d, (byDim.get(d) ?? 0) + n);
  }
  const sorted = [...byDim].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (sorted.length <= MAX_REASON_SERIES) return sorted;
  const head = sorted.slice(0, MAX_REASON_SERIES - 1);
  const rest = sorted.slice(MAX_REASON_SERIES - 1).reduce((s, [, n]) => s + n, 0);
  const other = head.find(([d]) => d === 'other');
  if (other) other[1] += rest;
  else head.push(['other', rest]);
  return head;
}

const sum = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/**
 * Adds the invocation's metrics. Totals are always written (zeros included) so a silent source
 * shows as 0, not as missing data; per-kind and per-reason series only when non-zero.
 * @example publishIngestMetrics(metrics, tally, totals); // before the logMetrics middleware flushes
 */
export function publishIngestMetrics(metrics: Metrics, tally: Tally, counts: CorrelationCounts): void {
  const kinds = tally.signalsByKind();
  const signals = Object.values(kinds).reduce((a, b) => a + b, 0);
  metrics.addMetric(INGEST_METRICS.recordsIn, MetricUnit.Count, tally.records);
  metrics.addMetric(INGEST_METRICS.signalsEmitted, MetricUnit.Count, signals);
  metrics.addMetric(INGEST_METRICS.recordsRejected, MetricUnit.Count, sum(tally.rejected));
  metrics.addMetric(INGEST_METRICS.recordsIgnored, MetricUnit.Count, sum(tally.ignored));
  metrics.addMetric(INGEST_METRICS.flowSkipData, MetricUnit.Count, tally.skipData);
  metrics.addMetric(INGEST_METRICS.findingsEmitted, MetricUnit.Count, counts.findingsEmitted);
  metrics.addMetric(INGEST_METRICS.signalsTooLate, MetricUnit.Count, counts.tooLate);

  for (const kind of Object.keys(kinds) as SignalKind[]) {
    if (kinds[kind] === 0) continue;
    const single = metrics.singleMetric();
    single.addDimension(KIND_DIMENSION, kind);
    single.addMetric(INGEST_METRICS.signalsEmitted, MetricUnit.Count, kinds[kind]);
  }
  for (const [reason, n] of rejectSeries(tally.rejected)) {
    const single = metrics.singleMetric();
    single.addDimension(REASON_DIMENSION, reason);
    single.addMetric(INGEST_METRICS.recordsRejected, MetricUnit.Count, n);
  }
}
