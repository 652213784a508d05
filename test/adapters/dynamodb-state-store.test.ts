/**
 * The DynamoDB state adapter against dynalite (a real DynamoDB wire API, in-process): the shared
 * state-store contract (test/support/state-store-contract.ts), which the emulator tier runs
 * unchanged against moto_server (test/emulator/state-store.emulator.test.ts).
 */
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import { stateStoreContract } from '../support/state-store-contract';

let db: EmbeddedDynamoDb;
beforeAll(async () => {
  db = await startEmbeddedDynamoDb();
});
afterAll(async () => {
  await db.close();
});

// dynalite has no UpdateTimeToLive and reports every table's TTL DISABLED.
stateStoreContract('dynalite', { client: () => db.client, ttl: { created: 'unsupported', existing: 'disabled' }, tablePrefix: 'contract' });
