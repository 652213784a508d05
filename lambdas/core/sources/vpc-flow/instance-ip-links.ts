/**
 * Instance ↔ IP pairs of one batch: every record naming an instance whose own address is its
 * srcaddr adds to one InstanceAddress per (instance, IP), offered at flush to the rules of
 * INSTANCE_ADDRESS_RULES (rule instance-ip: one link each). A 10,000-record batch of one instance
 * is one link. This runs on every flow record, before the
 * internal-traffic shortcut, so a pair already seen (the previous line's: CloudWatch Logs delivers
 * one ENI per stream; else a small cache by an in-place hash, for S3 files that interleave ENIs)
 * is recognised by comparing two columns in place, without allocating; only a new pair slices its
 * columns and looks up the `${instance}|${ip}` map.
 */
import type { BatchContext, SourceRecord } from '../../model/batch';
import type { Tally } from '../../model/normalize-result';
import type { DetectionSettings } from '../../model/settings';
import type { InstanceAddress } from '../../records/vpc-flow/instance-address';
import { applyRules } from '../../rules/apply-rules';
import { INSTANCE_ADDRESS_RULES } from '../../rules/vpc-flow';
import { addressKey } from '../../util/cidr';
import { type AddressClass, classifyAddress, isRfc1918At } from './classify-destination';
import type { FlowColumns } from './flow-line';
import type { FlowLayout } from './flow-layout';

/** Latest epoch second a JS Date can hold. */
const MAX_EPOCH_SECONDS = 8_640_000_000_000;

interface Pair extends InstanceAddress {
  /** The address as the line wrote it (compared in place against the next lines). */
  readonly rawIp: string;
}

/** A pair is a reduction of lines already counted: one the rules do not link is not counted again. */
const PAIR_REASONS = { ruleError: 'vpc-flow:unexpected-error' } as const;

/** True when the column holds exactly `text`; compared from the end, where addresses and ids differ first. */
function sameText(cols: FlowColumns, col: number, text: string): boolean {
  const s = cols.start(col);
  const n = text.length;
  if (cols.end(col) - s !== n) return false;
  const line = cols.line;
  for (let i = n - 1; i >= 0; i--) if (line.charCodeAt(s + i) !== text.charCodeAt(i)) return false;
  return true;
}

/** Size of the recent-pairs cache (a power of two). */
const RECENT_SLOTS = 1024;

/** Cache slot of the (srcaddr, instance-id) columns: a hash of the address and the id's last characters. */
function slotOf(cols: FlowColumns, src: number, inst: number): number {
  const line = cols.line;
  let h = 0x811c9dc5; // FNV-1a
  for (let i = cols.start(src), e = cols.end(src); i < e; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193);
  for (let i = Math.max(cols.start(inst), cols.end(inst) - 6), e = cols.end(inst); i < e; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 15)) & (RECENT_SLOTS - 1);
}

/** Epoch ms of the record's `start`, else of its envelope; -1 when neither is usable. */
function startMs(cols: FlowColumns, col: number, record: SourceRecord<string>): number {
  const start = cols.int(col);
  if (start >= 0 && start <= MAX_EPOCH_SECONDS) return start * 1000;
  if (start === -1 && typeof record.timestamp === 'number' && record.timestamp >= 0) return record.timestamp;
  return -1;
}

export class InstanceIpLinks {
  private readonly byKey = new Map<string, Pair>();
  private last: Pair | undefined;
  private readonly recent: Array<Pair | undefined> = new Array<Pair | undefined>(RECENT_SLOTS).fill(undefined);

  get size(): number {
    return this.byKey.size;
  }

  /**
   * Reads the instance and its own address from the current line of `cols` (status already known
   * to be a flow: not NODATA/SKIPDATA) and adds it to its pair.
   */
  note(cols: FlowColumns, L: FlowLayout, record: SourceRecord<string>, ctx: BatchContext, settings: DetectionSettings): void {
    // Cheapest first: an ingress record's srcaddr is the peer (half of all traffic stops here).
    const dir = L.flowDirection;
    const hasDirection = dir >= 0 && !cols.absent(dir);
    if (hasDirection && !cols.is(dir, 'egress')) return;
    const inst = L.instanceId;
    const src = L.srcaddr;
    if (src < 0 || cols.absent(inst) || cols.absent(src)) return;
    // Without a direction, srcaddr is ours only when the raw dstaddr is not internal.
    if (!hasDirection && !this.destinationIsExternal(cols, L.dstaddr, settings)) return;

    // The same pair as a recent line (CloudWatch Logs: the previous one; S3 files interleave
    // interfaces, hence a small cache by an in-place hash): only the time may be earlier. No allocation.
    let seen = this.last;
    if (seen === undefined || !sameText(cols, src, seen.rawIp) || !sameText(cols, inst, seen.instanceId)) {
      seen = this.recent[slotOf(cols, src, inst)];
      if (seen !== undefined && (!sameText(cols, src, seen.rawIp) || !sameText(cols, inst, seen.instanceId))) seen = undefined;
    }
    if (seen !== undefined) {
      this.last = seen;
      const ms = startMs(cols, L.start, record);
      if (ms >= 0 && ms < seen.firstSeenMs) seen.firstSeenMs = ms;
      return;
    }
    const ms = startMs(cols, L.start, record);
    if (ms < 0) return; // no usable time (the record itself is judged, and counted, by the egress path)
    const ipClass: AddressClass = isRfc1918At(cols.line, cols.start(src), cols.end(src)) ? 'internal' : classifyAddress(cols.text(src)!, settings);
    this.add(cols, L, record, ctx, ms, ipClass);
  }

  private destinationIsExternal(cols: FlowColumns, dst: number, settings: DetectionSettings): boolean {
    if (dst < 0 || cols.absent(dst) || isRfc1918At(cols.line, cols.start(dst), cols.end(dst))) return false;
    const cls = classifyAddress(cols.text(dst)!, settings);
    return cls === 'trusted' || cls === 'untrusted';
  }

  private add(cols: FlowColumns, L: FlowLayout, record: SourceRecord<string>, ctx: BatchContext, ms: number, ipClass: AddressClass): void {
    const rawIp = cols.text(L.srcaddr)!;
    const instanceId = cols.text(L.instanceId)!;
    const ip = addressKey(rawIp);
    const key = `${instanceId}|${ip}`;
    let pair = this.byKey.get(key);
    if (pair === undefined) {
      const account = cols.text(L.accountId);
      pair = {
        instanceId,
        ip,
        rawIp,
        ipClass,
        firstSeenMs: ms,
        ref: record.ref,
        account: account !== undefined && account !== 'unknown' ? account : ctx.account,
        region: cols.text(L.region) ?? ctx.region,
      };
      this.byKey.set(key, pair);
    } else if (ms < pair.firstSeenMs) {
      pair.firstSeenMs = ms;
    }
    this.last = pair;
    this.recent[slotOf(cols, L.srcaddr, L.instanceId)] = pair;
  }

  /** Offers each pair to the rules, in order of first appearance, and empties the batch. */
  flush(ctx: BatchContext, tally: Tally): void {
    for (const pair of this.byKey.values()) applyRules(INSTANCE_ADDRESS_RULES, pair, { ...ctx, ref: pair.ref }, tally, PAIR_REASONS);
    this.byKey.clear();
    this.last = undefined;
    this.recent.fill(undefined);
  }
}
