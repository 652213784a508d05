/** Test helpers: run host log lines through the normalizer the way the handlers do. */
import type { BatchContext } from '../../../../lambdas/core/model/batch';
import { Tally } from '../../../../lambdas/core/model/normalize-result';
import { compileSettings } from '../../../../lambdas/core/model/settings';
import { normalizeHostLogs } from '../../../../lambdas/core/sources/host';

export const SETTINGS = compileSettings();

/** Normalizes lines (refs `t:<n>`, optional envelope time) and returns the tally. */
export function runLines(lines: readonly unknown[], ctx: BatchContext = {}, envelopeMs?: number): Tally {
  const tally = new Tally();
  const records = lines.map((data, i) => ({ data: data as string, ref: `t:${i + 1}`, ...(envelopeMs !== undefined ? { timestamp: envelopeMs } : {}) }));
  normalizeHostLogs(records, ctx, SETTINGS, tally);
  return tally;
}
