/**
 * Creates the state table where the CLI owns it (embedded store, or `--create-table` on a real
 * endpoint), with TTL on `expiresAt` as the deployed table has: without it a real table would keep
 * every item a replay ever wrote. A table that already exists is left as it is (its TTL is reported,
 * not changed). dynalite has no UpdateTimeToLive (the embedded store sweeps expired items itself,
 * see embedded-ttl-sweeper.ts): there TTL is reported `unsupported`.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { sleepMs } from './partial-batch-retry';
import { errorMessage, errorName } from '../core/util/errors';

/** The state table's TTL attribute (as in lib/an1261-detector.ts). */
export const TTL_ATTRIBUTE = 'expiresAt';

export interface StateTableStatus {
  /** This call created the table. */
  created: boolean;
  /**
   * `enabled`: TTL on `expiresAt` (turned on now, or already on); `disabled`: an existing table
   * without TTL, left as it is; `unsupported`: the endpoint has no TTL API (dynalite).
   */
  ttl: 'enabled' | 'disabled' | 'unsupported';
}

const UNSUPPORTED = new Set(['UnknownOperationException', 'UnrecognizedClientException', 'NotImplementedException']);

export async function ensureStateTable(client: DynamoDBClient, tableName: string): Promise<StateTableStatus> {
  let created = false;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    created = true;
  } catch (e) {
    if (!(e instanceof ResourceInUseException) && errorName(e) !== 'ResourceInUseException') throw e;
  }
  await waitActive(client, tableName);
  return { created, ttl: created ? await enableTtl(client, tableName) : await ttlStatus(client, tableName) };
}

async function waitActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const d = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (d.Table?.TableStatus === 'ACTIVE') return;
    await sleepMs(100);
  }
  throw new Error(`DynamoDB table ${tableName} did not become ACTIVE`);
}

/** UpdateTimeToLive needs an ACTIVE table; "already enabled" (a concurrent creator) is success. */
async function enableTtl(client: DynamoDBClient, tableName: string): Promise<StateTableStatus['ttl']> {
  try {
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
    return 'enabled';
  } catch (e) {
    if (UNSUPPORTED.has(errorName(e) ?? '')) return 'unsupported';
    if (errorName(e) === 'ValidationException' && /already enabled/i.test(errorMessage(e))) return 'enabled';
    throw e;
  }
}

async function ttlStatus(client: DynamoDBClient, tableName: string): Promise<StateTableStatus['ttl']> {
  try {
    const d = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    const t = d.TimeToLiveDescription;
    return (t?.TimeToLiveStatus === 'ENABLED' || t?.TimeToLiveStatus === 'ENABLING') && t.AttributeName === TTL_ATTRIBUTE ? 'enabled' : 'disabled';
  } catch (e) {
    if (UNSUPPORTED.has(errorName(e) ?? '')) return 'unsupported';
    throw e;
  }
}
