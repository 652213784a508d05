/**
 * The DynamoDB state adapter under injected faults, against dynalite (the real DynamoDB wire API):
 * what the injector reports as unprocessed was really not written, and DynamoDbStateStore's
 * UnprocessedItems loop plus the SDK's retries still write every item.
 */
import { BatchWriteItemCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { DynamoDbStateStore } from '../../lambdas/adapters/dynamodb-state-store';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import { ensureStateTable } from '../../lambdas/adapters/state-table';
import { injectFaults } from '../../chaos/fault-middleware';
import { FaultPlan } from '../../chaos/fault-plan';
import { OFFLINE } from './fake-http';

const NOW = 1_793_600_000;
const item = (i: number) => ({ pk: 'H#ip:10.0.1.5', sk: `S#${String(i).padStart(4, '0')}`, expiresAt: NOW + 600, doc: JSON.stringify({ i }) });
const noSleep = async () => undefined;

describe('DynamoDbStateStore under injected faults (dynalite)', () => {
  let db: EmbeddedDynamoDb;
  let n = 0;
  const table = async () => {
    const name = `chaos-${++n}`;
    await ensureStateTable(db.client, name);
    return name;
  };
  const chaosClient = (plan: FaultPlan, maxAttempts: number) => injectFaults(new DynamoDBClient({ ...OFFLINE, endpoint: db.endpoint, retryStrategy: new ConfiguredRetryStrategy(maxAttempts, () => 0) }), plan);
  const storedKeys = async (name: string) => ((await db.client.send(new ScanCommand({ TableName: name, ConsistentRead: true }))).Items ?? []).map((i) => i.sk!.S!).sort();

  beforeAll(async () => {
    db = await startEmbeddedDynamoDb('chaos-unused');
  });
  afterAll(() => db.close());

  it('items reported in UnprocessedItems were not written by that call; the others were', async () => {
    const name = await table();
    const client = chaosClient(new FaultPlan({ seed: 4, rate: 1, kinds: ['partial-batch'] }), 1);
    const requests = Array.from({ length: 12 }, (_, i) => ({ PutRequest: { Item: { pk: { S: 'H#ip:10.0.1.5' }, sk: { S: `S#${i}` }, expiresAt: { N: String(NOW + 600) }, doc: { S: '{}' } } } }));
    const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [name]: requests } }));
    const unprocessed = (out.UnprocessedItems?.[name] ?? []).map((r) => r.PutRequest!.Item!.sk!.S!).sort();
    expect(unprocessed.length).toBeGreaterThan(0);
    const written = await storedKeys(name);
    expect(written.filter((k) => unprocessed.includes(k))).toEqual([]);
    expect([...written, ...unprocessed].sort()).toEqual(requests.map((r) => r.PutRequest.Item.sk.S).sort());
    client.destroy();
  });

  it('putItems at rate 0.3 (every fault kind) still writes every item', async () => {
    const name = await table();
    const plan = new FaultPlan({ seed: 2026, rate: 0.3 });
    const client = chaosClient(plan, 8);
    const store = new DynamoDbStateStore(client, name, { sleep: noSleep });
    const items = Array.from({ length: 150 }, (_, i) => item(i));
    await store.putItems(items);
    expect(await storedKeys(name)).toEqual(items.map((i) => i.sk));
    expect(store.counters.itemsWritten).toBe(150);
    const injected = plan.injected();
    expect(injected['DynamoDB.BatchWriteItem.partial-batch']).toBeGreaterThan(0);
    expect(Object.keys(injected).some((k) => /\.(throttling|server-error|timeout)$/.test(k))).toBe(true);
    expect(store.counters.writeRequests).toBeGreaterThan(Math.ceil(150 / 25)); // the unprocessed rounds
    client.destroy();
  });
});
