/**
 * Delivery perturbations every simulator applies, drawn from its seeded PRNG:
 * - duplicate: a delivery happens twice (every trigger here is at-least-once: Lambda's async queue
 *   "is eventually consistent" and may send the same event more than once; SQS standard queues
 *   deliver "at least once"; a Kinesis checkpoint lost on a lease change re-reads a batch);
 * - reorder: a delivery is held back by up to `reorderWindowMs`, so later ones overtake it (never
 *   within a Kinesis shard, which Lambda reads in order);
 * - crash: the instance dies mid-batch: the handler runs (its side effects happen) but its result
 *   is discarded and the invocation counts as failed ("Task timed out" / runtime exit), so the
 *   trigger's failure path redelivers.
 */
import type { Rng } from '../rng';

export interface Perturbations {
  /** Probability that a delivery is duplicated. */
  readonly duplicate: number;
  /** Probability that a delivery is held back. */
  readonly reorder: number;
  /** How far back, at most (ms). */
  readonly reorderWindowMs: number;
  /** Probability that an invocation's instance dies after the handler ran. */
  readonly crash: number;
}

export const NO_PERTURBATIONS: Perturbations = { duplicate: 0, reorder: 0, reorderWindowMs: 0, crash: 0 };

/** A moderate mix for chaos runs. */
export const DEFAULT_PERTURBATIONS: Perturbations = { duplicate: 0.05, reorder: 0.1, reorderWindowMs: 30_000, crash: 0.03 };

export class Perturber {
  duplicates = 0;
  reorders = 0;
  crashes = 0;

  constructor(
    private readonly rng: Rng,
    readonly settings: Perturbations,
  ) {}

  /** Whether to send this delivery twice (counted). */
  duplicate(): boolean {
    if (this.settings.duplicate <= 0 || !this.rng.chance(this.settings.duplicate)) return false;
    this.duplicates++;
    return true;
  }

  /** A hold-back delay for this delivery: 0, or in [1, reorderWindowMs] (counted). */
  reorderDelay(): number {
    const { reorder, reorderWindowMs } = this.settings;
    if (reorder <= 0 || reorderWindowMs <= 0 || !this.rng.chance(reorder)) return 0;
    this.reorders++;
    return this.rng.int(1, reorderWindowMs);
  }

  /** Whether this invocation's instance dies after the handler ran (counted). */
  crash(): boolean {
    if (this.settings.crash <= 0 || !this.rng.chance(this.settings.crash)) return false;
    this.crashes++;
    return true;
  }
}
