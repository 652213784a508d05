/** The DynamoDB state adapter against dynalite (a real DynamoDB wire API). */
import type { StoredFinding } from '../../lambdas/core/correlate/state-port';
import type { Finding } from '../../lambdas/core/model/finding';
import { useEmbeddedStore } from '../support/embedded-store';

const db = useEmbeddedStore();
const NOW = 1_793_600_000;
const item = (sk: string, expiresAt = NOW + 600) => ({ pk: 'H#ip:10.0.1.5', sk, expiresAt, doc: JSON.stringify({ sk }) });

function stored(version: number, fingerprint = `fp-${version}`): StoredFinding {
  return { finding: { id: 'f1', version, severity: 'LOW', updatedAt: '2026-11-02T10:00:00.000Z' } as Finding, fingerprint, expiresAt: NOW + 86_400 };
}

describe('DynamoDbStateStore (dynalite)', () => {
  it('writes items and reads a sort-key range back, strongly consistent', async () => {
    const store = await db.fresh();
    await store.putItems([item('S#2026-11-02T10:00:00.000Z#a'), item('S#2026-11-02T10:05:00.000Z#b'), item('S#2026-11-02T11:00:00.000Z#c')]);
    const got = await store.query('H#ip:10.0.1.5', 'S#2026-11-02T09:59', 'S#2026-11-02T10:06', NOW);
    expect(got.map((i) => i.sk)).toEqual(['S#2026-11-02T10:00:00.000Z#a', 'S#2026-11-02T10:05:00.000Z#b']);
  });

  it('never returns expired items, though TTL has not deleted them yet', async () => {
    const store = await db.fresh();
    await store.putItems([item('S#1#live', NOW + 1), item('S#2#expired', NOW), item('S#3#old', NOW - 3600)]);
    expect((await store.query('H#ip:10.0.1.5', 'S#', 'S#~', NOW)).map((i) => i.sk)).toEqual(['S#1#live']);
  });

  it('writes more than 25 items in batches, and the same key twice in one call once', async () => {
    const store = await db.fresh();
    const items = Array.from({ length: 60 }, (_, i) => item(`S#${String(i).padStart(3, '0')}`));
    await store.putItems([...items, items[0]!]);
    expect(store.counters).toMatchObject({ writeRequests: 3, itemsWritten: 60 });
    expect(await store.query('H#ip:10.0.1.5', 'S#', 'S#~', NOW)).toHaveLength(60);
  });

  it('settles concurrent finding writers with a conditional put on the version', async () => {
    const store = await db.fresh();
    expect(await store.putFinding(stored(1), undefined)).toBe(true);
    expect(await store.putFinding(stored(1, 'other'), undefined)).toBe(false);
    expect(await store.putFinding(stored(2), 1)).toBe(true);
    expect(await store.putFinding(stored(2, 'late'), 1)).toBe(false);
    expect(await store.getFinding('f1', NOW)).toMatchObject({ fingerprint: 'fp-2', finding: { version: 2 } });
    expect(store.counters.conditionalFailures).toBe(2);
  });

  it('treats an expired finding as absent', async () => {
    const store = await db.fresh();
    await store.putFinding({ ...stored(1), expiresAt: NOW - 1 }, undefined);
    expect(await store.getFinding('f1', NOW)).toBeUndefined();
  });
});
