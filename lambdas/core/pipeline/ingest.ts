/**
 * The ingest pipeline shared by the Lambdas and `an1261 replay`: decoded batches → normalizers →
 * time guard → state + correlator → finding sink. Time comes from a clock: the wall clock on AWS, or
 * the event time of each slice when replaying history.
 *
 * Hostile input never blinds it:
 *  - **Sane time, one guard for every source**: a signal whose event time (and a build's `endTime`,
 *    an egress's `firstSeen`/`lastSeen`) is unreadable, before 2006, or more than
 *    `maxClockSkewMinutes` past the wall clock is rejected (`time:invalid`, `time:before-2006`,
 *    `time:in-the-future`, with the signal's `ref` as sample) and never reaches state: host logs are
 *    writable by whoever owns the host, and one line dated 9999 would otherwise break every state
 *    query of its batch. A rejected signal is not counted as emitted (`signalsByKind`).
 *  - **One record's fault loses one record**: a normalizer that throws on a batch is run again
 *    record by record, and a correlation that throws a content fault (see `isRecordFault`) is run
 *    again signal by signal; what still throws is rejected as `ingest:record-error` with its ref.
 *    The fallback normalizes each record alone (an auditd event split over records, or a flow-log
 *    batch's aggregation, is then read per record). A signal that fails correlation was already
 *    counted as emitted by normalization: it is counted again under the `ingest:record-error`
 *    reject. Infrastructure faults (AWS SDK errors, throttling, 5xx, unknown plain errors) are
 *    rethrown: the invocation or Kinesis item is retried, as before.
 */
import type { Correlator, CorrelationStats } from '../correlate/correlator';
import type { DecodedBatch } from '../envelopes/decoded-batch';
import type { FindingUpdate } from '../model/finding';
import { Tally } from '../model/normalize-result';
import { type DetectionSettings, scopeToAccount, settingsForAccount } from '../model/settings';
import type { Signal } from '../model/signal';
import { NO_WALL_CLOCK_LATEST_MS, timeFault } from '../model/signal-time';
import { normalizeSource } from '../sources/normalize-source';
import { eventTimeSlices } from './event-time-order';
import { describeFault, isRecordFault } from './fault-kind';

export { EARLIEST_EVENT_MS, NO_WALL_CLOCK_LATEST_MS, timeFault } from '../model/signal-time';
import type { FindingSink } from './finding-sink';

/**
 * The wall clock on AWS (windows and expiry judged at arrival), or the event-time clock of a replay
 * (each slice at its newest event time). The event-time clock has no "now" of its own: `wallNow`
 * gives the real time so events from the future can be told (pass `() => Date.now()`; the core reads
 * no clock). Without it, only times after `NO_WALL_CLOCK_LATEST_MS` count as in the future.
 */
export type Clock = { kind: 'wall'; now: () => number } | { kind: 'event-time'; wallNow?: () => number };

/**
 * The largest signal (as JSON) that may reach state. A normal one is about 1 KB; attacker-controlled
 * names (a 70 KB syslog host name, principal ARN or CWL event id, found by `npm run fuzz`) must
 * not make a state item exceed DynamoDB's 400 KB and fail the whole batch.
 */
export const MAX_SIGNAL_BYTES = 64 * 1024;

/**
 * A tally that rejects, as they are emitted, signals with unbelievable times (`time:*`) or too
 * large to keep (`signal:too-large`), so they are never counted as signals nor reach state.
 */
class TimeGuardTally extends Tally {
  constructor(private readonly latestMs: number) {
    super();
  }

  override signal(s: Signal): void {
    const fault = timeFault(s, this.latestMs);
    if (fault) return this.reject(fault.reason, s.ref.slice(0, 256), fault.detail);
    const bytes = JSON.stringify(s).length;
    if (bytes > MAX_SIGNAL_BYTES) return this.reject('signal:too-large', s.ref.slice(0, 256), `${s.kind} signal of ${bytes} characters (at most ${MAX_SIGNAL_BYTES})`);
    super.signal(s);
  }
}

export interface IngestTotals extends CorrelationStats {
  updates: FindingUpdate[];
  /** The newest clock value used (epoch ms; 0 when nothing was correlated). */
  clockMs: number;
}

export class IngestPipeline {
  constructor(
    private readonly correlator: Correlator,
    private readonly settings: DetectionSettings,
    private readonly sink: FindingSink,
    private readonly clock: Clock,
  ) {}

  /** The latest believable event time, now. */
  private latestEventMs(): number {
    const skew = this.settings.maxClockSkewMs;
    if (this.clock.kind === 'wall') return this.clock.now() + skew;
    return this.clock.wallNow ? this.clock.wallNow() + skew : NO_WALL_CLOCK_LATEST_MS;
  }

  /**
   * Normalizes one batch into `tally` through the time guard. A normalizer that throws is run again
   * one record at a time, and only the records that still throw are lost (`ingest:record-error`).
   */
  private normalize(batch: DecodedBatch, tally: Tally, latestMs: number): void {
    const whole = new TimeGuardTally(latestMs);
    // A batch comes from one account (a CWL payload's owner, an S3 object's path): its overrides apply.
    const settings = settingsForAccount(this.settings, batch.ctx.account);
    try {
      normalizeSource(batch.source, batch.records, batch.ctx, settings, whole);
      tally.merge(whole);
      return;
    } catch {
      // A normalizer is pure: whatever it throws comes from a record's content. Find which.
    }
    const kept = new TimeGuardTally(latestMs);
    for (const record of batch.records) {
      const one = new TimeGuardTally(latestMs);
      try {
        normalizeSource(batch.source, [record], batch.ctx, settings, one);
        kept.merge(one);
      } catch (e) {
        kept.records++;
        kept.reject('ingest:record-error', record.ref, describeFault(e));
      }
    }
    tally.merge(kept);
  }

  /**
   * Correlates a slice. A content fault (see `isRecordFault`) makes it run again one signal at a
   * time, rejecting only the signals that still fault; infrastructure faults are rethrown.
   */
  private async correlate(slice: Signal[], now: number, tally: Tally): Promise<Array<Awaited<ReturnType<Correlator['process']>>>> {
    try {
      return [await this.correlator.process(slice, now)];
    } catch (e) {
      if (!isRecordFault(e)) throw e;
    }
    const results: Array<Awaited<ReturnType<Correlator['process']>>> = [];
    for (const s of slice) {
      try {
        results.push(await this.correlator.process([s], now));
      } catch (e) {
        if (!isRecordFault(e)) throw e;
        tally.reject('ingest:record-error', s.ref, describeFault(e));
      }
    }
    return results;
  }

  /**
   * Normalizes batches into `tally` through the time guard and returns their signals, without
   * correlating them: a replay orders the signals of all its inputs by event time first.
   */
  normalizeBatches(batches: readonly DecodedBatch[], tally: Tally): Signal[] {
    const latestMs = this.latestEventMs();
    const out: Signal[] = [];
    for (const batch of batches) {
      this.normalize(batch, tally, latestMs);
      for (const s of tally.drainSignals()) out.push(scopeToAccount(this.settings, s));
    }
    return out;
  }

  /**
   * Correlates one slice of signals at `now` (the wall clock, or the slice's newest event time),
   * sends its finding updates and adds what it did to `totals`.
   */
  async correlateSlice(slice: Signal[], now: number, tally: Tally, totals: IngestTotals): Promise<void> {
    totals.clockMs = Math.max(totals.clockMs, now);
    for (const { updates, unchanged, stats } of await this.correlate(slice, now, tally)) {
      if (updates.length > 0) {
        await this.sink.send(updates);
        await this.correlator.markSent(updates);
      }
      if (unchanged.length > 0) this.sink.unchanged?.(unchanged);
      for (const k of ['signals', 'tooLate', 'itemsWritten', 'chainsEvaluated', 'findingsEmitted', 'conflicts'] as const) totals[k] += stats[k];
      totals.updates.push(...updates);
    }
  }

  /** Normalizes every batch into `tally`, correlates its signals, and sends the finding updates. */
  async process(batches: readonly DecodedBatch[], tally: Tally): Promise<IngestTotals> {
    const totals = emptyTotals();
    for (const batch of batches) {
      const signals = this.normalizeBatches([batch], tally);
      if (signals.length === 0) continue;
      if (this.clock.kind === 'wall') {
        await this.correlateSlice(signals, this.clock.now(), tally, totals);
        continue;
      }
      // A batch covering hours replays as it happened, slice by slice, not at its newest time.
      const sorted = [...signals].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
      for await (const slice of eventTimeSlices(sorted, this.settings.latenessMs, Number.POSITIVE_INFINITY)) await this.correlateSlice(slice, newestTime(slice), tally, totals);
    }
    return totals;
  }
}

export function emptyTotals(): IngestTotals {
  return { signals: 0, tooLate: 0, itemsWritten: 0, chainsEvaluated: 0, findingsEmitted: 0, conflicts: 0, updates: [], clockMs: 0 };
}

/** The newest event time of a slice (epoch ms): the replay clock while it is correlated. */
export function newestTime(slice: readonly Signal[]): number {
  return slice.reduce((m, s) => Math.max(m, Date.parse(s.time)), Number.NEGATIVE_INFINITY);
}
