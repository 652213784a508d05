/**
 * Powertools idempotency records kept in the state table (`pk`/`sk`, TTL on `expiresAt`) instead of
 * a table of their own: the S3 intake Lambda's "this object was read" records. Powertools puts every
 * record of a table with a sort key under one static partition key; here the partition is one of 16
 * (`idempotency#<prefix>#<0-f>`, by the first character of the record's hashed key), so a burst of
 * objects does not write to one hot partition. The records' other attributes (`status`, `data`,
 * `in_progress_expiration`) are names no state item uses.
 */
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { TTL_ATTRIBUTE } from './state-table';

export const IDEMPOTENCY_PARTITIONS = 16;

export class StateTableIdempotencyStore extends DynamoDBPersistenceLayer {
  private readonly partitionPrefix: string;

  constructor(opts: { tableName: string; client: DynamoDBClient; partitionPrefix: string }) {
    super({ tableName: opts.tableName, awsSdkV3Client: opts.client, keyAttr: 'pk', sortKeyAttr: 'sk', expiryAttr: TTL_ATTRIBUTE });
    this.partitionPrefix = opts.partitionPrefix;
  }

  /** The record's key: a partition by the first character of Powertools' hash (`<prefix>#<md5, base64>`), the key itself as sort key. */
  protected override getKey(idempotencyKey: string): Record<string, AttributeValue> {
    return { pk: { S: `idempotency#${this.partitionPrefix}#${partitionOf(idempotencyKey)}` }, sk: { S: idempotencyKey } };
  }
}

/** One of {@link IDEMPOTENCY_PARTITIONS} partitions, as a hex digit. */
export function partitionOf(idempotencyKey: string): string {
  const hash = idempotencyKey.slice(idempotencyKey.lastIndexOf('#') + 1);
  return ((hash.charCodeAt(0) || 0) % IDEMPOTENCY_PARTITIONS).toString(16);
}
