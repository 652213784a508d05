/** The CLI's state store: the embedded dynalite by default, or a real table (`--table`, `--endpoint`). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbStateStore } from '../adapters/dynamodb-state-store';
import { startEmbeddedDynamoDb } from '../adapters/embedded-dynamodb';
import { EmbeddedTtlSweeper } from '../adapters/embedded-ttl-sweeper';
import { ensureStateTable } from '../adapters/state-table';

export interface StoreFlags {
  table?: string;
  endpoint?: string;
  createTable?: boolean;
}

export interface OpenStore {
  store: DynamoDbStateStore;
  description: string;
  /** Emulates TTL on the embedded store as the replay clock advances (a real table has its own TTL). */
  afterChunk(clockMs: number): Promise<void>;
  close(): Promise<void>;
}

/** @param retentionMs the correlator's state retention: embedded items are swept one retention after they expire. */
export async function openStateStore(flags: StoreFlags, retentionMs: number): Promise<OpenStore> {
  if (!flags.table && !flags.endpoint) {
    const db = await startEmbeddedDynamoDb();
    const sweeper = new EmbeddedTtlSweeper(db.client, db.tableName, retentionMs);
    return {
      store: new DynamoDbStateStore(db.client, db.tableName),
      description: `embedded DynamoDB (dynalite) at ${db.endpoint}`,
      afterChunk: (clockMs) => sweeper.maybeSweep(clockMs),
      close: db.close,
    };
  }
  const tableName = flags.table ?? 'an1261-state';
  // Region, credentials and retries come from the standard SDK configuration (env, profile, SSO …).
  const client = new DynamoDBClient({ ...(flags.endpoint ? { endpoint: flags.endpoint } : {}), retryMode: 'adaptive', maxAttempts: 8 });
  if (flags.createTable) await ensureStateTable(client, tableName);
  return {
    store: new DynamoDbStateStore(client, tableName),
    description: `DynamoDB table ${tableName}${flags.endpoint ? ` at ${flags.endpoint}` : ''}`,
    afterChunk: async () => undefined,
    close: async () => client.destroy(),
  };
}
