/**
 * A StateStore decorator that sorts every item the correlator writes by kind (egress
 * contribution, instance↔IP link, other signal items), estimates its DynamoDB write units
 * (1 WRU per started KB of item), and remembers the egress tuples written, so the state-write
 * figure can check them against the generator's ground truth. Requests and items are also
 * counted by the adapter itself (DynamoDbStateStore.counters), which is what the figure reports.
 */
import type { StateItem, StateStore, StoredFinding } from '../../lambdas/core/correlate/state-port';

export interface WriteBreakdown {
  egressItems: number;
  linkItems: number;
  otherItems: number;
  findingPuts: number;
  /** Estimated write request units of all the puts (items up to 1 KB cost 1 WRU). */
  writeUnits: number;
  /** Estimated read request units: strongly consistent, 1 RRU per started 4 KB of each response. */
  readUnits: number;
}

function wru(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 1024));
}

/** Approximate DynamoDB item size: attribute names plus values. */
function itemBytes(i: StateItem): number {
  return 2 + i.pk.length + 2 + i.sk.length + 9 + 10 + 3 + Buffer.byteLength(i.doc);
}

export class CountingStore implements StateStore {
  readonly breakdown: WriteBreakdown = { egressItems: 0, linkItems: 0, otherItems: 0, findingPuts: 0, writeUnits: 0, readUnits: 0 };
  /** `<src ip>|<dst>|<port>|<bucket>` of every egress contribution written, with its count. */
  readonly egressKeys = new Map<string, number>();

  constructor(private readonly inner: StateStore) {}

  async putItems(items: readonly StateItem[]): Promise<void> {
    for (const i of items) {
      this.breakdown.writeUnits += wru(itemBytes(i));
      if (i.sk.startsWith('E#')) {
        this.breakdown.egressItems++;
        // sk = E#<bucket>#<dst>#<port>#<proto>#<contribution>
        const [, bucket, dst, port] = i.sk.split('#');
        const key = `${i.pk.slice('H#ip:'.length)}|${dst}|${port}|${bucket}`;
        this.egressKeys.set(key, (this.egressKeys.get(key) ?? 0) + 1);
      } else if (i.pk.startsWith('H#i:') && i.sk.startsWith('L#ip#')) this.breakdown.linkItems++;
      else this.breakdown.otherItems++;
    }
    await this.inner.putItems(items);
  }

  async query(pk: string, skFrom: string, skTo: string, nowSec: number, limit?: number): Promise<StateItem[]> {
    const out = await this.inner.query(pk, skFrom, skTo, nowSec, limit);
    this.breakdown.readUnits += Math.max(1, Math.ceil(out.reduce((a, i) => a + itemBytes(i), 0) / 4096));
    return out;
  }

  async getFinding(id: string, nowSec: number): Promise<StoredFinding | undefined> {
    this.breakdown.readUnits += 1;
    return this.inner.getFinding(id, nowSec);
  }

  async putFinding(stored: StoredFinding, expectedVersion: number | undefined): Promise<boolean> {
    this.breakdown.findingPuts++;
    this.breakdown.writeUnits += wru(JSON.stringify(stored.finding).length + 100);
    return this.inner.putFinding(stored, expectedVersion);
  }

  async markFindingSent(id: string, version: number): Promise<void> {
    this.breakdown.findingPuts++;
    this.breakdown.writeUnits += 1;
    return this.inner.markFindingSent(id, version);
  }
}
