/**
 * The correlation engine: writes a batch's signals to state, then re-evaluates every chain they
 * touch and upserts its finding. Order- and redelivery-independent: a chain's finding is
 * recomputed from the state (write first, then strongly consistent reads), its id is
 * deterministic, and a conditional put on the finding settles concurrent writers.
 * Pure of AWS: state comes through the StateStore port, time through `nowMs`.
 */
import type { Finding, FindingUpdate } from '../model/finding';
import type { DetectionSettings } from '../model/settings';
import type { BuildSignal, PushSignal, Signal } from '../model/signal';
import { AnchorJudge } from './anchor-judge';
import { assembleFinding } from './assemble-finding';
import { EvidenceReader } from './gather-evidence';
import { mergeWithStored } from './merge-finding';
import { instanceLinkItem, itemsForSignal } from './state-items';
import type { StateItem, StateStore, StoredFinding } from './state-port';
import { canonicalIp, hostKeys, imagePartitionKeys, podKey } from './state-keys';

export interface CorrelationStats {
  signals: number;
  /** Signals older than the state retention at `now`: they can no longer join a chain. */
  tooLate: number;
  itemsWritten: number;
  chainsEvaluated: number;
  findingsEmitted: number;
  conflicts: number;
}

const MAX_ATTEMPTS = 4;

export class Correlator {
  readonly retentionMs: number;
  private readonly judge: AnchorJudge;
  private readonly reader: EvidenceReader;
  /** instance ↔ IP links already written by this process (a warm Lambda writes each once per bucket). */
  private readonly writtenLinks = new Set<string>();

  constructor(
    private readonly store: StateStore,
    private readonly settings: DetectionSettings,
  ) {
    this.retentionMs = Correlator.retentionFor(settings);
    this.judge = new AnchorJudge(settings);
    this.reader = new EvidenceReader(store, settings, this.judge);
  }

  /** How long a signal stays in state after its event time: every window it can join, plus lateness. */
  static retentionFor(settings: DetectionSettings): number {
    const { timeWindowMs: W, deployWindowMs: D, latenessMs: L } = settings;
    return Math.max(2 * W, D + W) + W + L;
  }

  /**
   * Writes `signals`, re-evaluates the chains they touch, returns the new finding versions.
   * `nowMs` is the wall clock on AWS and the replay clock (event time) in `an1261 replay`.
   */
  async process(signals: readonly Signal[], nowMs: number): Promise<{ findings: Finding[]; updates: FindingUpdate[]; stats: CorrelationStats }> {
    const stats: CorrelationStats = { signals: signals.length, tooLate: 0, itemsWritten: 0, chainsEvaluated: 0, findingsEmitted: 0, conflicts: 0 };
    const live: Signal[] = [];
    const items: StateItem[] = [];
    for (const s of signals) {
      const expiresMs = Date.parse(s.time) + this.retentionMs;
      if (!(expiresMs > nowMs)) {
        stats.tooLate++;
        continue;
      }
      live.push(s);
      const expiresAt = Math.floor(expiresMs / 1000);
      items.push(...itemsForSignal(s, expiresAt));
      if (s.kind === 'egress') {
        const link = instanceLinkItem(s, expiresAt);
        if (link && !this.writtenLinks.has(link.pk + link.sk)) {
          if (this.writtenLinks.size > 100_000) this.writtenLinks.clear();
          this.writtenLinks.add(link.pk + link.sk);
          items.push(link);
        }
      }
    }
    await this.store.putItems(items);
    stats.itemsWritten = items.length;

    const nowSec = Math.floor(nowMs / 1000);
    const anchors = await this.affectedAnchors(live, nowSec);
    const updates: FindingUpdate[] = [];
    const done = new Set<string>();
    for (const anchor of anchors) {
      if (done.has(anchor.id)) continue;
      const result = await this.upsert(anchor, nowMs, stats);
      result.covered.forEach((id) => done.add(id));
      if (result.update) updates.push(result.update);
    }
    stats.findingsEmitted = updates.length;
    return { findings: updates.map((u) => u.finding), updates, stats };
  }

  /** Records that the findings queue accepted these versions (call after the sink resolved). */
  async markSent(updates: readonly FindingUpdate[]): Promise<void> {
    for (const u of updates) await this.store.markFindingSent(u.finding.id, u.finding.version);
  }

  /** Anchors whose chain a new signal may change, sorted for a stable evaluation order. */
  private async affectedAnchors(signals: readonly Signal[], nowSec: number): Promise<Array<BuildSignal | PushSignal>> {
    const { timeWindowMs: W, deployWindowMs: D } = this.settings;
    const found = new Map<string, BuildSignal | PushSignal>();
    const collect = async (pk: string, from: number, to: number) => {
      for (const s of await this.reader.signalsIn(pk, from, to, nowSec)) if (this.judge.isAnchor(s)) found.set(s.id, s);
    };
    const egressRanges = new Map<string, [number, number]>();
    for (const s of signals) {
      const t = Date.parse(s.time);
      if (this.judge.isAnchor(s)) found.set(s.id, s);
      if (s.kind === 'push') {
        // A push gives image-less builds on its host their image.
        for (const pk of hostKeys(s.host, s.cluster)) await collect(pk, t - W, t + W);
        for (const pk of imagePartitionKeys(s.image)) await collect(pk, t - W - D, t + W);
      } else if (s.kind === 'egress') {
        // Flow logs are the volume: one set of reads per source IP and instance, not per destination.
        const widen = (key: string | undefined) => {
          if (!key) return;
          const r = egressRanges.get(key);
          const lo = Date.parse(s.firstSeen) - W;
          const hi = Date.parse(s.lastSeen) + W;
          egressRanges.set(key, r ? [Math.min(r[0], lo), Math.max(r[1], hi)] : [lo, hi]);
        };
        widen(canonicalIp(s.srcIp) && `H#ip:${canonicalIp(s.srcIp)}`);
        widen(s.host?.instanceId && `H#i:${s.host.instanceId}`);
      } else if (s.kind === 'deploy') {
        for (const pk of s.images.flatMap(imagePartitionKeys)) await collect(pk, t - D - W, t + W);
      } else if (s.kind === 'link') {
        await collect(podKey(s.cluster, s.pod), t - D - W, t + W);
      }
    }
    for (const [pk, [lo, hi]] of egressRanges) {
      await collect(pk, lo, hi);
      if (!pk.startsWith('H#ip:')) continue;
      // Pods that held this IP: their builds may own the egress.
      for (const l of await this.store.query(pk, 'L#pod#', 'L#pod#\uffff', nowSec)) {
        const link = JSON.parse(l.doc) as Signal;
        if (link.kind === 'link') await collect(podKey(link.cluster, link.pod), lo - D, hi);
      }
    }
    return [...found.values()].sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));
  }

  private async upsert(anchor: BuildSignal | PushSignal, nowMs: number, stats: CorrelationStats): Promise<{ update?: FindingUpdate; covered: string[] }> {
    const nowSec = Math.floor(nowMs / 1000);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      stats.chainsEvaluated++;
      const evidence = await this.reader.gather(anchor, nowSec);
      const covered = evidence.anchors.map((a) => a.id);
      const assembled = assembleFinding(evidence, this.settings, nowMs);
      const stored = await this.store.getFinding(assembled.finding.id, nowSec);
      const next = mergeWithStored(assembled, stored, nowMs);
      if (!next) {
        // Nothing new; but a version the queue never accepted goes out again (outbox semantics).
        const unsent = stored && (stored.sentVersion ?? 0) < stored.finding.version;
        return unsent ? { update: updateOf(stored.finding, stored), covered } : { covered };
      }
      const expiresAt = Math.floor((Date.parse(next.finding.lastSeen) + this.retentionMs) / 1000) + 7 * 86_400;
      // The previous version's severity: of the last version the queue accepted, so a notification
      // skipped by a failed send is still owed.
      const previous = stored ? ((stored.sentVersion ?? 0) < stored.finding.version ? { severity: stored.previousSeverity, suppressed: stored.previouslySuppressed } : { severity: stored.finding.severity, suppressed: Boolean(stored.finding.suppressedBy) }) : undefined;
      const record = {
        ...next,
        expiresAt,
        ...(previous?.severity ? { previousSeverity: previous.severity } : {}),
        ...(previous?.suppressed !== undefined ? { previouslySuppressed: previous.suppressed } : {}),
        ...(stored?.sentVersion !== undefined ? { sentVersion: stored.sentVersion } : {}),
      };
      if (await this.store.putFinding(record, stored?.finding.version)) return { update: updateOf(next.finding, record), covered };
      stats.conflicts++;
    }
    throw new Error(`finding for anchor ${anchor.id}: ${MAX_ATTEMPTS} conflicting concurrent updates`);
  }
}

function updateOf(finding: Finding, stored: Pick<StoredFinding, 'previousSeverity' | 'previouslySuppressed'>): FindingUpdate {
  return {
    finding,
    ...(stored.previousSeverity ? { previousSeverity: stored.previousSeverity } : {}),
    ...(stored.previouslySuppressed !== undefined ? { previouslySuppressed: stored.previouslySuppressed } : {}),
  };
}
