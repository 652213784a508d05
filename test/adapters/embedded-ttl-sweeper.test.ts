/** The embedded store's TTL emulation against dynalite: expired items go, live ones stay. */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { EmbeddedTtlSweeper } from '../../lambdas/adapters/embedded-ttl-sweeper';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import { DynamoDbStateStore } from '../../lambdas/adapters/dynamodb-state-store';
import { ExclusiveStateStore } from '../../lambdas/adapters/exclusive-state-store';

let db: EmbeddedDynamoDb;
beforeAll(async () => {
  db = await startEmbeddedDynamoDb('ttl-test');
});
afterAll(() => db.close());

const item = (sk: string, expiresAt: number) => ({ pk: 'H#ip:10.0.0.1', sk, expiresAt, doc: '{}' });
const keys = async () => ((await db.client.send(new ScanCommand({ TableName: 'ttl-test' }))).Items ?? []).map((i) => i.sk!.S).sort();

describe('EmbeddedTtlSweeper', () => {
  it('deletes the items DynamoDB TTL would have deleted, and only those, once per grace period', async () => {
    const store = new DynamoDbStateStore(db.client, 'ttl-test');
    const items = Array.from({ length: 60 }, (_, i) => item(`S#old-${String(i).padStart(2, '0')}`, 1000 + i));
    await store.putItems([...items, item('S#live', 5000)]);
    const sweeper = new EmbeddedTtlSweeper(db.client, 'ttl-test', 1_000_000);
    await sweeper.maybeSweep(500_000); // clock within the first grace period: nothing yet
    expect(await keys()).toHaveLength(61);
    await sweeper.maybeSweep(1_000_000 + 2_000_000); // expired before (3,000,000 - 1,000,000) ms = 2000 s
    expect(await keys()).toEqual(['S#live']);
    expect(sweeper.deleted).toBe(60);
  });
});

describe('EmbeddedTtlSweeper with the store’s expiry index', () => {
  it('deletes what expired without scanning the table, and keeps an item written again with a later expiry', async () => {
    const store = new ExclusiveStateStore(new DynamoDbStateStore(db.client, 'ttl-test'));
    await store.putItems([item('S#a', 1000), item('S#b', 1500), item('S#c', 9000)]);
    await store.putItems([item('S#b', 8000)]); // written again: its first expiry is stale
    const scans = jest.spyOn(db.client, 'send');
    const sweeper = new EmbeddedTtlSweeper(db.client, 'ttl-test', 0, store);
    await sweeper.sweep(2000);
    expect(scans.mock.calls.map(([c]) => c.constructor.name)).toEqual(['BatchWriteItemCommand']);
    scans.mockRestore();
    expect((await keys()).filter((k) => ['S#a', 'S#b', 'S#c'].includes(k!))).toEqual(['S#b', 'S#c']);
    expect(sweeper.deleted).toBe(1);
    expect(store.takeExpired(2000)).toEqual([]);
  });
});
