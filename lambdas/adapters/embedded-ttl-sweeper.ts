/**
 * TTL for the embedded store. dynalite does not implement DynamoDB TTL, so a long replay would keep
 * every item it ever wrote; this deletes what DynamoDB's TTL would have deleted, judged on the
 * replay clock, so the embedded store (and the CLI's memory) stays bounded by the retention window.
 * Reads already ignore expired items: sweeping never changes what the correlator sees.
 */
import { type AttributeValue, BatchWriteItemCommand, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';

export class EmbeddedTtlSweeper {
  private lastSweepMs = 0;
  deleted = 0;

  /**
   * @param graceMs items are deleted only once expired for this long on the replay clock, so files
   *   replayed out of order (an older file after a newer one) still find each other's state.
   */
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly graceMs: number,
  ) {}

  /** Sweeps when the replay clock moved a grace period past the last sweep. */
  async maybeSweep(clockMs: number): Promise<void> {
    if (clockMs - this.lastSweepMs < this.graceMs) return;
    this.lastSweepMs = clockMs;
    await this.sweep(Math.floor((clockMs - this.graceMs) / 1000));
  }

  async sweep(expiredBeforeSec: number): Promise<void> {
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
      for (let i = 0; i < keys.length; i += 25) {
        const requests = keys.slice(i, i + 25).map((k) => ({ DeleteRequest: { Key: { pk: k.pk!, sk: k.sk! } } }));
        await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: requests } }));
        this.deleted += requests.length;
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }
}
