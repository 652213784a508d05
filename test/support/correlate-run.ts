/** Delivers batches of signals to a Correlator on the embedded DynamoDB, on a replay clock. */
import { Correlator } from '../../lambdas/core/correlate/correlator';
import { parseConfig } from '../../lambdas/core/model/config';
import type { Finding } from '../../lambdas/core/model/finding';
import { compileSettings, scopeToAccount } from '../../lambdas/core/model/settings';
import type { Signal } from '../../lambdas/core/model/signal';
import type { DynamoDbStateStore } from '../../lambdas/adapters/dynamodb-state-store';

/** Every finding version emitted, and the last version of each finding. */
export async function runBatches(store: DynamoDbStateStore, batches: Signal[][], config: unknown = {}, startMs = 0): Promise<{ emitted: Finding[]; findings: Finding[] }> {
  const settings = compileSettings(parseConfig(config));
  const correlator = new Correlator(store, settings);
  const emitted: Finding[] = [];
  let clock = startMs;
  for (const batch of batches) {
    for (const s of batch) clock = Math.max(clock, Date.parse(s.time));
    // As the ingest pipeline does: each signal in its account's scope when several accounts are read.
    const { updates } = await correlator.process(batch.map((s) => scopeToAccount(settings, { ...s })), clock);
    await correlator.markSent(updates); // as IngestPipeline does once the findings queue accepted them
    emitted.push(...updates.map((u) => u.finding));
  }
  const latest = new Map<string, Finding>();
  for (const f of emitted) latest.set(f.id, f);
  return { emitted, findings: [...latest.values()] };
}
