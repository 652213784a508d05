/**
 * TTL for the embedded store. dynalite does not implement DynamoDB TTL, so a long replay would keep
 * every item it ever wrote; this deletes what DynamoDB's TTL would have deleted, judged on the
 * replay clock, so the embedded store (and the CLI's memory) stays bounded by the retention window.
 * Reads already ignore expired items: sweeping never changes what the correlator sees.
 */
import { type AttributeValue, BatchWriteItemCommand, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { ExpiryIndex } from './exclusive-state-store';

export class EmbeddedTtlSweeper {
  private lastSweepMs = 0;
  deleted = 0;

  /**
   * @param graceMs items are deleted only once expired for this long on the replay clock, so files
   *   replayed out of order (an older file after a newer one) still find each other's state.
   */
  /**
   * @param index when given (the store that wrote every item knows their expiry), the expired keys
   *   come from it instead of a Scan of the whole table at every sweep.
   */
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly graceMs: number,
    private readonly index?: ExpiryIndex,
  ) {}

  /** Sweeps when the replay clock moved a grace period past the last sweep. */
  async maybeSweep(clockMs: number): Promise<void> {
    if (clockMs - this.lastSweepMs < this.graceMs) return;
    this.lastSweepMs = clockMs;
    await this.sweep(Math.floor((clockMs - this.graceMs) / 1000));
  }

  async sweep(expiredBeforeSec: number): Promise<void> {
    if (this.index) {
      const keys = this.index.takeExpired(expiredBeforeSec);
      for (let i = 0; i < keys.length; i += 25) await this.delete(keys.slice(i, i + 25).map((k) => ({ pk: { S: k.pk }, sk: { S: k.sk } })));
      return;
    }
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'expiresAt < :t',
          ProjectionExpression: 'pk, sk',
          ExpressionAttributeValues: { ':t': { N: String(expiredBeforeSec) } },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      const keys = page.Items ?? [];
      for (let i = 0; i < keys.length; i += 25) await this.delete(keys.slice(i, i + 25).map((k) => ({ pk: k.pk!, sk: k.sk! })));
      start = page.LastEvaluatedKey;
    } while (start);
  }

  /** Deletes up to 25 keys, retrying what DynamoDB leaves unprocessed. */
  private async delete(keys: Array<Record<string, AttributeValue>>): Promise<void> {
    let requests = keys.map((Key) => ({ DeleteRequest: { Key } }));
    while (requests.length > 0) {
      const out = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: requests } }));
      const left = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      this.deleted += requests.length - left.length;
      requests = left;
    }
  }
}
