/**
 * `an1261 tune --seed-baseline`: the first-seen baseline of builders a backtest learnt, written to
 * a deployment's state table, so the deployed detector judges new builders from its first minute
 * instead of learning for `baseline.learningDays`. The items are the ones the correlator writes
 * (lambdas/core/correlate/builder-baseline.ts): one per subject and day, idempotent, expiring
 * `baseline.retentionDays` after their day, so seeding twice or seeding a live table is harmless.
 */
import { baselineItems } from '../../core/correlate/builder-baseline';
import type { StateItem } from '../../core/correlate/state-port';
import type { Config } from '../../core/model/config';
import type { BuildSignal } from '../../core/model/signal';
import { type OpenStore, type StoreFlags, openStateStore } from '../state-store-factory';

/** The baseline items of a backtest's builds, one per subject-day (memory ∝ distinct subject-days). */
export class BaselineSeed {
  private readonly items = new Map<string, StateItem>();

  constructor(private readonly baseline: Config['baseline']) {}

  add(b: BuildSignal): void {
    for (const item of baselineItems(b, this.baseline)) this.items.set(`${item.pk}\u0000${item.sk}`, item);
  }

  /** Writes the items not yet expired at `nowMs` to the opened table (see {@link openSeedTarget}). */
  async write(opened: OpenStore, nowMs = Date.now()): Promise<{ subjects: number; days: number; expired: number; description: string }> {
    const nowSec = Math.floor(nowMs / 1000);
    const live = [...this.items.values()].filter((i) => i.expiresAt > nowSec);
    await opened.store.putItems(live);
    const subjects = live.filter((i) => i.pk.startsWith('B#s:'));
    return { subjects: new Set(subjects.map((i) => i.pk)).size, days: new Set(subjects.map((i) => i.sk)).size, expired: this.items.size - live.length, description: opened.description };
  }
}

/** The state table to seed, opened (and created with --create-table) before any input is read: a wrong table or region fails at once. */
export function openSeedTarget(flags: StoreFlags): Promise<OpenStore> {
  return openStateStore(flags, 0);
}
