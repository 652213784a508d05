/**
 * The embedded DynamoDB: dynalite (the real DynamoDB wire API, in memory) on a loopback port, in
 * this process. The CLI's default store and the tests' store, used through the same adapter code
 * that runs on AWS.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AddressInfo } from 'node:net';
import { closeDynaliteIterators } from './dynalite-iterator-fix';
import { ensureStateTable } from './state-table';

export interface EmbeddedDynamoDb {
  endpoint: string;
  client: DynamoDBClient;
  tableName: string;
  close(): Promise<void>;
}

interface DynaliteServer {
  listen(port: number, host: string, cb: (err?: Error) => void): void;
  close(cb: () => void): void;
  address(): AddressInfo;
}

export async function startEmbeddedDynamoDb(tableName = 'an1261-state'): Promise<EmbeddedDynamoDb> {
  closeDynaliteIterators();
  const dynalite = require('dynalite') as (opts: Record<string, unknown>) => DynaliteServer;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => server.listen(0, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' },
    maxAttempts: 3,
  });
  await ensureStateTable(client, tableName);
  return {
    endpoint,
    client,
    tableName,
    close: async () => {
      client.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
