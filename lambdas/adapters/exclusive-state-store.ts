/**
 * A state store that only this process writes — the CLI's embedded dynalite, created empty for the
 * run — can know without asking which partitions hold nothing a query could return. This wrapper
 * remembers, for every partition written, the first character of each sort key written there
 * (`S` signals, `D` deploys, `C` capabilities, `L` links …) and every finding id put, and answers
 * a query or a finding read that cannot match anything at once, without a round trip. Anything
 * else goes to the store, which stays the authority (expiry, limits, order).
 *
 * Most of a replay's reads are of that kind: every kubelet status or binding of a pod that never
 * built looks for builds in its pod's partition. The others mostly repeat: the egress of every node
 * looks up, slice after slice, which pods held its IPs. So query results are also kept until an
 * item is written into their range (a bounded number of them, oldest dropped first), and answered
 * again filtered on the later clock — items only ever expire, and only this process writes.
 * Never use it on a table others write (the Lambdas' table, a `--table` of the CLI): it would miss
 * their items.
 */
import type { StateItem, StateStore, StoredFinding } from '../core/correlate/state-port';
import { MinHeap } from '../core/util/min-heap';
import type { StateStoreCounters } from './dynamodb-state-store';

export interface CountingStateStore extends StateStore {
  readonly counters: StateStoreCounters;
}

/** The keys of the items that expired, for a TTL sweeper that need not scan the table. */
export interface ExpiryIndex {
  takeExpired(beforeSec: number): Array<{ pk: string; sk: string }>;
}

/** Query results kept at most (each a partition's slice of items). */
export const MAX_CACHED_QUERIES = 5_000;

interface CachedQuery {
  pk: string;
  skFrom: string;
  skTo: string;
  nowSec: number;
  items: StateItem[];
}

export class ExclusiveStateStore implements CountingStateStore, ExpiryIndex {
  /** Partition → the first characters of the sort keys written to it. */
  private readonly prefixes = new Map<string, string>();
  private readonly findings = new Set<string>();
  /** `pk \0 skFrom \0 skTo` → the items the store returned, and on which clock. */
  private readonly cache = new Map<string, CachedQuery>();
  /** Partition → its cached query keys (dropped when the partition is written). */
  private readonly cachedByPk = new Map<string, Set<string>>();
  /** Live items per partition: a partition whose items all expired is forgotten (memory follows the state, not the replay's length). */
  private readonly liveItems = new Map<string, number>();
  /** Every item's current expiry (`pk \0 sk` → epoch seconds), and the same in expiry order (stale entries skipped). */
  private readonly expiry = new Map<string, number>();
  private readonly byExpiry = new MinHeap<{ at: number; pk: string; sk: string }>((a, b) => a.at - b.at);
  /** Reads answered here, without a request. */
  readsSkipped = 0;

  constructor(
    private readonly inner: CountingStateStore,
    private readonly maxCached = MAX_CACHED_QUERIES,
  ) {}

  get counters(): StateStoreCounters {
    return this.inner.counters;
  }

  async putItems(items: readonly StateItem[]): Promise<void> {
    // Noted before the write: if it fails, the partition is only read when it need not be.
    for (const i of items) {
      this.forget(i.pk, i.sk);
      const key = `${i.pk}\u0000${i.sk}`;
      if (!this.expiry.has(key)) this.liveItems.set(i.pk, (this.liveItems.get(i.pk) ?? 0) + 1);
      this.expiry.set(key, i.expiresAt);
      this.byExpiry.push({ at: i.expiresAt, pk: i.pk, sk: i.sk });
      const c = i.sk.charAt(0);
      const known = this.prefixes.get(i.pk);
      if (known === undefined) this.prefixes.set(i.pk, c);
      else if (!known.includes(c)) this.prefixes.set(i.pk, known + c);
    }
    await this.inner.putItems(items);
  }

  /**
   * The items that expired before `beforeSec` (each once, by its latest write), forgotten here: what
   * DynamoDB's TTL would delete, found without scanning the table.
   */
  takeExpired(beforeSec: number): Array<{ pk: string; sk: string }> {
    const out: Array<{ pk: string; sk: string }> = [];
    for (let top = this.byExpiry.peek(); top && top.at < beforeSec; top = this.byExpiry.peek()) {
      this.byExpiry.pop();
      const key = `${top.pk}\u0000${top.sk}`;
      // A later write of the same key moved its expiry: this entry is stale.
      if (this.expiry.get(key) !== top.at) continue;
      this.expiry.delete(key);
      out.push({ pk: top.pk, sk: top.sk });
      const left = (this.liveItems.get(top.pk) ?? 1) - 1;
      if (left > 0) this.liveItems.set(top.pk, left);
      else {
        this.liveItems.delete(top.pk);
        this.prefixes.delete(top.pk);
      }
    }
    return out;
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
    if (limit !== undefined) return this.inner.query(pk, skFrom, skTo, nowSec, limit);
    const key = `${pk}\u0000${skFrom}\u0000${skTo}`;
    const hit = this.cache.get(key);
    // Items only expire: what was live then and is still live now is exactly what the store holds.
    if (hit && hit.nowSec <= nowSec) {
      this.readsSkipped++;
      return hit.items.filter((i) => i.expiresAt > nowSec);
    }
    const items = await this.inner.query(pk, skFrom, skTo, nowSec);
    this.remember(key, { pk, skFrom, skTo, nowSec, items });
    return [...items];
  }

  private remember(key: string, q: CachedQuery): void {
    if (this.cache.size >= this.maxCached) {
      const oldest = this.cache.keys().next().value as string;
      this.cachedByPk.get(this.cache.get(oldest)!.pk)?.delete(oldest);
      this.cache.delete(oldest);
    }
    this.cache.set(key, q);
    let keys = this.cachedByPk.get(q.pk);
    if (!keys) this.cachedByPk.set(q.pk, (keys = new Set()));
    keys.add(key);
  }

  /** Drops the kept results a new item of `pk` at `sk` would change (an egress item leaves the IP's pod links cached). */
  private forget(pk: string, sk: string): void {
    const keys = this.cachedByPk.get(pk);
    if (!keys) return;
    for (const k of keys) {
      const q = this.cache.get(k);
      if (q && (sk < q.skFrom || sk > q.skTo)) continue;
      this.cache.delete(k);
      keys.delete(k);
    }
    if (keys.size === 0) this.cachedByPk.delete(pk);
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
