/** Small statistics for timings: medians and percentiles of samples, and a monotonic clock in ms. */
import { performance } from 'node:perf_hooks';

export const nowMs = (): number => performance.now();

/** The q-quantile (0..1) of `xs` by nearest rank; NaN for no samples. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/** Rounds to `digits` significant-ish decimals for reports (keeps integers intact). */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
