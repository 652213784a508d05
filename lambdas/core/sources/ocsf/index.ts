/**
 * PLACEHOLDER until the Security Lake OCSF mapping lands (helper B replaces this file; the signature
 * is the agreed interface): every row is counted and rejected as `ocsf:not-supported`, so Security
 * Lake objects are read, counted and never silently dropped.
 */
import type { BatchCollector } from '../../envelopes/batch-collector';
import type { SecurityLakeSource } from '../../model/config';
import type { Tally } from '../../model/normalize-result';

export function decodeOcsfRows(
  rows: readonly unknown[],
  refOf: (i: number) => string,
  ctx: { account?: string; region?: string; lakeSource: SecurityLakeSource },
  collector: BatchCollector,
  tally: Tally,
): void {
  void collector;
  for (let i = 0; i < rows.length; i++) {
    tally.records++;
    tally.reject('ocsf:not-supported', refOf(i), `Security Lake ${ctx.lakeSource} rows are not mapped yet`);
  }
}
