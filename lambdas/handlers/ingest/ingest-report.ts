/**
 * What an ingest invocation tells operators: EMF metrics (lambdas/adapters/ingest-metrics.ts), one
 * info line with the counts and the findings sent, and a warn line with a few reject samples
 * (reason, record reference, a short excerpt) — never whole records, which are large and may hold
 * secrets.
 */
import { publishIngestMetrics } from '../../adapters/ingest-metrics';
import type { Tally } from '../../core/model/normalize-result';
import type { SignalKind } from '../../core/model/signal';
import type { IngestTotals } from '../../core/pipeline/ingest';
import type { Powertools } from '../shared/powertools';

const MAX_SAMPLES = 10;
const MAX_DETAIL = 160;
const MAX_REASONS_LOGGED = 30;

/** The handler's return value: a compact account of the invocation. */
export interface IngestSummary {
  records: number;
  signals: Record<SignalKind, number>;
  rejected: number;
  ignored: number;
  skipData: number;
  tooLate: number;
  /** `<finding id>@v<version>` of every finding version sent to the queue. */
  findings: string[];
}

const sum = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/** The largest counts first, at most MAX_REASONS_LOGGED of them. */
function topCounts(m: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAX_REASONS_LOGGED));
}

/**
 * Publishes metrics and logs the invocation. `totals` is undefined when the invocation failed
 * part-way (the metrics of what was read are still worth having).
 * @example return reportIngest(runtime.tools, 'eks-audit', tally, totals);
 */
export function reportIngest(tools: Powertools, source: string, tally: Tally, totals: IngestTotals | undefined): IngestSummary {
  const counts = { findingsEmitted: totals?.findingsEmitted ?? 0, tooLate: totals?.tooLate ?? 0 };
  publishIngestMetrics(tools.metrics, tally, counts);
  const summary: IngestSummary = {
    records: tally.records,
    signals: tally.signalsByKind(),
    rejected: sum(tally.rejected),
    ignored: sum(tally.ignored),
    skipData: tally.skipData,
    tooLate: counts.tooLate,
    findings: (totals?.updates ?? []).map((u) => `${u.finding.id}@v${u.finding.version}`),
  };
  tools.logger.info('ingest done', {
    source,
    ...summary,
    findings: (totals?.updates ?? []).map((u) => ({ id: u.finding.id, version: u.finding.version, severity: u.finding.severity, previousSeverity: u.previousSeverity, stages: u.finding.stages })),
    ignoredByReason: topCounts(tally.ignored),
  });
  if (summary.rejected > 0) {
    tools.logger.warn('records rejected', {
      source,
      rejectedByReason: topCounts(tally.rejected),
      samples: tally.rejectSamples.slice(0, MAX_SAMPLES).map((r) => ({ reason: r.reason, ref: r.ref, ...(r.detail ? { detail: r.detail.slice(0, MAX_DETAIL) } : {}) })),
    });
  }
  if (tally.skipData > 0) tools.logger.warn('flow logs lost records (SKIPDATA rows)', { source, skipData: tally.skipData });
  if (counts.tooLate > 0) tools.logger.warn('signals arrived after the state retention and cannot join a chain', { source, tooLate: counts.tooLate });
  return summary;
}
