/**
 * The severity ladder of DESIGN.md, in one place. Severity is a pure function of a chain's merged
 * evidence (`severityOf`), recomputed after every merge, so a finding always agrees with the
 * stages it lists:
 *
 *   chains with a build:    build LOW → + untrusted egress MEDIUM → + push HIGH → + deploy HIGH
 *                           → + deploy with egress CRITICAL
 *   chains without a build  push LOW → + egress MEDIUM → + deploy HIGH → + deploy with egress CRITICAL
 *   (anchored on a push):
 *
 * Each modifier raises one step, capped at CRITICAL: a push to a repository outside a configured
 * `registryAllowList`, an anchor or deploy outside every configured release window, more new images
 * than `newImageThreshold`, a build subject the first-seen baseline has not seen building on
 * `baseline.minDays` earlier days (once it has learnt for `baseline.learningDays`), a deploy with
 * no ECR scan result before it (`requireScanBeforeDeploy`).
 */
import type { Config, SeverityLabel } from '../model/config';
import type { BuilderHistory, ChainStage, SeverityEvidence, SeverityStep } from '../model/finding';
import { firstGlobMatch } from '../util/glob';
import { mergeUnscannedDeploys, unscannedDeployStep } from './unscanned-deploys';

const LADDER: SeverityLabel[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/** The ladder's step for a set of stages, before modifiers. */
export function baseSeverity(stages: Iterable<ChainStage>): SeverityLabel {
  const s = new Set(stages);
  if (s.has('deploy') && s.has('egress')) return 'CRITICAL';
  if (s.has('deploy') || (s.has('push') && s.has('build'))) return 'HIGH';
  if (s.has('egress')) return 'MEDIUM';
  return 'LOW';
}

export function raise(base: SeverityLabel, steps: readonly SeverityStep[]): SeverityLabel {
  const i = Math.max(0, LADDER.indexOf(base));
  const n = steps.reduce((acc, s) => acc + s.steps, 0);
  return LADDER[Math.min(LADDER.length - 1, i + n)]!;
}

export interface SeverityResult {
  severity: SeverityLabel;
  baseSeverity: SeverityLabel;
  modifiers: SeverityStep[];
}

/**
 * The severity of a chain from its evidence and the configuration. Monotone: more stages, more
 * pushed repositories, more activity times or a higher new-image count never lower it.
 * @example
 *   severityOf({ stages: ['build', 'egress', 'push', 'deploy'], pushedRepositories: [], activityTimes: [], newImageCount: 1 }, config)
 *   // → { severity: 'CRITICAL', baseSeverity: 'CRITICAL', modifiers: [] }
 */
export function severityOf(e: SeverityEvidence, config: Config): SeverityResult {
  const base = baseSeverity(e.stages);
  const modifiers: SeverityStep[] = [];
  if (config.registryAllowList.length > 0) {
    const outside = [...new Set(e.pushedRepositories)].filter((r) => firstGlobMatch(config.registryAllowList, r) === undefined).sort();
    if (outside.length > 0) modifiers.push({ kind: 'registry', reason: `pushed to ${outside.join(', ')}, outside registryAllowList`, steps: 1 });
  }
  if (config.releaseWindows.length > 0) {
    const outside = e.activityTimes.filter((t) => !inReleaseWindow(t, config.releaseWindows)).sort();
    if (outside.length > 0) modifiers.push({ kind: 'release-window', reason: `activity outside every release window (${outside[0]})`, steps: 1 });
  }
  if (e.newImageCount > config.newImageThreshold) {
    modifiers.push({ kind: 'new-images', reason: `${e.newImageCount} new images within ${config.timeWindowMinutes} min exceed newImageThreshold ${config.newImageThreshold}`, steps: 1 });
  }
  const firstSeen = newBuilders(e, config);
  if (firstSeen.length > 0) {
    const b = firstSeen[0]!;
    const what = b.priorDays === 0 ? `first build by ${b.subject} in ${config.baseline.retentionDays} days` : `${b.subject} seen building on ${b.priorDays} earlier day${b.priorDays === 1 ? '' : 's'}, fewer than baseline.minDays ${config.baseline.minDays}`;
    modifiers.push({ kind: 'new-builder', reason: `${what}${firstSeen.length > 1 ? ` (and ${firstSeen.length - 1} more new builder${firstSeen.length === 2 ? '' : 's'})` : ''}`, steps: 1 });
  }
  const unscanned = unscannedDeployStep(e, config);
  if (unscanned) modifiers.push(unscanned);
  return { severity: raise(base, modifiers), baseSeverity: base, modifiers };
}

/**
 * The chain's build subjects the first-seen baseline calls new: seen building on fewer than
 * `baseline.minDays` earlier days, once the baseline has learnt for `baseline.learningDays`.
 */
export function newBuilders(e: SeverityEvidence, config: Config): BuilderHistory[] {
  if (!e.builders || !baselineJudges(e, config)) return [];
  return e.builders.filter((b) => b.priorDays < config.baseline.minDays);
}

/** The baseline judges a chain once it had learnt `baseline.learningDays` before the chain's first build. */
export const baselineJudges = (e: SeverityEvidence, config: Config): boolean => (e.baselineDays ?? 0) >= config.baseline.learningDays;

/** At most this many build subjects are kept on a finding. */
const MAX_BUILDERS = 20;

/** Two chains' baselines as one: each subject with its fewest earlier days (the first evaluation's), the longest history. */
function mergeBuilders(a: SeverityEvidence, b: SeverityEvidence): Pick<SeverityEvidence, 'builders' | 'baselineDays'> {
  if (!a.builders && !b.builders) return {};
  const bySubject = new Map<string, BuilderHistory>();
  for (const h of [...(a.builders ?? []), ...(b.builders ?? [])]) {
    const cur = bySubject.get(h.subject);
    if (!cur) bySubject.set(h.subject, { ...h });
    else {
      cur.priorDays = Math.min(cur.priorDays, h.priorDays);
      if (h.firstSeen && (!cur.firstSeen || h.firstSeen < cur.firstSeen)) cur.firstSeen = h.firstSeen;
    }
  }
  const builders = [...bySubject.values()].sort((x, y) => x.subject.localeCompare(y.subject)).slice(0, MAX_BUILDERS);
  return { builders, baselineDays: Math.max(a.baselineDays ?? 0, b.baselineDays ?? 0) };
}

const STAGE_ORDER: readonly ChainStage[] = ['build', 'egress', 'push', 'deploy'];
/** At most this many activity times are kept on a finding (the earliest ones). */
export const MAX_ACTIVITY_TIMES = 100;

/** Two chains' evidence as one: unions of stages, repositories and times; the larger image count. */
export function mergeSeverityEvidence(a: SeverityEvidence, b: SeverityEvidence): SeverityEvidence {
  const stages = new Set([...a.stages, ...b.stages]);
  return {
    stages: STAGE_ORDER.filter((s) => stages.has(s)),
    pushedRepositories: [...new Set([...a.pushedRepositories, ...b.pushedRepositories])].sort(),
    activityTimes: [...new Set([...a.activityTimes, ...b.activityTimes])].sort().slice(0, MAX_ACTIVITY_TIMES),
    newImageCount: Math.max(a.newImageCount, b.newImageCount),
    ...mergeBuilders(a, b),
    ...mergeUnscannedDeploys(a, b),
  };
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(iso: string, timeZone: string): { day: string; hhmm: string } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { day: get('weekday'), hhmm: `${get('hour')}:${get('minute')}` };
}

/**
 * True when `iso` falls in one of the windows, in the window's own time zone. A window whose end
 * is before its start spans midnight and belongs to the day it starts on (`Fri 22:00–02:00` covers
 * Saturday 01:00, not Friday 01:00).
 */
export function inReleaseWindow(iso: string, windows: Config['releaseWindows']): boolean {
  return windows.some((w) => {
    const { day, hhmm } = localParts(iso, w.timeZone);
    const days = w.days as readonly string[];
    if (!(day in WEEKDAYS)) return false;
    if (w.start <= w.end) return days.includes(day) && hhmm >= w.start && hhmm < w.end;
    if (hhmm >= w.start) return days.includes(day);
    if (hhmm >= w.end) return false;
    const previous = Object.keys(WEEKDAYS).find((d) => WEEKDAYS[d] === ((WEEKDAYS[day]! + 5) % 7) + 1)!;
    return days.includes(previous);
  });
}
