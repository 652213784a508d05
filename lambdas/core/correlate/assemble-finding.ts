/**
 * Pure: chain evidence → Finding (severity, explanation, timeline, identity). The same evidence
 * always gives the same finding content, whatever order it arrived in.
 */
import { pushToDeploySeconds } from './push-to-deploy';
import type { AllowlistCheck, ChainStage, EgressSummary, Finding, SeverityEvidence, TimelineEntry, TimelineStage } from '../model/finding';
import { parseImageRef } from '../model/image-ref';
import { type DetectionSettings, settingsForAccount } from '../model/settings';
import type { Signal } from '../model/signal';
import { checkRegistry } from './allowlists';
import { describeBaseline } from './builder-baseline';
import type { ChainEvidence } from './chain-evidence';
import { findingId } from './finding-identity';
import { fingerprintOf } from './finding-fingerprint';
import { MAX_ACTIVITY_TIMES, severityOf } from './severity';
import { applySuppressions } from './suppressions';
import { summarizeSignal } from './signal-summary';
import { scannedDeploysSentence } from './scan-evidence';

const STAGE_OF: Record<string, TimelineStage | undefined> = { build: 'build', egress: 'egress', push: 'push', deploy: 'deploy', capability: 'capability' };
const CHAIN_STAGES: readonly ChainStage[] = ['build', 'egress', 'push', 'deploy'];
const MAX_TIMELINE = 200;
const MAX_EGRESS = 50;

const uniq = <T>(xs: Iterable<T | undefined>): T[] => [...new Set([...xs].filter((x): x is T => x !== undefined))].sort();

function egressSummaries(e: ChainEvidence): EgressSummary[] {
  const byDst = new Map<string, EgressSummary>();
  for (const g of e.egress) {
    const k = `${g.srcIp}|${g.dstIp}|${g.dstPort}|${g.protocol}`;
    const cur = byDst.get(k);
    if (!cur) {
      byDst.set(k, { srcIp: g.srcIp, dstIp: g.dstIp, dstPort: g.dstPort, protocol: g.protocol, bytes: g.bytes, packets: g.packets, firstSeen: g.firstSeen, lastSeen: g.lastSeen, nonStandardPort: g.nonStandardPort });
    } else {
      cur.bytes += g.bytes;
      cur.packets += g.packets;
      if (g.firstSeen < cur.firstSeen) cur.firstSeen = g.firstSeen;
      if (g.lastSeen > cur.lastSeen) cur.lastSeen = g.lastSeen;
    }
  }
  return [...byDst.values()].sort((a, b) => b.bytes - a.bytes || a.dstIp.localeCompare(b.dstIp)).slice(0, MAX_EGRESS);
}

const byTime = (a: TimelineEntry, b: TimelineEntry) => a.time.localeCompare(b.time) || a.signalId.localeCompare(b.signalId);

/**
 * At most MAX_TIMELINE entries, in time order: the first entry of every stage always stays, then
 * the earliest others (a chain with thousands of egress records must not outgrow the item or
 * message limits).
 */
export function capTimeline(entries: readonly TimelineEntry[]): TimelineEntry[] {
  const sorted = [...entries].sort(byTime);
  if (sorted.length <= MAX_TIMELINE) return sorted;
  const keep = new Set<TimelineEntry>();
  for (const stage of [...CHAIN_STAGES, 'capability'] as const) {
    const first = sorted.find((e) => e.stage === stage);
    if (first) keep.add(first);
  }
  for (const e of sorted) {
    if (keep.size >= MAX_TIMELINE) break;
    keep.add(e);
  }
  return sorted.filter((e) => keep.has(e));
}

function timeline(signals: Signal[]): TimelineEntry[] {
  return capTimeline(signals.map((s) => ({ time: s.time, stage: STAGE_OF[s.kind]!, kind: s.kind, summary: summarizeSignal(s), source: s.source, rule: s.rule, signalId: s.id, ref: s.ref })));
}

function title(stages: Set<ChainStage>, host: string, where: string | undefined): string {
  const built = stages.has('build') ? `image built on host ${host}` : `image pushed from ${host}`;
  const then = [stages.has('build') && stages.has('push') ? 'pushed' : undefined, stages.has('deploy') ? 'deployed' : undefined].filter(Boolean).join(' and ');
  return `AN1261 ${built}${then ? ` ${then}` : ''}${stages.has('egress') ? ', with untrusted egress' : ''}${where ? ` (${where})` : ''}`;
}

export interface AssembledFinding {
  finding: Finding;
  /** Evidence + severity + suppression: equal fingerprints mean nothing new to publish. */
  fingerprint: string;
}

export function assembleFinding(e: ChainEvidence, settings: DetectionSettings, nowMs: number): AssembledFinding {
  const all: Signal[] = [...e.builds, ...e.pushes, ...e.deploys, ...e.egress];
  const first = (xs: Array<string | undefined>) => xs.find((x) => x !== undefined);
  const byTimeThenId = (a: Signal, b: Signal) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id);
  // The chain belongs to the account of its earliest anchor's host; that account's overrides
  // (registries, release windows) grade it. Named on the finding: that account, else any a signal names.
  const account = first([...e.anchors].sort(byTimeThenId).map((a) => accountOf(a)));
  const { config } = settingsForAccount(settings, account);
  const findingAccount = account ?? first(all.map((s) => s.account));
  const stages = new Set<ChainStage>(CHAIN_STAGES.filter((st) => all.some((s) => s.kind === st)));
  const images = uniq([...e.builds.map((b) => b.image), ...e.pushes.map((p) => p.image)]);
  const registryChecks = uniq(e.pushes.map((p) => p.image))
    .map((img) => checkRegistry(img, config))
    .filter((c): c is AllowlistCheck => c !== undefined);
  const severityEvidence: SeverityEvidence = {
    stages: CHAIN_STAGES.filter((st) => stages.has(st)),
    pushedRepositories: uniq(registryChecks.map((c) => c.value)),
    activityTimes: uniq([...e.anchors.map((a) => a.time), ...e.deploys.map((d) => d.time)]).slice(0, MAX_ACTIVITY_TIMES),
    newImageCount: e.newImageCount,
    ...(e.baseline ? { builders: e.baseline.builders, baselineDays: e.baseline.baselineDays } : {}),
    ...(e.deployScans && e.deployScans.unscanned.length > 0 ? { unscannedDeploys: e.deployScans.unscanned } : {}),
  };
  const graded = severityOf(severityEvidence, config);
  const deploy = [...e.deploys].sort((a, b) => a.time.localeCompare(b.time))[0];
  const build = [...e.builds].sort((a, b) => a.time.localeCompare(b.time))[0];
  const namespace = deploy?.namespace ?? build?.namespace ?? build?.host?.pod?.namespace;
  const workload = deploy?.workloadName ?? build?.workload;
  const hostLabel = e.hosts.instanceIds[0] ?? e.hosts.nodeNames[0] ?? e.hosts.hostnames[0] ?? e.hosts.ips[0] ?? e.hosts.pods[0] ?? 'unknown host';
  const times = all.map((s) => s.time).sort();
  const id = findingId(e.anchors, images);
  const anchor = [...e.anchors].sort(byTimeThenId)[0]!;
  const image = images.find((i) => parseImageRef(i)?.tag !== undefined) ?? images[0];
  const egress = egressSummaries(e);

  const finding: Finding = {
    id,
    version: 1,
    severity: graded.severity,
    baseSeverity: graded.baseSeverity,
    modifiers: graded.modifiers,
    severityEvidence,
    title: title(stages, hostLabel, namespace && workload ? `${namespace}/${workload}` : namespace),
    description: '',
    stages: severityEvidence.stages,
    anchor: { stage: anchor.kind, signalId: anchor.id, time: anchor.time },
    ...(image ? { image } : {}),
    images: uniq([...images, ...e.deploys.flatMap((d) => d.images)]),
    ...optional('account', findingAccount),
    ...optional('accountName', settings.config.accounts.members.find((m) => m.id === findingAccount)?.name),
    ...optional('region', first(all.map((s) => s.region))),
    ...optional('cluster', first([...e.builds, ...e.deploys].map((s) => s.cluster))),
    ...optional('namespace', namespace),
    ...optional('workload', workload),
    hosts: e.hosts,
    actors: uniq([...e.builds, ...e.pushes, ...e.deploys].flatMap((s) => [s.actor?.arn, s.actor?.k8sUser, s.actor?.osUser])),
    registries: uniq(e.pushes.map((p) => p.registry)),
    egress,
    firstSeen: times[0]!,
    lastSeen: times[times.length - 1]!,
    createdAt: new Date(nowMs).toISOString(),
    updatedAt: new Date(nowMs).toISOString(),
    timeline: timeline([...all, ...e.capabilities]),
    allowlists: [...e.approvalChecks, ...registryChecks],
  };
  const latency = pushToDeploySeconds(finding.timeline);
  if (latency !== undefined) finding.pushToDeploySeconds = latency;
  finding.description = describe(finding, egress, config, [scannedDeploysSentence(e.deployScans)]);
  const sup = applySuppressions(finding, config.suppressions, nowMs);
  finding.allowlists.push(...sup.checks);
  if (sup.active) {
    finding.suppressedBy = { owner: sup.active.owner, reason: sup.active.reason, expires: sup.active.expires, match: sup.active.match as Record<string, string> };
  }
  return { finding, fingerprint: fingerprintOf(finding) };
}

/** The account of a signal's host: its scope when several accounts are read, else its own account. */
function accountOf(s: Signal): string | undefined {
  return s.scope && s.scope !== '-' ? s.scope : s.account;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** The finding's description; `notes` (sentences, undefined ones skipped) come after the baseline sentence. */
function describe(f: Finding, egress: EgressSummary[], config: DetectionSettings['config'], notes: ReadonlyArray<string | undefined> = []): string {
  const parts: string[] = [];
  const who = f.actors.length > 0 ? ` by ${f.actors.slice(0, 2).join(', ')}` : '';
  const host = f.hosts.instanceIds[0] ?? f.hosts.nodeNames[0] ?? f.hosts.hostnames[0] ?? f.hosts.pods[0] ?? f.hosts.ips[0] ?? 'an unknown host';
  parts.push(
    f.stages.includes('build')
      ? `A container image${f.image ? ` (${f.image})` : ''} was built on ${host}${who}, outside the approved build pipelines.`
      : `A container image${f.image ? ` (${f.image})` : ''} was pushed from ${host}${who}, outside the approved build pipelines.`,
  );
  if (egress.length > 0) {
    const top = egress.slice(0, 3).map((g) => `${g.dstIp}:${g.dstPort}`).join(', ');
    parts.push(`The host sent traffic to ${egress.length} untrusted destination${egress.length === 1 ? '' : 's'} (${top}) around the build.`);
  }
  if (f.stages.includes('push')) parts.push(`The image was pushed to ${f.registries.join(', ')}.`);
  if (f.stages.includes('deploy')) parts.push(`It was then deployed${f.namespace ? ` in namespace ${f.namespace}` : ''}${f.cluster ? ` of cluster ${f.cluster}` : ''}.`);
  if (f.modifiers.length > 0) parts.push(`Severity raised: ${f.modifiers.map((m) => m.reason).join('; ')}.`);
  const baseline = describeBaseline(f.severityEvidence, config);
  if (baseline) parts.push(baseline);
  for (const n of notes) if (n) parts.push(n);
  parts.push('MITRE ATT&CK T1612 (Build Image on Host), analytic AN1261.');
  return parts.join(' ');
}
