/**
 * The CLI's state store on a real table (`--table`, `--endpoint`, `--create-table`): the table is
 * created with TTL where the endpoint has it, and every write carries a TTL at least one state
 * retention past the wall clock, so a replay of old logs is not deleted by real TTL mid-run while
 * reads still expire state on the replay's event clock. (Run against dynalite here; the emulator
 * tier runs the same store against moto_server, which has TTL.)
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import { openStateStore, realTableTtlFloor } from '../../lambdas/cli/state-store-factory';

const DAY_MS = 86_400_000;
const saved = { ...process.env };
let db: EmbeddedDynamoDb;

beforeAll(async () => {
  db = await startEmbeddedDynamoDb();
  // The standard SDK configuration the CLI reads for a real table.
  Object.assign(process.env, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
});
afterAll(async () => {
  process.env = saved;
  await db.close();
});

describe('an1261 replay --table … --endpoint … --create-table', () => {
  it('creates the table and says what it found, TTL included', async () => {
    const opened = await openStateStore({ table: 'replay-state', endpoint: db.endpoint, createTable: true }, 7 * DAY_MS);
    const again = await openStateStore({ table: 'replay-state', endpoint: db.endpoint, createTable: true }, 7 * DAY_MS);
    try {
      expect(opened.description).toBe(`DynamoDB table replay-state at ${db.endpoint} (created, TTL unsupported)`);
      expect(again.description).toBe(`DynamoDB table replay-state at ${db.endpoint} (existing, TTL disabled)`);
    } finally {
      await opened.close();
      await again.close();
    }
  });

  it('writes last year\'s state with a TTL one retention past now, and reads it on the event clock', async () => {
    const opened = await openStateStore({ table: 'replay-floor', endpoint: db.endpoint, createTable: true }, 7 * DAY_MS);
    const eventExpiry = Math.floor(Date.parse('2025-11-02T10:00:00Z') / 1000);
    const before = Math.floor((Date.now() + 7 * DAY_MS) / 1000);
    try {
      await opened.store.putItems([{ pk: 'H#i-0abc', sk: 'S#1', expiresAt: eventExpiry, doc: '{}' }]);

      const raw = (await db.client.send(new GetItemCommand({ TableName: 'replay-floor', Key: { pk: { S: 'H#i-0abc' }, sk: { S: 'S#1' } } }))).Item!;
      expect(Number(raw.expiresAt!.N)).toBeGreaterThanOrEqual(before);
      expect(Number(raw.expiresAt!.N)).toBeLessThanOrEqual(Math.floor((Date.now() + 7 * DAY_MS) / 1000));
      expect(raw.validUntil).toEqual({ N: String(eventExpiry) });
      expect(await opened.store.query('H#i-0abc', 'S#', 'S#~', eventExpiry - 1)).toEqual([{ pk: 'H#i-0abc', sk: 'S#1', expiresAt: eventExpiry, doc: '{}' }]);
      expect(await opened.store.query('H#i-0abc', 'S#', 'S#~', eventExpiry)).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});

describe('Function: realTableTtlFloor', () => {
  it('is the wall clock plus the retention, in epoch seconds, asked at each write', () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const floor = realTableTtlFloor(7 * DAY_MS, () => now);

    expect(floor()).toBe(Date.parse('2026-12-08T00:00:00Z') / 1000);
    now += 3_600_500;
    expect(floor()).toBe(Date.parse('2026-12-08T01:00:00Z') / 1000);
  });
});
