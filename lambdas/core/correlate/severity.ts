/**
 * The severity ladder of DESIGN.md: LOW (unapproved build or push) → MEDIUM (+ untrusted egress)
 * → HIGH (+ push, or + deploy) → CRITICAL (+ deploy with egress); each modifier (push to a
 * registry outside a configured allowlist, activity outside every configured release window,
 * more new images than `newImageThreshold`) raises it one step, capped at CRITICAL.
 */
import type { Config, SeverityLabel } from '../model/config';
import type { ChainStage, SeverityStep } from '../model/finding';

const LADDER: SeverityLabel[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

export function baseSeverity(stages: ReadonlySet<ChainStage>): SeverityLabel {
  if (stages.has('deploy') && stages.has('egress')) return 'CRITICAL';
  if (stages.has('deploy') || stages.has('push')) return 'HIGH';
  if (stages.has('egress')) return 'MEDIUM';
  return 'LOW';
}

export function raise(base: SeverityLabel, steps: readonly SeverityStep[]): SeverityLabel {
  const i = Math.max(0, LADDER.indexOf(base));
  const n = steps.reduce((acc, s) => acc + s.steps, 0);
  return LADDER[Math.min(LADDER.length - 1, i + n)]!;
}

export function severityRank(s: SeverityLabel): number {
  return s === 'INFORMATIONAL' ? 0 : LADDER.indexOf(s) + 1;
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

/** True when `iso` falls in one of the windows (a window whose end is before its start spans midnight). */
export function inReleaseWindow(iso: string, windows: Config['releaseWindows']): boolean {
  return windows.some((w) => {
    const { day, hhmm } = localParts(iso, w.timeZone);
    if (!(day in WEEKDAYS) || !w.days.includes(day as (typeof w.days)[number])) return false;
    return w.start <= w.end ? hhmm >= w.start && hhmm < w.end : hhmm >= w.start || hhmm < w.end;
  });
}
