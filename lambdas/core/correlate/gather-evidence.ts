/**
 * Reads, for one anchor, everything its chain may hold: the other builds and pushes of its image
 * (tag joins only where `tag-joins.ts` allows them), the hosts' identities (entity links),
 * untrusted egress around the builds' intervals, deploys in the deploy window, runtime-socket
 * capabilities of its pods and nodes, the count of new images for `newImageThreshold`, and (where
 * `requireScanBeforeDeploy` is on) the ECR scans of its deployed images before their deploys.
 * Strongly consistent reads; expired items never come back.
 */
import type { DetectionSettings } from '../model/settings';
import type { BuildSignal, CapabilitySignal, DeploySignal, EgressSignal, PushSignal, Signal } from '../model/signal';
import type { ApprovalResult } from './allowlists';
import type { AnchorJudge } from './anchor-judge';
import { BaselineReader } from './builder-baseline';
import { BuildIntervals, type Interval, instant } from './build-interval';
import type { ApprovedChain, ChainEvidence } from './chain-evidence';
import { readDeployScans } from './scan-evidence';
import { HostResolver, type ResolvedHosts } from './host-identities';
import type { StateStore } from './state-port';
import { type SignalPrefix, imagePartitionKeys, podKey, signalHostKeys, signalRange } from './state-keys';
import { pushJoins } from './tag-joins';

const iso = (ms: number) => new Date(ms).toISOString();
const ms = (isoTime: string) => Date.parse(isoTime);
/**
 * The earliest deploys read per image partition: a rollout of thousands of pods is one stage, and
 * the timeline keeps the earliest entries anyway (every stage is kept; the chain's cost stays flat).
 */
const MAX_DEPLOYS_READ = 250;
/** Capabilities shown on one chain (a node can run many socket-mounting pods). */
const MAX_CAPABILITIES = 10;

type Anchor = BuildSignal | PushSignal;

export class EvidenceReader {
  readonly intervals: BuildIntervals;
  readonly resolver: HostResolver;
  readonly baseline: BaselineReader;

  constructor(
    private readonly store: StateStore,
    private readonly settings: DetectionSettings,
    private readonly judge: AnchorJudge,
  ) {
    this.intervals = new BuildIntervals(store, settings.maxBuildMs);
    this.resolver = new HostResolver(store);
    this.baseline = new BaselineReader(store);
  }

  /**
   * Signals of `pk` whose time is within [from, to]. One signal id may be stored twice (an exec
   * build seen at its start, and again with its `endTime`): the copy that knows its end wins.
   */
  async signalsIn(pk: string, fromMs: number, toMs: number, nowSec: number, prefix: SignalPrefix = 'S', limit?: number): Promise<Signal[]> {
    const [from, to] = signalRange(iso(fromMs), iso(toMs), prefix);
    const byId = new Map<string, Signal>();
    for (const item of await this.store.query(pk, from, to, nowSec, limit)) {
      const s = JSON.parse(item.doc) as Signal;
      const cur = byId.get(s.id);
      if (!cur || (s.kind === 'build' && s.endTime && !(cur as BuildSignal).endTime)) byId.set(s.id, s);
    }
    return [...byId.values()];
  }

  /** Forgets what was read for the previous batch (build ends and entity links may have arrived since). */
  clear(): void {
    this.intervals.clear();
    this.resolver.clear();
    this.baseline.clear();
  }

  /** The interval of an anchor: a build's, or a push's instant. */
  spanOf(s: Anchor, nowSec: number): Promise<Interval> {
    return s.kind === 'build' ? this.intervals.of(s, nowSec) : Promise.resolve(instant(s.time));
  }

  /** Approval through every identity the state knows for the signal's host. */
  private async approvalOf(s: Anchor, nowSec: number): Promise<ApprovalResult> {
    const own = this.judge.approval(s);
    if (own.approved || !s.host) return own;
    const { hosts, learntFrom } = await this.resolver.resolve([s], nowSec);
    return this.judge.approvalWith(s, { instanceIds: hosts.instanceIds, ips: hosts.ips, names: [...hosts.nodeNames, ...hosts.hostnames], learntFrom });
  }

  /** The chain of `anchor`, or its members when every one of them is approved after all. */
  async gather(anchor: Anchor, nowSec: number): Promise<ChainEvidence | ApprovedChain> {
    const { timeWindowMs: W, deployWindowMs: D, maxBuildMs: M } = this.settings;
    const span = await this.spanOf(anchor, nowSec);
    const lo = span.start - W;
    const hi = span.end + W;

    // 1. Candidates: builds (by interval) and pushes of the same image around the anchor, the
    //    pushes from an image-less build's host, the image-less builds on a pushing host.
    const group = new Map<string, Anchor>([[anchor.id, anchor]]);
    const consider = async (s: Signal, builds: boolean, pushes: boolean) => {
      if (s.kind === 'push' && pushes && ms(s.time) >= lo && ms(s.time) <= hi) group.set(s.id, s);
      if (s.kind === 'build' && builds) {
        const iv = await this.intervals.of(s, nowSec);
        if (iv.start <= hi && iv.end >= lo) group.set(s.id, s);
      }
    };
    for (const pk of imagePartitionKeys(anchor.image)) for (const s of await this.signalsIn(pk, lo - M, hi, nowSec)) await consider(s, true, true);
    for (const pk of signalHostKeys(anchor)) {
      for (const s of await this.signalsIn(pk, lo - M, hi, nowSec)) {
        if (anchor.kind === 'build' && !anchor.image) await consider(s, false, true);
        else if (anchor.kind === 'push' && s.kind === 'build' && !s.image) await consider(s, true, false);
      }
    }

    // 2. Who is approved, through every identity the state knows of each host.
    const members = [...group.values()];
    const approvals = new Map<string, ApprovalResult>();
    for (const m of members) approvals.set(m.id, await this.approvalOf(m, nowSec));
    const approved = (s: Anchor) => approvals.get(s.id)!.approved;
    const anchors = members.filter((s) => (s.kind === 'build' || s.host !== undefined) && !approved(s));
    if (anchors.length === 0) return { approved: true, members, checks: members.flatMap((m) => (approved(m) ? approvals.get(m.id)!.checks.filter((c) => c.matched) : [])) };
    const builds = members.filter((s): s is BuildSignal => s.kind === 'build' && !approved(s));

    // 3. Hosts after entity resolution (pods → node and IPs, instances ↔ IPs).
    const { hosts, keys: hostPks, podIpWindows } = await this.resolver.resolve([...builds, ...anchors], nowSec);

    // 4. Pushes: a tag join needs the same actor or host when the pusher is approved or the build said --no-push.
    const memberPushes = members.filter((s): s is PushSignal => s.kind === 'push');
    const pushes = memberPushes.filter((p) => anchors.includes(p) || pushJoins(p, builds, approved(p), { ...hosts, keys: hostPks }));
    const refused = memberPushes.filter((p) => !pushes.includes(p));

    // 5. Untrusted egress from the hosts' IPs around the builds' intervals (or the anchors').
    const spans = await Promise.all((builds.length > 0 ? builds : anchors).map((s) => this.spanOf(s, nowSec)));
    const egressLo = Math.min(...spans.map((s) => s.start)) - W;
    const egressHi = Math.max(...spans.map((s) => s.end)) + W;
    const egress = await this.egressFrom(hostPks.ips, egressLo, egressHi, podIpWindows, nowSec);
    // Flow logs v3+ name the instance behind the IP: the node of a pod, the host of a container.
    hosts.instanceIds = [...new Set([...hosts.instanceIds, ...egress.flatMap((e) => (e.host?.instanceId ? [e.host.instanceId] : []))])].sort();

    // 6. Deploys of the chain's images within the deploy window: pushed images, and the tags of
    //    builds that may have pushed them (not --no-push builds, not tags whose push was refused).
    const pushedKeys = new Set(pushes.flatMap((p) => imagePartitionKeys(p.image)));
    const refusedTags = new Set(refused.flatMap((p) => imagePartitionKeys(p.image)).filter((k) => k.startsWith('I#tag:') && !pushedKeys.has(k)));
    const buildKeys = builds.filter((b) => b.noPush !== true).flatMap((b) => imagePartitionKeys(b.image)).filter((k) => !refusedTags.has(k));
    const deployKeys = new Set([...pushedKeys, ...buildKeys]);
    const anchorSpans = await Promise.all([...anchors, ...pushes].map((s) => this.spanOf(s, nowSec)));
    const start = Math.min(...anchorSpans.map((s) => s.start));
    const end = Math.max(...[...anchorSpans, ...spans].map((s) => s.end)) + D;
    const deploys = new Map<string, DeploySignal>();
    for (const pk of deployKeys) {
      for (const s of await this.signalsIn(pk, start, end, nowSec, 'D', MAX_DEPLOYS_READ)) if (s.kind === 'deploy') deploys.set(s.id, s);
    }
    // 7. Where scanning is required, the scans of the deployed images before their deploys.
    const baseline = await this.baseline.of(builds, nowSec);
    const deployScans = this.settings.config.requireScanBeforeDeploy && deploys.size > 0 ? await readDeployScans(this.signalsIn.bind(this), [...deploys.values()], pushes, deployKeys, nowSec) : undefined;

    return {
      anchors,
      builds,
      pushes,
      deploys: [...deploys.values()],
      egress,
      capabilities: await this.capabilitiesOf([...builds, ...anchors], hostPks, nowSec),
      hosts,
      approvalChecks: anchors.flatMap((a) => approvals.get(a.id)!.checks),
      newImageCount: await this.newImages(anchors, nowSec),
      ...(baseline ? { baseline } : {}),
      ...(deployScans ? { deployScans } : {}),
    };
  }

  /**
   * Runtime-socket capabilities a build may have gone through: those of the pod an exec or builder
   * pod ran in; for a build or push on the host itself (dockerd, auditd, an instance-role push),
   * those of the pods on that node. A builder pod does not use its neighbours' sockets.
   */
  private async capabilitiesOf(signals: readonly Anchor[], hostPks: ResolvedHosts['keys'], nowSec: number): Promise<CapabilitySignal[]> {
    const keys = new Set<string>();
    let onHost = false;
    for (const s of signals) {
      if (s.host?.pod) keys.add(podKey(s.cluster, s.host.pod, s.scope));
      else if (s.host) {
        onHost = true;
        signalHostKeys(s).forEach((k) => keys.add(k));
      }
    }
    if (onHost) for (const pk of [...hostPks.nodes, ...hostPks.instances, ...hostPks.ips]) keys.add(pk);
    const found = new Map<string, CapabilitySignal>();
    for (const pk of [...keys].sort()) {
      if (found.size >= MAX_CAPABILITIES) break;
      for (const item of await this.store.query(pk, 'C#', 'C#\uffff', nowSec)) {
        const c = JSON.parse(item.doc) as CapabilitySignal;
        if (found.size < MAX_CAPABILITIES) found.set(c.id, c);
      }
    }
    return [...found.values()];
  }

  /** Egress contributions summed per destination and bucket, overlapping [lo, hi]. */
  private async egressFrom(ipPks: readonly string[], lo: number, hi: number, podIpWindows: ReadonlyMap<string, [number, number]>, nowSec: number): Promise<EgressSignal[]> {
    const bucket = (x: number) => iso(Math.floor(x / this.settings.timeWindowMs) * this.settings.timeWindowMs);
    const merged = new Map<string, EgressSignal>();
    for (const ip of ipPks) {
      const items = await this.store.query(ip, `E#${bucket(lo)}`, `E#${bucket(hi)}#\uffff`, nowSec);
      for (const item of items) {
        const e = JSON.parse(item.doc) as EgressSignal;
        if (ms(e.lastSeen) < lo || ms(e.firstSeen) > hi) continue;
        const held = podIpWindows.get(ip);
        if (held && (ms(e.lastSeen) < held[0] || ms(e.firstSeen) >= held[1])) continue;
        const cur = merged.get(e.id);
        if (!cur) merged.set(e.id, { ...e });
        else {
          cur.bytes += e.bytes;
          cur.packets += e.packets;
          cur.records += e.records;
          if (e.firstSeen < cur.firstSeen) cur.firstSeen = e.firstSeen;
          if (e.lastSeen > cur.lastSeen) cur.lastSeen = e.lastSeen;
        }
      }
    }
    return [...merged.values()];
  }

  /** Distinct images pushed by the anchors' principals and hosts within the window. */
  private async newImages(anchors: readonly Anchor[], nowSec: number): Promise<number> {
    const W = this.settings.timeWindowMs;
    const seen = new Set<string>();
    for (const a of anchors) {
      const span = await this.spanOf(a, nowSec);
      const pks = [...(a.actor?.arn ? [`A#${a.actor.arn}`] : []), ...signalHostKeys(a)];
      for (const pk of pks) {
        for (const s of await this.signalsIn(pk, span.start - W, span.end + W, nowSec)) if (s.kind === 'push') seen.add(s.digest ?? s.image ?? s.id);
      }
    }
    return seen.size;
  }
}
