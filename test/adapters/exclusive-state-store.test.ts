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
  async query(pk: string, skFrom: string, skTo: string, nowSec: number): Promise<StateItem[]> {
    this.calls.push(`query ${pk} ${skFrom}..${skTo}`);
    return this.items.filter((i) => i.pk === pk && i.sk >= skFrom && i.sk <= skTo && i.expiresAt > nowSec).sort((a, b) => (a.sk < b.sk ? -1 : 1));
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

  it('answers a repeated query from what the store said, on the later clock, until its partition is written', async () => {
    const inner = new RecordingStore();
    const store = new ExclusiveStateStore(inner);
    await store.putItems([{ ...item('H#ip:10.0.1.5', 'L#pod#prod/web-1'), expiresAt: 1000 }, { ...item('H#ip:10.0.1.5', 'L#pod#prod/web-2'), expiresAt: 5000 }]);
    const pods = (now: number) => store.query('H#ip:10.0.1.5', 'L#pod#', 'L#pod#\uffff', now).then((items) => items.map((i) => i.sk));

    expect(await pods(500)).toEqual(['L#pod#prod/web-1', 'L#pod#prod/web-2']);
    expect(await pods(2000)).toEqual(['L#pod#prod/web-2']); // web-1 expired meanwhile: filtered, not asked
    expect(inner.calls).toHaveLength(1);
    expect(await pods(100)).toHaveLength(2); // an earlier clock is asked again
    expect(inner.calls).toHaveLength(2);

    await store.putItems([item('H#ip:10.0.1.5', 'E#2026-11-02T10:00:00.000Z#e1')]); // outside the range: kept
    expect(await pods(2000)).toHaveLength(1);
    expect(inner.calls).toHaveLength(2);
    await store.putItems([item('H#ip:10.0.1.5', 'L#pod#prod/web-3')]);
    expect(await pods(2000)).toEqual(['L#pod#prod/web-2', 'L#pod#prod/web-3']);
    expect(inner.calls).toHaveLength(3);
  });

  it('keeps a bounded number of results, dropping the oldest first', async () => {
    const inner = new RecordingStore();
    const store = new ExclusiveStateStore(inner, 2);
    await store.putItems(['a', 'b', 'c'].map((p) => item(`H#ip:${p}`, 'L#pod#x')));
    for (const p of ['a', 'b', 'c', 'c', 'a']) await store.query(`H#ip:${p}`, 'L#', 'L#\uffff', 0);
    expect(inner.calls.map((c) => c.split(' ')[1])).toEqual(['H#ip:a', 'H#ip:b', 'H#ip:c', 'H#ip:a']);
  });

  it('forgets a partition once the sweeper took all its items: it holds nothing any more', async () => {
    const inner = new RecordingStore();
    const store = new ExclusiveStateStore(inner);
    await store.putItems([{ ...item('H#pod:prod/old', 'L#node#n1'), expiresAt: 100 }, { ...item('H#pod:prod/old', 'L#ip#10.0.0.9'), expiresAt: 200 }]);
    expect(store.takeExpired(150)).toEqual([{ pk: 'H#pod:prod/old', sk: 'L#node#n1' }]);
    await store.query('H#pod:prod/old', 'L#', 'L#\uffff', 160);
    expect(inner.calls).toHaveLength(1); // one item left: still asked
    expect(store.takeExpired(300)).toEqual([{ pk: 'H#pod:prod/old', sk: 'L#ip#10.0.0.9' }]);
    await store.query('H#pod:prod/old', 'M#', 'M#\uffff', 400);
    expect(await store.query('H#pod:prod/old', 'L#', 'L#\uffff', 400)).toEqual([]);
    expect(inner.calls).toHaveLength(1);
  });
});
