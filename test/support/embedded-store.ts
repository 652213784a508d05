/** A dynalite-backed state store per test file, a fresh table per test. */
import { DynamoDbStateStore } from '../../lambdas/adapters/dynamodb-state-store';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import { ensureStateTable } from '../../lambdas/adapters/state-table';

export function useEmbeddedStore(): { fresh(): Promise<DynamoDbStateStore> } {
  let db: EmbeddedDynamoDb;
  let n = 0;
  beforeAll(async () => {
    db = await startEmbeddedDynamoDb();
  });
  afterAll(async () => {
    await db.close();
  });
  return {
    async fresh() {
      const name = `state-${++n}`;
      await ensureStateTable(db.client, name);
      return new DynamoDbStateStore(db.client, name);
    },
  };
}
