/**
 * The ingest pipeline shared by the Lambdas and `an1261 replay`: decoded batches → normalizers →
 * state + correlator → finding sink. Time comes from a clock: the wall clock on AWS, or the event
 * time of each slice when replaying history.
 */
import type { Correlator, CorrelationStats } from '../correlate/correlator';
import type { DecodedBatch } from '../envelopes/decoded-batch';
import type { FindingUpdate } from '../model/finding';
import type { Tally } from '../model/normalize-result';
import type { DetectionSettings } from '../model/settings';
import type { Signal } from '../model/signal';
import { normalizeSource } from '../sources/normalize-source';
import type { FindingSink } from './finding-sink';

export type Clock = { kind: 'wall'; now: () => number } | { kind: 'event-time' };

export interface IngestTotals extends CorrelationStats {
  updates: FindingUpdate[];
  /** The newest clock value used (epoch ms; 0 when nothing was correlated). */
  clockMs: number;
}

/**
 * A batch's signals in event-time order, cut into slices that each span at most `spanMs`, so that
 * a file covering hours replays as it happened instead of at its newest time.
 */
export function byEventTime(signals: readonly Signal[], spanMs: number): Signal[][] {
  const sorted = [...signals].sort((a, b) => a.time.localeCompare(b.time));
  const slices: Signal[][] = [];
  let start = Number.NEGATIVE_INFINITY;
  for (const s of sorted) {
    const t = Date.parse(s.time);
    if (slices.length === 0 || t - start > spanMs) {
      slices.push([]);
      start = t;
    }
    slices[slices.length - 1]!.push(s);
  }
  return slices;
}

export class IngestPipeline {
  constructor(
    private readonly correlator: Correlator,
    private readonly settings: DetectionSettings,
    private readonly sink: FindingSink,
    private readonly clock: Clock,
  ) {}

  /** Normalizes every batch into `tally`, correlates its signals, and sends the finding updates. */
  async process(batches: readonly DecodedBatch[], tally: Tally): Promise<IngestTotals> {
    const totals: IngestTotals = { signals: 0, tooLate: 0, itemsWritten: 0, chainsEvaluated: 0, findingsEmitted: 0, conflicts: 0, updates: [], clockMs: 0 };
    for (const batch of batches) {
      normalizeSource(batch.source, batch.records, batch.ctx, this.settings, tally);
      const signals = tally.drainSignals();
      if (signals.length === 0) continue;
      const slices = this.clock.kind === 'wall' ? [signals] : byEventTime(signals, this.settings.latenessMs);
      for (const slice of slices) {
        const now = this.clock.kind === 'wall' ? this.clock.now() : Math.max(...slice.map((s) => Date.parse(s.time)));
        totals.clockMs = Math.max(totals.clockMs, now);
        const { updates, stats } = await this.correlator.process(slice, now);
        if (updates.length > 0) {
          await this.sink.send(updates);
          await this.correlator.markSent(updates);
        }
        for (const k of ['signals', 'tooLate', 'itemsWritten', 'chainsEvaluated', 'findingsEmitted', 'conflicts'] as const) totals[k] += stats[k];
        totals.updates.push(...updates);
      }
    }
    return totals;
  }
}
