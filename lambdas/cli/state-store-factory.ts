/** The CLI's state store: the embedded dynalite by default, or a real table (`--table`, `--endpoint`). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbStateStore } from '../adapters/dynamodb-state-store';
import { startEmbeddedDynamoDb } from '../adapters/embedded-dynamodb';
import { ensureStateTable } from '../adapters/state-table';

export interface StoreFlags {
  table?: string;
  endpoint?: string;
  createTable?: boolean;
}

export interface OpenStore {
  store: DynamoDbStateStore;
  description: string;
  close(): Promise<void>;
}

export async function openStateStore(flags: StoreFlags): Promise<OpenStore> {
  if (!flags.table && !flags.endpoint) {
    const db = await startEmbeddedDynamoDb();
    return { store: new DynamoDbStateStore(db.client, db.tableName), description: `embedded DynamoDB (dynalite) at ${db.endpoint}`, close: db.close };
  }
  const tableName = flags.table ?? 'an1261-state';
  // Region, credentials and retries come from the standard SDK configuration (env, profile, SSO …).
  const client = new DynamoDBClient({ ...(flags.endpoint ? { endpoint: flags.endpoint } : {}), retryMode: 'adaptive', maxAttempts: 8 });
  if (flags.createTable) await ensureStateTable(client, tableName);
  return { store: new DynamoDbStateStore(client, tableName), description: `DynamoDB table ${tableName}${flags.endpoint ? ` at ${flags.endpoint}` : ''}`, close: async () => client.destroy() };
}
