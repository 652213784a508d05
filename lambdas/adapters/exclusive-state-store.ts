/**
 * A state store that only this process writes — the CLI's embedded dynalite, created empty for the
 * run — can know without asking which partitions hold nothing a query could return. This wrapper
 * remembers, for every partition written, the first character of each sort key written there
 * (`S` signals, `D` deploys, `C` capabilities, `L` links …) and every finding id put, and answers
 * a query or a finding read that cannot match anything at once, without a round trip. Anything
 * else goes to the store, which stays the authority (expiry, limits, order).
 *
 * Most of a replay's reads are of that kind: every kubelet status or binding of a pod that never
 * built looks for builds in its pod's partition. Never use it on a table others write (the
 * Lambdas' table, a `--table` of the CLI): it would miss their items.
 */
import type { StateItem, StateStore, StoredFinding } from '../core/correlate/state-port';
import type { StateStoreCounters } from './dynamodb-state-store';

export interface CountingStateStore extends StateStore {
  readonly counters: StateStoreCounters;
}

export class ExclusiveStateStore implements CountingStateStore {
  /** Partition → the first characters of the sort keys written to it. */
  private readonly prefixes = new Map<string, string>();
  private readonly findings = new Set<string>();
  /** Reads answered here, without a request. */
  readsSkipped = 0;

  constructor(private readonly inner: CountingStateStore) {}

  get counters(): StateStoreCounters {
    return this.inner.counters;
  }

  async putItems(items: readonly StateItem[]): Promise<void> {
    // Noted before the write: if it fails, the partition is only read when it need not be.
    for (const i of items) {
      const c = i.sk.charAt(0);
      const known = this.prefixes.get(i.pk);
      if (known === undefined) this.prefixes.set(i.pk, c);
      else if (!known.includes(c)) this.prefixes.set(i.pk, known + c);
    }
    await this.inner.putItems(items);
  }

  /** Whether `pk` may hold a sort key in [skFrom, skTo]: some written key starts with a character in range. */
  private mayHold(pk: string, skFrom: string, skTo: string): boolean {
    const known = this.prefixes.get(pk);
    if (known === undefined) return false;
    const lo = skFrom.charAt(0);
    const hi = skTo.charAt(0) || '\uffff';
    for (const c of known) if (c >= lo && c <= hi) return true;
    return false;
  }

  async query(pk: string, skFrom: string, skTo: string, nowSec: number, limit?: number): Promise<StateItem[]> {
    if (!this.mayHold(pk, skFrom, skTo)) {
      this.readsSkipped++;
      return [];
    }
    return this.inner.query(pk, skFrom, skTo, nowSec, limit);
  }

  async getFinding(id: string, nowSec: number): Promise<StoredFinding | undefined> {
    if (!this.findings.has(id)) {
      this.readsSkipped++;
      return undefined;
    }
    return this.inner.getFinding(id, nowSec);
  }

  async putFinding(stored: StoredFinding, expectedVersion: number | undefined): Promise<boolean> {
    this.findings.add(stored.finding.id);
    return this.inner.putFinding(stored, expectedVersion);
  }

  markFindingSent(id: string, version: number): Promise<void> {
    return this.inner.markFindingSent(id, version);
  }
}
