/**
 * The state-store contract: what the correlator relies on from DynamoDbStateStore, as one suite run
 * unchanged against every DynamoDB wire implementation we have — dynalite (in-process, the CLI's
 * embedded store: test/adapters/dynamodb-state-store.test.ts) and the AWS emulator (moto_server:
 * test/emulator/state-store.emulator.test.ts). Where an implementation lacks a feature (dynalite
 * has no TTL API) the backend says so and the suite expects exactly that, never skips.
 */
import { type DynamoDBClient, DescribeTimeToLiveCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbStateStore, type DynamoDbStateStoreOptions } from '../../lambdas/adapters/dynamodb-state-store';
import { ensureStateTable, type StateTableStatus } from '../../lambdas/adapters/state-table';
import type { StateItem, StoredFinding } from '../../lambdas/core/correlate/state-port';
import type { Finding } from '../../lambdas/core/model/finding';

export interface ContractBackend {
  /** A client of the implementation under test (called inside tests, after its setup ran). */
  client(): DynamoDBClient;
  /** What ensureStateTable reports for TTL on a table it creates, and on one that already exists. */
  ttl: { created: StateTableStatus['ttl']; existing: StateTableStatus['ttl'] };
  /** Prefix of the table names this suite creates (backends may be shared between files). */
  tablePrefix: string;
}

const NOW = 1_793_600_000;
const PK = 'H#ip:10.0.1.5';
const item = (sk: string, expiresAt = NOW + 600, doc = JSON.stringify({ sk })): StateItem => ({ pk: PK, sk, expiresAt, doc });

function stored(version: number, fingerprint = `fp-${version}`, expiresAt = NOW + 86_400): StoredFinding {
  return { finding: { id: 'f1', version, severity: 'LOW', updatedAt: '2026-11-02T10:00:00.000Z' } as Finding, fingerprint, expiresAt };
}

export function stateStoreContract(name: string, backend: ContractBackend): void {
  let tables = 0;
  const freshTable = async () => {
    const table = `${backend.tablePrefix}-${++tables}`;
    return { table, status: await ensureStateTable(backend.client(), table) };
  };
  const fresh = async (options: DynamoDbStateStoreOptions = {}) => new DynamoDbStateStore(backend.client(), (await freshTable()).table, options);
  const raw = async (store: DynamoDbStateStore, pk: string, sk: string) => (await backend.client().send(new GetItemCommand({ TableName: store.tableName, Key: { pk: { S: pk }, sk: { S: sk } }, ConsistentRead: true }))).Item;

  describe(`state-store contract: ${name}`, () => {
    describe('the state table', () => {
      it(`is created with TTL on expiresAt: ${backend.ttl.created}`, async () => {
        const { table, status } = await freshTable();

        expect(status).toEqual({ created: true, ttl: backend.ttl.created });
        const ttl = (await backend.client().send(new DescribeTimeToLiveCommand({ TableName: table }))).TimeToLiveDescription;
        if (backend.ttl.created === 'enabled') expect(ttl).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
        else expect(ttl?.TimeToLiveStatus).toBe('DISABLED'); // dynalite: no UpdateTimeToLive; the embedded TTL sweeper stands in
      });

      it('is left as it is when it already exists', async () => {
        const { table } = await freshTable();

        expect(await ensureStateTable(backend.client(), table)).toEqual({ created: false, ttl: backend.ttl.existing });
      });
    });

    describe('items', () => {
      it('reads a sort-key range back, strongly consistent, in sort-key order', async () => {
        const store = await fresh();
        await store.putItems([item('S#2026-11-02T11:00:00.000Z#c'), item('S#2026-11-02T10:00:00.000Z#a'), item('S#2026-11-02T10:05:00.000Z#b')]);

        const got = await store.query(PK, 'S#2026-11-02T09:59', 'S#2026-11-02T10:06', NOW);

        expect(got.map((i) => i.sk)).toEqual(['S#2026-11-02T10:00:00.000Z#a', 'S#2026-11-02T10:05:00.000Z#b']);
        expect(got[0]).toEqual(item('S#2026-11-02T10:00:00.000Z#a'));
      });

      it('never returns expired items, though TTL has not deleted them yet', async () => {
        const store = await fresh();
        await store.putItems([item('S#1#live', NOW + 1), item('S#2#expired', NOW), item('S#3#old', NOW - 3600)]);

        expect((await store.query(PK, 'S#', 'S#~', NOW)).map((i) => i.sk)).toEqual(['S#1#live']);
      });

      it('writes more than 25 items in BatchWriteItem requests of 25, the same key twice in one call once (the last wins)', async () => {
        const store = await fresh();
        const items = Array.from({ length: 60 }, (_, i) => item(`S#${String(i).padStart(3, '0')}`));

        await store.putItems([...items, item('S#000', NOW + 600, '{"second":true}'), items[30]!]);

        expect(store.counters).toMatchObject({ writeRequests: 3, itemsWritten: 60 });
        const got = await store.query(PK, 'S#', 'S#~', NOW);
        expect(got).toHaveLength(60);
        expect(got[0]!.doc).toBe('{"second":true}');
      });

      it('pages a Query past the 1 MB response limit and returns every item, or the first `limit`', async () => {
        const store = await fresh();
        const big = 'x'.repeat(100 * 1024);
        await store.putItems(Array.from({ length: 14 }, (_, i) => item(`S#${String(i).padStart(2, '0')}`, NOW + 600, JSON.stringify({ i, big }))));

        const all = await store.query(PK, 'S#', 'S#~', NOW);
        const reads = store.counters.readRequests;
        const first = await store.query(PK, 'S#', 'S#~', NOW, 12);

        expect(all.map((i) => (JSON.parse(i.doc) as { i: number }).i)).toEqual([...Array(14).keys()]);
        expect(reads).toBeGreaterThanOrEqual(2); // 1.4 MB: at least two pages
        expect(first.map((i) => i.sk)).toEqual(all.slice(0, 12).map((i) => i.sk));
      });
    });

    describe('findings', () => {
      it('settles concurrent writers with a conditional put on the version', async () => {
        const store = await fresh();

        expect(await store.putFinding(stored(1), undefined)).toBe(true);
        expect(await store.putFinding(stored(1, 'other'), undefined)).toBe(false);
        expect(await store.putFinding(stored(2), 1)).toBe(true);
        expect(await store.putFinding(stored(2, 'late'), 1)).toBe(false);

        expect(await store.getFinding('f1', NOW)).toMatchObject({ fingerprint: 'fp-2', finding: { version: 2 }, expiresAt: NOW + 86_400 });
        expect(store.counters.conditionalFailures).toBe(2);
      });

      it('treats an expired finding as absent, and lets a new chain take its id', async () => {
        const store = await fresh();
        await store.putFinding(stored(1, 'old', NOW - 1), undefined);

        expect(await store.getFinding('f1', NOW)).toBeUndefined();
        expect(await store.putFinding({ ...stored(1, 'new'), finding: { ...stored(1).finding, updatedAt: new Date(NOW * 1000).toISOString() } }, undefined)).toBe(true);
        expect(await store.getFinding('f1', NOW)).toMatchObject({ fingerprint: 'new' });
      });

      it('records the sent version only while it is the stored one', async () => {
        const store = await fresh();
        await store.putFinding(stored(1), undefined);
        await store.putFinding(stored(2), 1);

        await store.markFindingSent('f1', 1);
        expect((await store.getFinding('f1', NOW))?.sentVersion).toBeUndefined();
        await store.markFindingSent('f1', 2);
        expect((await store.getFinding('f1', NOW))?.sentVersion).toBe(2);
      });
    });

    describe('a TTL floor (replaying old logs onto a real table)', () => {
      // The CLI on a real table: the wall clock is NOW + 30 days, the replay's event clock is NOW.
      const FLOOR = NOW + 30 * 86_400 + 7 * 86_400;
      const floored = () => fresh({ ttlFloorSec: () => FLOOR });

      it('writes expiresAt no earlier than the floor, and the event-time expiry beside it', async () => {
        const store = await floored();
        await store.putItems([item('S#a', NOW + 600), item('S#b', FLOOR + 1)]);

        expect(await raw(store, PK, 'S#a')).toMatchObject({ expiresAt: { N: String(FLOOR) }, validUntil: { N: String(NOW + 600) } });
        const b = await raw(store, PK, 'S#b');
        expect(b).toMatchObject({ expiresAt: { N: String(FLOOR + 1) } });
        expect(b?.validUntil).toBeUndefined();
      });

      it('still expires items on the event clock when reading', async () => {
        const store = await floored();
        await store.putItems([item('S#1#live', NOW + 1), item('S#2#expired', NOW), item('S#3#old', NOW - 3600)]);

        const live = await store.query(PK, 'S#', 'S#~', NOW);

        expect(live).toEqual([item('S#1#live', NOW + 1)]);
        expect(await raw(store, PK, 'S#3#old')).toBeDefined(); // kept for the table's TTL, invisible to the correlator
      });

      it('keeps findings on the event clock too', async () => {
        const store = await floored();
        await store.putFinding(stored(1, 'old', NOW - 1), undefined);

        expect(await raw(store, 'F#f1', 'F')).toMatchObject({ expiresAt: { N: String(FLOOR) }, validUntil: { N: String(NOW - 1) } });
        expect(await store.getFinding('f1', NOW)).toBeUndefined();
        expect(await store.putFinding({ ...stored(1, 'new'), finding: { ...stored(1).finding, updatedAt: new Date(NOW * 1000).toISOString() } }, undefined)).toBe(true);
        expect(await store.getFinding('f1', NOW)).toMatchObject({ fingerprint: 'new', expiresAt: NOW + 86_400 });
      });
    });
  });
}
