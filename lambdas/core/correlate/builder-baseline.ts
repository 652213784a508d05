/**
 * The first-seen baseline of who builds where. Every build signal (approved or not) records its
 * subject — `who @ where`: the principal or Kubernetes user that built (`-` when the source names
 * nobody, e.g. a dockerd API call) and where (cluster/namespace for builds in pods, the host for
 * builds on hosts) — as one state item per UTC day seen, kept `baseline.retentionDays` after that
 * day; and the day itself under one history partition, so the baseline knows how long it has been
 * learning. Idempotent puts (same key, same content), one per subject and day.
 *
 *   B#s:<subject>   d#<YYYY-MM-DD>   a day the subject was seen building
 *   B#h:<scope>     d#<YYYY-MM-DD>   a day any build was seen (the baseline's history)
 *
 * A chain's builds are judged against the days strictly before their own day, so the order in
 * which one day's builds arrive does not matter.
 */
import type { Config } from '../model/config';
import type { BuilderHistory, SeverityEvidence } from '../model/finding';
import type { BuildSignal } from '../model/signal';
import { stableId } from '../util/hash';
import { baselineJudges } from './severity';
import type { StateItem, StateStore } from './state-port';

const DAY_MS = 86_400_000;
/** Subjects longer than this keep a readable prefix and a hash (partition keys are at most 2,048 bytes). */
const MAX_SUBJECT = 300;

/** Who built, and where: the baseline's subject of a build. */
export function builderSubject(b: BuildSignal): string {
  const who = b.actor?.arn ?? b.actor?.k8sUser ?? b.actor?.osUser ?? '-';
  const h = b.host;
  const namespace = b.namespace ?? h?.pod?.namespace;
  const where = namespace !== undefined ? `${b.cluster ?? '-'}/${namespace}` : `host:${h?.instanceId ?? h?.hostname ?? h?.nodeName ?? h?.ip ?? '-'}`;
  const subject = `${b.scope ? `${b.scope}:` : ''}${who} @ ${where}`;
  return subject.length <= MAX_SUBJECT ? subject : `${subject.slice(0, MAX_SUBJECT - 17)}…${stableId('subject', subject).slice(0, 16)}`;
}

const dayOf = (iso: string): string => iso.slice(0, 10);
const subjectKey = (subject: string) => `B#s:${subject}`;
const historyKey = (scope: string | undefined) => `B#h:${scope ?? '-'}`;

/** The baseline items of one build: its subject's day and the history's day, kept `retentionDays` after the day ends. */
export function baselineItems(b: BuildSignal, baseline: Config['baseline']): StateItem[] {
  const day = dayOf(b.time);
  const expiresAt = Math.floor((Date.parse(`${day}T00:00:00.000Z`) + (baseline.retentionDays + 1) * DAY_MS) / 1000);
  const subject = builderSubject(b);
  return [
    { pk: subjectKey(subject), sk: `d#${day}`, expiresAt, doc: JSON.stringify({ subject, day }) },
    { pk: historyKey(b.scope), sk: `d#${day}`, expiresAt, doc: JSON.stringify({ day }) },
  ];
}

/** What the baseline says about a chain's builds: their subjects' earlier days, and how long it has learnt. */
export interface BaselineEvidence {
  builders: BuilderHistory[];
  /** Days of history before the chain's first build day. */
  baselineDays: number;
}

/** Whole days from `from` to `to` (YYYY-MM-DD). */
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * Reads the baseline for a chain's builds (strongly consistent, expired days never come back).
 * Cached per batch: many chains of one batch share subjects.
 */
export class BaselineReader {
  private readonly days = new Map<string, string[]>();

  constructor(private readonly store: StateStore) {}

  clear(): void {
    this.days.clear();
  }

  private async daysOf(pk: string, nowSec: number): Promise<string[]> {
    let d = this.days.get(pk);
    if (!d) {
      d = (await this.store.query(pk, 'd#', 'd#\uffff', nowSec)).map((i) => i.sk.slice(2)).sort();
      this.days.set(pk, d);
    }
    return d;
  }

  /** Each subject of `builds` with the days it was seen building before its earliest build here. */
  async of(builds: readonly BuildSignal[], nowSec: number): Promise<BaselineEvidence | undefined> {
    if (builds.length === 0) return undefined;
    const firstDay = new Map<string, string>();
    for (const b of builds) {
      const s = builderSubject(b);
      const d = dayOf(b.time);
      if (!firstDay.has(s) || d < firstDay.get(s)!) firstDay.set(s, d);
    }
    const builders: BuilderHistory[] = [];
    for (const [subject, day] of [...firstDay].sort(([a], [b]) => a.localeCompare(b))) {
      const earlier = (await this.daysOf(subjectKey(subject), nowSec)).filter((d) => d < day);
      builders.push({ subject, priorDays: earlier.length, ...(earlier[0] ? { firstSeen: earlier[0] } : {}) });
    }
    const chainDay = [...firstDay.values()].sort()[0]!;
    const scopes = new Set(builds.map((b) => b.scope));
    let learnt = 0;
    for (const scope of scopes) {
      const first = (await this.daysOf(historyKey(scope), nowSec))[0];
      if (first !== undefined && first < chainDay) learnt = Math.max(learnt, daysBetween(first, chainDay));
    }
    return { builders, baselineDays: learnt };
  }
}

/**
 * Writes each subject-day once per process (a rollout of builds is one write, not one per build);
 * bounded, the oldest entries forgotten first. Items count as written only once the store took them.
 */
export class BaselineWrites {
  private readonly written = new Set<string>();
  private static keyOf = (i: StateItem) => `${i.pk}\u0000${i.sk}`;

  /** The items of `builds` this process has not written yet. */
  itemsFor(builds: readonly BuildSignal[], baseline: Config['baseline']): StateItem[] {
    const out = new Map<string, StateItem>();
    for (const b of builds) for (const item of baselineItems(b, baseline)) if (!this.written.has(BaselineWrites.keyOf(item))) out.set(BaselineWrites.keyOf(item), item);
    return [...out.values()];
  }

  /** Records that the store accepted `items`. */
  markWritten(items: readonly StateItem[]): void {
    for (const i of items) {
      this.written.add(BaselineWrites.keyOf(i));
      if (this.written.size > 50_000) this.written.delete(this.written.values().next().value!);
    }
  }
}

/**
 * One sentence for the finding's description: which builders are recurring (and since when), once
 * the baseline has learnt. New builders are said by the severity modifier.
 */
export function describeBaseline(e: SeverityEvidence, config: Config): string | undefined {
  if (!e.builders || e.builders.length === 0) return undefined;
  // While it learns it says nothing: a page is no place for the detector's own state.
  if (!baselineJudges(e, config)) return undefined;
  const recurring = e.builders.filter((b) => b.priorDays >= config.baseline.minDays);
  if (recurring.length === 0) return undefined;
  const b = recurring[0]!;
  return `Recurring builder: ${b.subject} built on ${b.priorDays} earlier day${b.priorDays === 1 ? '' : 's'}${b.firstSeen ? ` since ${b.firstSeen}` : ''}${recurring.length > 1 ? ` (and ${recurring.length - 1} more recurring)` : ''}.`;
}
