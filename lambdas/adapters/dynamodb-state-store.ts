/**
 * The correlator's state on DynamoDB (one table: pk, sk, expiresAt TTL, doc). Runs unchanged on
 * AWS and on dynalite. Unconditional puts go through BatchWriteItem (unprocessed items retried
 * with backoff), the finding through a single conditional PutItem; every read is strongly
 * consistent and filters `expiresAt > now` because TTL deletion lags by up to days.
 *
 * Two clocks: `expiresAt` is the table's TTL attribute, deleted by DynamoDB on the wall clock, while
 * the correlator judges expiry on its own clock (event time in a replay). A replay of last month's
 * logs onto a real table with TTL would see its state deleted as it writes it, so the CLI gives a
 * `ttlFloorSec`: `expiresAt` is then at least that (wall clock + retention) and, when the floor
 * raised it, the event-time expiry is kept in `validUntil`, which reads honour as well. The Lambdas
 * give no floor: their clock is the wall clock and items carry `expiresAt` only.
 */
import {
  type AttributeValue,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { StateItem, StateStore, StoredFinding } from '../core/correlate/state-port';
import type { SeverityLabel } from '../core/model/config';
import type { Finding } from '../core/model/finding';
import { type ClientSource, clientGetter } from './client-source';
import { jitteredBackoff, retryPartialBatch, sleepMs } from './partial-batch-retry';

/** Request counts, read by the CLI summary and the benchmark. */
export interface StateStoreCounters {
  writeRequests: number;
  itemsWritten: number;
  readRequests: number;
  conditionalFailures: number;
}

export interface DynamoDbStateStoreOptions {
  /** Waits between rounds of unprocessed items (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
  /**
   * The earliest TTL (epoch seconds, asked at each write) a written item may carry, so that the
   * table's real TTL never deletes state the correlator's clock still sees as live.
   */
  ttlFloorSec?: () => number;
}

/** Live on the correlator's clock: TTL not reached, nor the event-time expiry when one was kept. */
const LIVE = 'expiresAt > :now AND (attribute_not_exists(validUntil) OR validUntil > :now)';

const BATCH = 25;
const MAX_UNPROCESSED_ROUNDS = 8;

export class DynamoDbStateStore implements StateStore {
  readonly counters: StateStoreCounters = { writeRequests: 0, itemsWritten: 0, readRequests: 0, conditionalFailures: 0 };

  private readonly client: () => Promise<DynamoDBClient>;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly ttlFloorSec: (() => number) | undefined;

  constructor(
    client: ClientSource<DynamoDBClient>,
    readonly tableName: string,
    options: DynamoDbStateStoreOptions | ((ms: number) => Promise<void>) = {},
  ) {
    this.client = clientGetter(client);
    const o = typeof options === 'function' ? { sleep: options } : options;
    this.sleep = o.sleep ?? sleepMs;
    this.ttlFloorSec = o.ttlFloorSec;
  }

  /** `expiresAt` (the TTL) and, when the floor raised it, `validUntil` (the expiry on the correlator's clock). */
  private expiryAttributes(expiresAt: number): Record<string, AttributeValue> {
    const floor = this.ttlFloorSec?.();
    if (floor === undefined || floor <= expiresAt) return { expiresAt: { N: String(expiresAt) } };
    return { expiresAt: { N: String(floor) }, validUntil: { N: String(expiresAt) } };
  }

  async putItems(items: readonly StateItem[]): Promise<void> {
    // BatchWriteItem refuses two writes of one key in a request: the last one wins, as a put would.
    const unique = [...new Map(items.map((i) => [`${i.pk}\u0000${i.sk}`, i])).values()];
    for (let i = 0; i < unique.length; i += BATCH) {
      const requests: WriteRequest[] = unique.slice(i, i + BATCH).map((it) => ({ PutRequest: { Item: { ...toAttributes(it), ...this.expiryAttributes(it.expiresAt) } } }));
      const { pending, rounds } = await retryPartialBatch(requests, { send: (r) => this.batchWrite(r), maxRounds: MAX_UNPROCESSED_ROUNDS, backoffMs: jitteredBackoff(50, 2000), sleep: this.sleep });
      if (pending.length > 0) throw new Error(`DynamoDB ${this.tableName}: ${pending.length} items still unprocessed after ${rounds} rounds`);
    }
  }

  /** One BatchWriteItem; returns the UnprocessedItems to send again. */
  private async batchWrite(requests: readonly WriteRequest[]): Promise<WriteRequest[]> {
    this.counters.writeRequests++;
    const out = await (await this.client()).send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: [...requests] } }));
    const unprocessed = out.UnprocessedItems?.[this.tableName] ?? [];
    this.counters.itemsWritten += requests.length - unprocessed.length;
    return unprocessed;
  }

  async query(pk: string, skFrom: string, skTo: string, nowSec: number, limit?: number): Promise<StateItem[]> {
    const out: StateItem[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      this.counters.readRequests++;
      const res = await (await this.client()).send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          FilterExpression: LIVE,
          ExpressionAttributeValues: { ':pk': { S: pk }, ':from': { S: skFrom }, ':to': { S: skTo }, ':now': { N: String(nowSec) } },
          ConsistentRead: true,
          ...(limit !== undefined ? { Limit: limit - out.length } : {}),
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of res.Items ?? []) out.push(fromAttributes(item));
      start = res.LastEvaluatedKey;
    } while (start && (limit === undefined || out.length < limit));
    return out;
  }

  async getFinding(id: string, nowSec: number): Promise<StoredFinding | undefined> {
    this.counters.readRequests++;
    const res = await (await this.client()).send(new GetItemCommand({ TableName: this.tableName, Key: findingKey(id), ConsistentRead: true }));
    const item = res.Item;
    if (!item || expiryOf(item) <= nowSec) return undefined;
    return {
      finding: JSON.parse(item.doc!.S!) as Finding,
      fingerprint: item.fingerprint!.S!,
      expiresAt: expiryOf(item),
      ...(item.previousSeverity?.S ? { previousSeverity: item.previousSeverity.S as SeverityLabel } : {}),
      ...(item.previouslySuppressed?.BOOL !== undefined ? { previouslySuppressed: item.previouslySuppressed.BOOL } : {}),
      ...(item.sentVersion?.N ? { sentVersion: Number(item.sentVersion.N) } : {}),
    };
  }

  async putFinding(stored: StoredFinding, expectedVersion: number | undefined): Promise<boolean> {
    this.counters.writeRequests++;
    try {
      await (await this.client()).send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            ...findingKey(stored.finding.id),
            ...this.expiryAttributes(stored.expiresAt),
            version: { N: String(stored.finding.version) },
            fingerprint: { S: stored.fingerprint },
            severity: { S: stored.finding.severity },
            doc: { S: JSON.stringify(stored.finding) },
            ...(stored.previousSeverity ? { previousSeverity: { S: stored.previousSeverity } } : {}),
            ...(stored.previouslySuppressed !== undefined ? { previouslySuppressed: { BOOL: stored.previouslySuppressed } } : {}),
            ...(stored.sentVersion !== undefined ? { sentVersion: { N: String(stored.sentVersion) } } : {}),
          },
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now OR validUntil <= :now', ExpressionAttributeValues: { ':now': { N: String(Math.floor(Date.parse(stored.finding.updatedAt) / 1000)) } } }
            : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': { N: String(expectedVersion) } } }),
        }),
      );
      this.counters.itemsWritten++;
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException || (e as { name?: string }).name === 'ConditionalCheckFailedException') {
        this.counters.conditionalFailures++;
        return false;
      }
      throw e;
    }
  }

  async markFindingSent(id: string, version: number): Promise<void> {
    this.counters.writeRequests++;
    try {
      await (await this.client()).send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: findingKey(id),
          UpdateExpression: 'SET sentVersion = :v',
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': { N: String(version) } },
        }),
      );
      this.counters.itemsWritten++;
    } catch (e) {
      // A newer version was stored meanwhile: it carries its own sent state.
      if ((e as { name?: string }).name !== 'ConditionalCheckFailedException') throw e;
    }
  }
}

function findingKey(id: string): Record<string, AttributeValue> {
  return { pk: { S: `F#${id}` }, sk: { S: 'F' } };
}

function toAttributes(i: StateItem): Record<string, AttributeValue> {
  return { pk: { S: i.pk }, sk: { S: i.sk }, doc: { S: i.doc } };
}

/** The expiry on the correlator's clock: `validUntil` when the TTL floor raised `expiresAt`. */
function expiryOf(a: Record<string, AttributeValue>): number {
  return Number(a.validUntil?.N ?? a.expiresAt?.N ?? 0);
}

function fromAttributes(a: Record<string, AttributeValue>): StateItem {
  return { pk: a.pk!.S!, sk: a.sk!.S!, expiresAt: expiryOf(a), doc: a.doc!.S! };
}
