/**
 * Batching of untrusted egress (DESIGN.md, "State"): flow logs repeat one connection in many
 * records, so the records of a batch are summed per (host, destination, port, protocol, time
 * bucket) and written once as a single signal.
 */
import type { Tally } from '../../model/normalize-result';
import { aggregateOf, type EgressAggregate, egressHostKey, egressSignal } from '../../rules/vpc-flow/untrusted-egress.rule';
import type { FlowRecord } from '../../records/vpc-flow/flow-record';

export class EgressAggregator {
  private readonly byKey = new Map<string, EgressAggregate>();

  get size(): number {
    return this.byKey.size;
  }

  /** Adds an egress record; `ref` is kept only when it is the first of its key. */
  add(flow: FlowRecord, ref: string): void {
    const key = `${egressHostKey(flow.instanceId, flow.eni, flow.srcIp)}|${flow.dstIp}|${flow.dstPort}|${flow.protocol}|${flow.bucketMs}`;
    const agg = this.byKey.get(key);
    if (agg === undefined) {
      this.byKey.set(key, aggregateOf(flow, ref));
      return;
    }
    if (flow.bytes > 0) agg.bytes += flow.bytes;
    if (flow.packets > 0) agg.packets += flow.packets;
    agg.records++;
    if (flow.startMs < agg.firstSeenMs) agg.firstSeenMs = flow.startMs;
    const last = Math.max(flow.endMs, flow.startMs);
    if (last > agg.lastSeenMs) agg.lastSeenMs = last;
    // Records of one key may differ in optional columns ('-' on some rows): keep the first known value.
    agg.account ??= flow.account;
    agg.region ??= flow.region;
    agg.dstService ??= flow.dstService;
  }

  /** Emits one signal per key, in order of first appearance, and empties the aggregator. */
  flush(tally: Tally): void {
    for (const agg of this.byKey.values()) tally.signal(egressSignal(agg));
    this.byKey.clear();
  }
}
