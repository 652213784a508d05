/**
 * The state-store contract (test/support/state-store-contract.ts) against the AWS emulator, the
 * same suite test/adapters/dynamodb-state-store.test.ts runs against dynalite: here TTL exists, so
 * a created table has TTL on expiresAt; and the CLI's real-table path (`--endpoint --create-table`).
 */
import { DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { openStateStore } from '../../lambdas/cli/state-store-factory';
import { stateStoreContract } from '../support/state-store-contract';
import { clientConfig, describeIfEmulator, emulatorEndpoint, emulatorEnv, useProcessEnv } from './emulator';

const REGION = 'us-west-2';
let client: DynamoDBClient;

describeIfEmulator('DynamoDB on the emulator (moto_server)', () => {
  beforeAll(() => {
    client = new DynamoDBClient(clientConfig(REGION));
  });
  afterAll(() => client.destroy());

  stateStoreContract('moto_server', { client: () => client, ttl: { created: 'enabled', existing: 'enabled' }, tablePrefix: 'contract' });

  describe('an1261 replay --table … --endpoint … --create-table', () => {
    useProcessEnv(() => emulatorEnv(REGION));

    it('creates the state table with TTL on expiresAt, and says so', async () => {
      const opened = await openStateStore({ table: 'replay-state', endpoint: emulatorEndpoint(), createTable: true }, 7 * 86_400_000);
      try {
        expect(opened.description).toBe(`DynamoDB table replay-state at ${emulatorEndpoint()} (created, TTL enabled)`);
        expect((await client.send(new DescribeTimeToLiveCommand({ TableName: 'replay-state' }))).TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
      } finally {
        await opened.close();
      }
    });
  });
});
