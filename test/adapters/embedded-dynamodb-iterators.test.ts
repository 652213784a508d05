/**
 * The embedded store does not leak: every Query and Scan dynalite serves closes the level iterator
 * it opened (dynalite 4.0.0 alone leaves each one open; see lambdas/adapters/dynalite-iterator-fix.ts).
 */
import { QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { dynaliteAbstractLevel } from '../../lambdas/adapters/dynalite-iterator-fix';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import { DynamoDbStateStore } from '../../lambdas/adapters/dynamodb-state-store';

interface Resources {
  attachResource(r: unknown): void;
  detachResource(r: unknown): void;
}

/** Open resources (iterators, snapshots) of every abstract-level database, counted as they attach and detach. */
const open = new Set<unknown>();
const proto = (dynaliteAbstractLevel().AbstractLevel as { prototype: Resources }).prototype;
const attach = proto.attachResource;
const detach = proto.detachResource;

let db: EmbeddedDynamoDb;
beforeAll(async () => {
  proto.attachResource = function (this: Resources, r: unknown) {
    open.add(r);
    return attach.call(this, r);
  };
  proto.detachResource = function (this: Resources, r: unknown) {
    open.delete(r);
    return detach.call(this, r);
  };
  db = await startEmbeddedDynamoDb('iterators');
  const store = new DynamoDbStateStore(db.client, 'iterators');
  await store.putItems(Array.from({ length: 300 }, (_, i) => ({ pk: `H#ip:10.0.0.${i % 3}`, sk: `S#${String(i).padStart(4, '0')}`, expiresAt: 2_000_000_000, doc: '{}' })));
});
afterAll(async () => {
  await db.close();
  proto.attachResource = attach;
  proto.detachResource = detach;
});

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('the embedded DynamoDB', () => {
  it('closes the iterator of every query, whether it reads a partition to its end, stops at a Limit, or finds nothing', async () => {
    for (let i = 0; i < 300; i++) {
      const pk = i % 4 === 3 ? 'H#ip:192.0.2.1' : `H#ip:10.0.0.${i % 3}`;
      await db.client.send(
        new QueryCommand({
          TableName: 'iterators',
          KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
          ExpressionAttributeValues: { ':p': { S: pk }, ':a': { S: 'S#0000' }, ':b': { S: 'S#9999' } },
          ...(i % 2 ? { Limit: 5 } : {}),
        }),
      );
    }
    await settle();
    expect(open.size).toBe(0);
  });

  it('closes the iterator of every scan page (the TTL sweeper scans)', async () => {
    for (let i = 0; i < 15; i++) {
      let start: QueryCommand['input']['ExclusiveStartKey'];
      do {
        const page = await db.client.send(new ScanCommand({ TableName: 'iterators', Limit: 100, ...(start ? { ExclusiveStartKey: start } : {}) }));
        start = page.LastEvaluatedKey;
      } while (start);
    }
    await settle();
    expect(open.size).toBe(0);
  });
});
