/**
 * What a normalizer returns: signals, plus counted reasons for every record that did not become one.
 * Nothing disappears silently: a record is either a signal source, ignored (read fine, not relevant:
 * counted by reason) or rejected (could not be read: counted by reason, with a sample for the log).
 */
import type { Signal, SignalKind } from './signal';

export interface Reject {
  reason: string;
  /** Source record reference (file:line, CWL event id …). */
  ref?: string;
  detail?: string;
}

/** Accumulates what one batch produced. Mutable by design: it is the hot path's counter. */
export class Tally {
  records = 0;
  readonly signals: Signal[] = [];
  readonly rejected = new Map<string, number>();
  readonly ignored = new Map<string, number>();
  /** The first few rejects of each reason, kept for logs. */
  readonly rejectSamples: Reject[] = [];
  /** Flow-log SKIPDATA rows: records AWS could not capture. */
  skipData = 0;
  /**
   * Values dropped from records that were otherwise read (an invalid image reference in a deploy,
   * a push or a build tag), by reason: the record still counts once as read, its bad value is
   * counted here instead of silently becoming "-".
   */
  readonly dropped = new Map<string, number>();
  /** Signals produced, by kind (kept when `signals` is drained by a streaming consumer). */
  private readonly kinds: Record<SignalKind, number> = { build: 0, egress: 0, push: 0, deploy: 0, link: 0, capability: 0, scan: 0 };

  private static readonly SAMPLES_PER_REASON = 3;

  signal(s: Signal): void {
    this.signals.push(s);
    this.kinds[s.kind]++;
  }

  /** Removes and returns the signals collected so far; the counts stay. */
  drainSignals(): Signal[] {
    return this.signals.splice(0);
  }

  reject(reason: string, ref?: string, detail?: string): void {
    const n = (this.rejected.get(reason) ?? 0) + 1;
    this.rejected.set(reason, n);
    if (n <= Tally.SAMPLES_PER_REASON) {
      this.rejectSamples.push({ reason, ...(ref ? { ref } : {}), ...(detail ? { detail: detail.slice(0, 300) } : {}) });
    }
  }

  drop(reason: string): void {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
  }

  ignore(reason: string, count = 1): void {
    this.ignored.set(reason, (this.ignored.get(reason) ?? 0) + count);
  }

  signalsByKind(): Record<SignalKind, number> {
    return { ...this.kinds };
  }

  /** Folds another tally into this one (e.g. per-file tallies into a run summary). */
  merge(other: Tally): void {
    this.records += other.records;
    for (const s of other.signals) this.signals.push(s);
    for (const k of Object.keys(this.kinds) as SignalKind[]) this.kinds[k] += other.kinds[k];
    for (const [k, v] of other.rejected) this.rejected.set(k, (this.rejected.get(k) ?? 0) + v);
    for (const [k, v] of other.ignored) this.ignored.set(k, (this.ignored.get(k) ?? 0) + v);
    for (const r of other.rejectSamples) if (this.rejectSamples.length < 100) this.rejectSamples.push(r);
    this.skipData += other.skipData;
    for (const [k, v] of other.dropped) this.dropped.set(k, (this.dropped.get(k) ?? 0) + v);
  }

  summary(): { records: number; signals: Record<SignalKind, number>; rejected: Record<string, number>; ignored: Record<string, number>; skipData: number } {
    return {
      records: this.records,
      signals: this.signalsByKind(),
      rejected: Object.fromEntries([...this.rejected].sort()),
      ignored: Object.fromEntries([...this.ignored].sort()),
      skipData: this.skipData,
    };
  }
}
