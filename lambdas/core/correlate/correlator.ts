/**
 * The correlation engine: writes a batch's signals to state, then re-evaluates every chain they
 * touch and upserts its finding. Order- and redelivery-independent: a chain's finding is
 * recomputed from the state (write first, then strongly consistent reads), merged with the stored
 * one, its severity computed from the merged evidence; its id is deterministic, and a conditional
 * put on the finding settles concurrent writers.
 * Pure of AWS: state comes through the StateStore port, time through `nowMs`.
 */
import type { Finding, FindingUpdate } from '../model/finding';
import { type DetectionSettings, settingsForAccount } from '../model/settings';
import type { BuildSignal, PodLinkSignal, PushSignal, Signal } from '../model/signal';
import { NO_WALL_CLOCK_LATEST_MS, timeFault } from '../model/signal-time';
import { AnchorJudge } from './anchor-judge';
import { BaselineWrites } from './builder-baseline';
import { assembleFinding } from './assemble-finding';
import { EvidenceReader } from './gather-evidence';
import { LinkWrites } from './link-writes';
import type { ApprovedChain } from './chain-evidence';
import { findingId } from './finding-identity';
import { fingerprintOf } from './finding-fingerprint';
import { mergeWithStored } from './merge-finding';
import { itemsForSignal, nodeKeys } from './state-items';
import type { StateItem, StateStore, StoredFinding } from './state-port';
import { canonicalIp, imagePartitionKeys, instanceKey, ipKey, podKey, signalHostKeys, signalSk } from './state-keys';

export interface CorrelationStats {
  signals: number;
  /**
   * Signals older than the state retention at `now`: they can no longer join a chain. Also counts
   * (as a last line of defence: IngestPipeline rejects them first, with a reason) signals whose
   * times `timeFault` rejects even without a clock (not between 2006 and 2100), so no state key is
   * ever built from one.
   */
  tooLate: number;
  itemsWritten: number;
  chainsEvaluated: number;
  findingsEmitted: number;
  conflicts: number;
}

const MAX_ATTEMPTS = 4;

export class Correlator {
  /** How long evidence (builds, pushes, deploys, egress) stays in state after its event time. */
  readonly retentionMs: number;
  /** How long entity links and capabilities stay after their last sighting. */
  readonly entityRetentionMs: number;
  private readonly judge: AnchorJudge;
  private readonly reader: EvidenceReader;
  private readonly links = new LinkWrites();
  private readonly baselineWrites = new BaselineWrites();

  constructor(
    private readonly store: StateStore,
    private readonly settings: DetectionSettings,
  ) {
    this.retentionMs = Correlator.retentionFor(settings);
    this.entityRetentionMs = Math.max(settings.entityRetentionMs, this.retentionMs);
    this.judge = new AnchorJudge(settings);
    this.reader = new EvidenceReader(store, settings, this.judge);
  }

  /** How long a signal stays in state after its event time: the longest build, every window it can join, plus lateness. */
  static retentionFor(settings: DetectionSettings): number {
    const { timeWindowMs: W, deployWindowMs: D, latenessMs: L, maxBuildMs: M } = settings;
    return M + Math.max(2 * W, D + W) + W + L;
  }

  private retentionOf(s: Signal): number {
    return s.kind === 'link' || s.kind === 'capability' ? this.entityRetentionMs : this.retentionMs;
  }

  /**
   * Writes `signals`, re-evaluates the chains they touch, returns the new finding versions.
   * `nowMs` is the wall clock on AWS and the replay clock (event time) in `an1261 replay`.
   */
  async process(signals: readonly Signal[], nowMs: number): Promise<{ findings: Finding[]; updates: FindingUpdate[]; unchanged: Finding[]; stats: CorrelationStats }> {
    const stats: CorrelationStats = { signals: signals.length, tooLate: 0, itemsWritten: 0, chainsEvaluated: 0, findingsEmitted: 0, conflicts: 0 };
    const live: Array<{ s: Signal; expiresAt: number }> = [];
    const items: StateItem[] = [];
    const nowSec = Math.floor(nowMs / 1000);
    for (const s of signals) {
      const expiresMs = Date.parse(s.time) + this.retentionOf(s);
      if (timeFault(s, NO_WALL_CLOCK_LATEST_MS) || !(expiresMs > nowMs)) {
        stats.tooLate++;
        continue;
      }
      const expiresAt = Math.floor(expiresMs / 1000);
      // A link already written (same fact, still fresh) is neither written again nor re-evaluated.
      if (s.kind === 'link' && !this.links.shouldWrite(s, expiresAt)) continue;
      live.push({ s, expiresAt });
      items.push(...itemsForSignal(s, expiresAt));
    }
    // Every build teaches the first-seen baseline who builds where (approved builds too).
    const builds = live.flatMap(({ s }) => (s.kind === 'build' ? [s] : []));
    const baseline = this.baselineWrites.itemsFor(builds, this.settings.config.baseline);
    await this.store.putItems([...items, ...baseline]);
    this.baselineWrites.markWritten(baseline);
    // Then the copies under nodes, read after the batch's own items are in state (a pod's
    // capability and its binding often arrive in the same batch).
    const copies: StateItem[] = [];
    for (const { s, expiresAt } of live) copies.push(...(await this.podItemsOnNodes(s, expiresAt, nowSec)));
    if (copies.length > 0) await this.store.putItems(copies);
    stats.itemsWritten = items.length + baseline.length + copies.length;
    for (const { s, expiresAt } of live) if (s.kind === 'link') this.links.written(s, expiresAt);

    const anchors = await this.affectedAnchors(live.map((l) => l.s), nowMs);
    const updates: FindingUpdate[] = [];
    const unchanged: Finding[] = [];
    const done = new Set<string>();
    this.reader.clear();
    for (const anchor of anchors) {
      if (done.has(anchor.id)) continue;
      const result = await this.upsert(anchor, nowMs, stats);
      result.covered.forEach((id) => done.add(id));
      if (result.update) updates.push(result.update);
      else if (result.unchanged) unchanged.push(result.unchanged);
    }
    stats.findingsEmitted = updates.length;
    return { findings: updates.map((u) => u.finding), updates, unchanged, stats };
  }

  /**
   * A pod's builds and capabilities are also kept under its node's keys, whichever arrives first
   * (a build or capability looks up its pod's node, a pod-node link copies the pod's items): egress
   * from the node's IP (pod traffic SNAT'd to the node) and builds on the node then find them with
   * one read, however many pods the node ran.
   */
  private async podItemsOnNodes(s: Signal, expiresAt: number, nowSec: number): Promise<StateItem[]> {
    if ((s.kind === 'capability' || s.kind === 'build') && s.host?.pod) {
      const pod = podKey(s.cluster, s.host.pod, s.scope);
      const nodes = (await this.store.query(pod, 'L#node#', 'L#node#\uffff', nowSec)).map((l) => (JSON.parse(l.doc) as PodLinkSignal).nodeName);
      const keys = new Set([...nodes, s.host.nodeName].flatMap((n) => (n ? nodeKeys(n, s.scope) : [])));
      return [...keys].map((pk) => ({ pk, sk: signalSk(s), expiresAt, doc: JSON.stringify(s) }));
    }
    if (s.kind === 'link' && s.link === 'pod-node' && s.nodeName) {
      const items = await this.store.query(podKey(s.cluster, s.pod, s.scope), 'C#', 'S#\uffff', nowSec);
      return items.filter((i) => i.sk.startsWith('C#') || i.sk.startsWith('S#')).flatMap((i) => nodeKeys(s.nodeName!, s.scope).map((pk) => ({ pk, sk: i.sk, expiresAt: i.expiresAt, doc: i.doc })));
    }
    return [];
  }

  /** Records that the findings queue accepted these versions (call after the sink resolved). */
  async markSent(updates: readonly FindingUpdate[]): Promise<void> {
    for (const u of updates) await this.store.markFindingSent(u.finding.id, u.finding.version);
  }

  /**
   * Anchors whose chain a new signal may change, sorted for a stable evaluation order. Linear in
   * the batch: the ranges the batch's signals need are merged per partition first, and each
   * partition is read once (2,000 deploys of one image are one read of its partition, not 2,000).
   */
  private async affectedAnchors(signals: readonly Signal[], nowMs: number): Promise<Array<BuildSignal | PushSignal>> {
    const { timeWindowMs: W, deployWindowMs: D, maxBuildMs: M } = this.settings;
    const nowSec = Math.floor(nowMs / 1000);
    const found = new Map<string, BuildSignal | PushSignal>();
    const ranges = new Map<string, [number, number]>();
    const want = (pk: string | undefined, lo: number, hi: number) => {
      if (!pk) return;
      const r = ranges.get(pk);
      ranges.set(pk, r ? [Math.min(r[0], lo), Math.max(r[1], hi)] : [lo, hi]);
    };
    const podsOnIps = new Map<string, [number, number]>();
    for (const s of signals) {
      const t = Date.parse(s.time);
      if (this.judge.isAnchor(s)) found.set(s.id, s);
      if (s.kind === 'build') {
        // An image-less build on a host may give a pushing host's chain its build.
        for (const pk of signalHostKeys(s)) want(pk, t - W, Date.parse(s.endTime ?? s.time) + M + W);
      } else if (s.kind === 'push') {
        // A push gives image-less builds on its host their image; builds are intervals.
        for (const pk of signalHostKeys(s)) want(pk, t - W - M, t + W);
        for (const pk of imagePartitionKeys(s.image)) want(pk, t - W - D - M, t + W);
      } else if (s.kind === 'egress') {
        // Flow logs are the volume: one set of reads per source IP and instance, not per destination.
        const lo = Date.parse(s.firstSeen) - W - M;
        const hi = Date.parse(s.lastSeen) + W;
        const ip = canonicalIp(s.srcIp);
        if (ip) {
          const pk = ipKey(ip, s.scope);
          want(pk, lo, hi);
          const r = podsOnIps.get(pk);
          podsOnIps.set(pk, r ? [Math.min(r[0], lo), Math.max(r[1], hi)] : [lo, hi]);
        }
        want(s.host?.instanceId && instanceKey(s.host.instanceId, s.scope), lo, hi);
      } else if (s.kind === 'deploy') {
        for (const pk of s.images.flatMap(imagePartitionKeys)) want(pk, t - D - W - M, t + W);
      } else if (s.kind === 'capability') {
        // Builds through this pod's runtime socket, from its creation on.
        for (const pk of signalHostKeys(s)) want(pk, t - W, nowMs + W);
      } else if (s.kind === 'link' && s.link === 'instance-ip') {
        // The instance's IP may approve its builds, or give them their egress.
        want(instanceKey(s.instanceId, s.scope), t - D - W - M, nowMs + W);
      } else if (s.kind === 'link') {
        // A pod's node, IP or end: its builds (an exec may come days after the pod started).
        want(podKey(s.cluster, s.pod, s.scope), t - D - W - M, s.link === 'pod-end' ? t + W : nowMs + W);
      }
    }
    // Pods that held an egress source IP (pod IPs; a node's own IP finds its pods' builds under its key).
    for (const [ipPk, [lo, hi]] of podsOnIps) {
      for (const l of await this.store.query(ipPk, 'L#pod#', 'L#pod#\uffff', nowSec)) {
        const link = JSON.parse(l.doc) as Signal;
        if (link.kind === 'link' && link.link === 'pod-ip' && Date.parse(link.time) <= hi) want(podKey(link.cluster, link.pod, link.scope), lo - D, hi);
      }
    }
    // A deploy that names its image by digest meets the push of that digest, not the build, which
    // knows only its tag: the pushes read in the deploys' partitions lead to their tags' and hosts'
    // partitions, where the builds they complete are (a second round, each partition read once).
    const deployPks = new Set(signals.flatMap((s) => (s.kind === 'deploy' ? s.images.flatMap(imagePartitionKeys) : [])));
    const viaPush = new Map<string, [number, number]>();
    for (const [pk, [lo, hi]] of ranges) {
      for (const s of await this.reader.signalsIn(pk, lo, hi, nowSec)) {
        if (this.judge.isAnchor(s)) found.set(s.id, s);
        if (s.kind === 'push' && deployPks.has(pk)) {
          const t = Date.parse(s.time);
          for (const k of [...imagePartitionKeys(s.image), ...signalHostKeys(s)]) {
            if (ranges.has(k)) continue;
            const r = viaPush.get(k);
            viaPush.set(k, r ? [Math.min(r[0], t - W - M), Math.max(r[1], t + W)] : [t - W - M, t + W]);
          }
        }
      }
    }
    for (const [pk, [lo, hi]] of viaPush) {
      for (const s of await this.reader.signalsIn(pk, lo, hi, nowSec)) if (this.judge.isAnchor(s)) found.set(s.id, s);
    }
    return [...found.values()].sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));
  }

  private async upsert(anchor: BuildSignal | PushSignal, nowMs: number, stats: CorrelationStats): Promise<{ update?: FindingUpdate; unchanged?: Finding; covered: string[] }> {
    const nowSec = Math.floor(nowMs / 1000);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      stats.chainsEvaluated++;
      const evidence = await this.reader.gather(anchor, nowSec);
      if ('approved' in evidence) {
        // Approved through an identity the state knows now; a finding raised before it was known is marked so.
        const update = await this.approveStanding(evidence, nowMs);
        if (update === 'conflict') {
          stats.conflicts++;
          continue;
        }
        return { covered: evidence.members.map((m) => m.id), ...(update ? { update } : {}) };
      }
      const covered = evidence.anchors.map((a) => a.id);
      const assembled = assembleFinding(evidence, this.settings, nowMs);
      const stored = await this.store.getFinding(assembled.finding.id, nowSec);
      const next = mergeWithStored(assembled, stored, nowMs, settingsForAccount(this.settings, assembled.finding.account).config);
      if (!next) {
        // Nothing new; but a version the queue never accepted goes out again (outbox semantics).
        const unsent = stored && (stored.sentVersion ?? 0) < stored.finding.version;
        return unsent ? { update: updateOf(stored.finding, stored), covered } : { covered, ...(stored ? { unchanged: stored.finding } : {}) };
      }
      const expiresAt = Math.floor((Date.parse(next.finding.lastSeen) + this.retentionMs) / 1000) + 7 * 86_400;
      const record = nextRecord(next.finding, next.fingerprint, expiresAt, stored);
      if (await this.store.putFinding(record, stored?.finding.version)) return { update: updateOf(next.finding, record), covered };
      stats.conflicts++;
    }
    throw new Error(`finding for anchor ${anchor.id}: ${MAX_ATTEMPTS} conflicting concurrent updates`);
  }

  /**
   * A chain judged before one of its hosts' identities was known (an ephemeral CI runner's first
   * build, seen before RunInstances or its first flow-log record said which IP it holds) may have
   * a finding. Once every build and push of that finding is known to be an approved builder's, its
   * next version is suppressed — recorded, Workflow SUPPRESSED with the reason, no further page —
   * and never touched again. A finding that lists a build or push outside this chain is left alone.
   */
  private async approveStanding(chain: ApprovedChain, nowMs: number): Promise<FindingUpdate | 'conflict' | undefined> {
    const nowSec = Math.floor(nowMs / 1000);
    const candidates = chain.members.filter((m) => m.kind === 'build' || m.host !== undefined);
    if (candidates.length === 0) return undefined;
    const images = [...new Set(chain.members.flatMap((m) => (m.image ? [m.image] : [])))];
    const stored = await this.store.getFinding(findingId(candidates, images), nowSec);
    if (!stored || stored.finding.suppressedBy) return undefined;
    const members = new Set(chain.members.map((m) => m.id));
    if (!stored.finding.timeline.every((e) => (e.kind !== 'build' && e.kind !== 'push') || members.has(e.signalId))) return undefined;
    const old = stored.finding;
    const reasons = [...new Set(chain.checks.map((c) => `${c.list}: ${c.explanation}`))].slice(0, 4);
    const finding: Finding = {
      ...old,
      suppressedBy: { owner: APPROVED_LATE_OWNER, reason: `every build and push of this chain is an approved builder's, learnt after the finding was raised (${reasons.join('; ')})`, expires: 'never', match: {} },
      allowlists: [...chain.checks, ...old.allowlists.filter((c) => !chain.checks.some((x) => x.list === c.list && x.value === c.value))],
      version: old.version + 1,
      updatedAt: new Date(Math.max(nowMs, Date.parse(old.updatedAt) + 1)).toISOString(),
    };
    const record = nextRecord(finding, fingerprintOf(finding), stored.expiresAt, stored);
    return (await this.store.putFinding(record, old.version)) ? updateOf(finding, record) : 'conflict';
  }
}

/** The `suppressedBy.owner` of a finding whose every build and push turned out to be an approved builder's. */
export const APPROVED_LATE_OWNER = 'an1261';

/**
 * The stored record of `finding`, the version after `stored`. Its previous severity and suppression
 * are those of the last version the queue accepted, so a notification skipped by a failed send is
 * still owed.
 */
function nextRecord(finding: Finding, fingerprint: string, expiresAt: number, stored: StoredFinding | undefined): StoredFinding {
  const previous = stored ? ((stored.sentVersion ?? 0) < stored.finding.version ? { severity: stored.previousSeverity, suppressed: stored.previouslySuppressed } : { severity: stored.finding.severity, suppressed: Boolean(stored.finding.suppressedBy) }) : undefined;
  return {
    finding,
    fingerprint,
    expiresAt,
    ...(previous?.severity ? { previousSeverity: previous.severity } : {}),
    ...(previous?.suppressed !== undefined ? { previouslySuppressed: previous.suppressed } : {}),
    ...(stored?.sentVersion !== undefined ? { sentVersion: stored.sentVersion } : {}),
  };
}

function updateOf(finding: Finding, stored: Pick<StoredFinding, 'previousSeverity' | 'previouslySuppressed'>): FindingUpdate {
  return {
    finding,
    ...(stored.previousSeverity ? { previousSeverity: stored.previousSeverity } : {}),
    ...(stored.previouslySuppressed !== undefined ? { previouslySuppressed: stored.previouslySuppressed } : {}),
  };
}

