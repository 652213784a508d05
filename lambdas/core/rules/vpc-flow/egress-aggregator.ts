/**
 * Batching of untrusted egress (DESIGN.md, "State"): flow logs repeat one connection in many
 * records, so the one-record signals of a batch are summed per (host, destination, port, protocol,
 * time bucket) — which is exactly their id — and written once as a single signal.
 */
import type { EgressSignal } from '../../model/signal';
import type { FlowRecord } from '../../records/vpc-flow/flow-record';
import { isoTime } from './iso-time';

interface EgressSum {
  /** The first signal of the key, summed into. */
  readonly signal: EgressSignal;
  firstSeenMs: number;
  lastSeenMs: number;
}

export class EgressAggregator {
  private readonly byId = new Map<string, EgressSum>();

  get size(): number {
    return this.byId.size;
  }

  /** Adds the one-record signal of `flow`; the first signal of an id keeps its ref and optional values. */
  add(signal: EgressSignal, flow: Pick<FlowRecord, 'startMs' | 'endMs'>): void {
    const last = Math.max(flow.endMs, flow.startMs);
    const sum = this.byId.get(signal.id);
    if (sum === undefined) {
      this.byId.set(signal.id, { signal, firstSeenMs: flow.startMs, lastSeenMs: last });
      return;
    }
    const agg = sum.signal;
    agg.bytes += signal.bytes;
    agg.packets += signal.packets;
    agg.records += signal.records;
    if (flow.startMs < sum.firstSeenMs) {
      sum.firstSeenMs = flow.startMs;
      agg.time = agg.firstSeen = isoTime(flow.startMs);
    }
    if (last > sum.lastSeenMs) {
      sum.lastSeenMs = last;
      agg.lastSeen = isoTime(last);
    }
    // Records of one key may differ in optional columns ('-' on some rows): keep the first known value.
    agg.account ??= signal.account;
    agg.region ??= signal.region;
    agg.dstService ??= signal.dstService;
  }

  /** Hands over one signal per id, in order of first appearance, and empties the aggregator. */
  flush(emit: (signal: EgressSignal) => void): void {
    for (const sum of this.byId.values()) emit(sum.signal);
    this.byId.clear();
  }
}
