/**
 * Times a full path against its floor on the same input, in the same process, interleaved (the
 * order alternates each round) so that JIT warm-up, GC and CPU frequency affect both alike.
 * The 10th percentiles of per-round times are compared: on a shared machine other processes only
 * ever add time, and a low percentile is what the code costs when it has the core (medians are
 * kept for context).
 */
import { median, nowMs, quantile } from '../lib/stats';

export interface FloorTiming {
  /** 10th percentile of the full path's round times. */
  fullMs: number;
  floorMs: number;
  /** fullMs / floorMs. */
  ratio: number;
  fullMedianMs: number;
  floorMedianMs: number;
  rounds: number;
}

export interface FloorTimingOptions {
  warmupRounds: number;
  minRounds: number;
  /** Stop after this much time once minRounds are done. */
  budgetMs: number;
}

function time(fn: () => unknown): number {
  const t0 = nowMs();
  fn();
  return nowMs() - t0;
}

export function timeAgainstFloor(full: () => unknown, floor: () => unknown, o: FloorTimingOptions): FloorTiming {
  for (let i = 0; i < o.warmupRounds; i++) {
    floor();
    full();
  }
  const fulls: number[] = [];
  const floors: number[] = [];
  const t0 = nowMs();
  for (let round = 0; round < o.minRounds || nowMs() - t0 < o.budgetMs; round++) {
    if (round % 2 === 0) {
      floors.push(time(floor));
      fulls.push(time(full));
    } else {
      fulls.push(time(full));
      floors.push(time(floor));
    }
  }
  const fullMs = quantile(fulls, 0.1);
  const floorMs = quantile(floors, 0.1);
  return { fullMs, floorMs, ratio: fullMs / floorMs, fullMedianMs: median(fulls), floorMedianMs: median(floors), rounds: fulls.length };
}
