/** The CLI's state store: the embedded dynalite by default, or a real table (`--table`, `--endpoint`). */
// The SDK and dynalite load when a command opens a store, not when the CLI starts (`an1261 --version`,
// `signals` and `config` never need them).
import type { CountingStateStore } from '../adapters/exclusive-state-store';

export interface StoreFlags {
  table?: string;
  endpoint?: string;
  createTable?: boolean;
}

export interface OpenStore {
  store: CountingStateStore;
  description: string;
  /** Reads answered without a request (the embedded store knows every item it holds). */
  readsSkipped(): number;
  /** Emulates TTL on the embedded store as the replay clock advances (a real table has its own TTL). */
  afterChunk(clockMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The TTL floor for a replay onto a real table: one state retention past the wall clock at each
 * write (so state written from last month's logs outlives the run, then TTL removes it).
 */
export function realTableTtlFloor(retentionMs: number, wallNowMs: () => number = Date.now): () => number {
  return () => Math.floor((wallNowMs() + retentionMs) / 1000);
}

/** @param retentionMs the correlator's state retention: embedded items are swept one retention after they expire. */
export async function openStateStore(flags: StoreFlags, retentionMs: number): Promise<OpenStore> {
  const { DynamoDbStateStore } = await import('../adapters/dynamodb-state-store');
  if (!flags.table && !flags.endpoint) {
    const [{ startEmbeddedDynamoDb }, { EmbeddedTtlSweeper }, { ExclusiveStateStore }] = await Promise.all([
      import('../adapters/embedded-dynamodb'),
      import('../adapters/embedded-ttl-sweeper'),
      import('../adapters/exclusive-state-store'),
    ]);
    const db = await startEmbeddedDynamoDb();
    // Created empty for this run and written by nobody else: it may answer impossible reads itself,
    // and knows every item's expiry (the sweeper needs no Scan).
    const store = new ExclusiveStateStore(new DynamoDbStateStore(db.client, db.tableName));
    const sweeper = new EmbeddedTtlSweeper(db.client, db.tableName, retentionMs, store);
    return {
      store,
      description: `embedded DynamoDB (dynalite) at ${db.endpoint}`,
      readsSkipped: () => store.readsSkipped,
      afterChunk: (clockMs) => sweeper.maybeSweep(clockMs),
      close: db.close,
    };
  }
  const tableName = flags.table ?? 'an1261-state';
  const [{ DynamoDBClient }, { ensureStateTable }] = await Promise.all([import('@aws-sdk/client-dynamodb'), import('../adapters/state-table')]);
  // Region, credentials and retries come from the standard SDK configuration (env, profile, SSO …).
  const client = new DynamoDBClient({ ...(flags.endpoint ? { endpoint: flags.endpoint } : {}), retryMode: 'adaptive', maxAttempts: 8 });
  const table = flags.createTable ? await ensureStateTable(client, tableName) : undefined;
  return {
    // The table's TTL runs on the wall clock, the replay on event time: no item may be deleted by
    // TTL before a retention past now, while reads still expire it on the replay clock.
    store: new DynamoDbStateStore(client, tableName, { ttlFloorSec: realTableTtlFloor(retentionMs) }),
    readsSkipped: () => 0,
    description: `DynamoDB table ${tableName}${flags.endpoint ? ` at ${flags.endpoint}` : ''}${table ? ` (${table.created ? 'created' : 'existing'}, TTL ${table.ttl})` : ''}`,
    afterChunk: async () => undefined,
    close: async () => client.destroy(),
  };
}
