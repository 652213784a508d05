/**
 * The embedded store's shortcut: a query or finding read that cannot match anything written by
 * this process is answered without a request; everything else goes to the store, whose answer
 * stands (expiry, order, limits).
 */
import type { StateItem, StoredFinding } from '../../lambdas/core/correlate/state-port';
import { type CountingStateStore, ExclusiveStateStore } from '../../lambdas/adapters/exclusive-state-store';

class RecordingStore implements CountingStateStore {
  readonly counters = { writeRequests: 0, itemsWritten: 0, readRequests: 0, conditionalFailures: 0 };
  readonly calls: string[] = [];
  items: StateItem[] = [];
  async putItems(items: readonly StateItem[]): Promise<void> {
    this.items.push(...items);
  }
  async query(pk: string, skFrom: string, skTo: string): Promise<StateItem[]> {
    this.calls.push(`query ${pk} ${skFrom}..${skTo}`);
    return this.items.filter((i) => i.pk === pk && i.sk >= skFrom && i.sk <= skTo);
  }
  async getFinding(id: string): Promise<StoredFinding | undefined> {
    this.calls.push(`getFinding ${id}`);
    return undefined;
  }
  async putFinding(): Promise<boolean> {
    return true;
  }
  async markFindingSent(): Promise<void> {}
}

const item = (pk: string, sk: string): StateItem => ({ pk, sk, expiresAt: 2_000_000_000, doc: '{}' });

describe('ExclusiveStateStore', () => {
  it('asks the store only for partitions and sort-key prefixes it wrote', async () => {
    const inner = new RecordingStore();
    const store = new ExclusiveStateStore(inner);
    await store.putItems([item('H#pod:prod/web-1', 'L#node#ip-10-0-1-1'), item('I#tag:app:v1', 'S#2026-11-02T10:00:00.000Z#b1')]);

    expect(await store.query('H#pod:prod/web-2', 'S#', 'S#\uffff', 0)).toEqual([]); // never written
    expect(await store.query('H#pod:prod/web-1', 'S#', 'S#\uffff', 0)).toEqual([]); // only links there
    expect(await store.query('H#pod:prod/web-1', 'C#', 'S#\uffff', 0)).toHaveLength(1); // C..S takes L too: asked
    expect(await store.query('H#pod:prod/web-1', 'L#node#', 'L#node#\uffff', 0)).toHaveLength(1);
    expect(await store.query('I#tag:app:v1', 'C#', 'S#\uffff', 0)).toHaveLength(1); // C..S covers S
    expect(await store.getFinding('f-1', 0)).toBeUndefined();
    expect(inner.calls).toEqual(['query H#pod:prod/web-1 C#..S#\uffff', 'query H#pod:prod/web-1 L#node#..L#node#\uffff', 'query I#tag:app:v1 C#..S#\uffff']);
    expect(store.readsSkipped).toBe(3);

    await store.putFinding({ finding: { id: 'f-1' } } as StoredFinding, undefined);
    await store.getFinding('f-1', 0);
    expect(inner.calls.at(-1)).toBe('getFinding f-1');
  });
});
