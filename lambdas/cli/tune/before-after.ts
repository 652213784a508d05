/**
 * What would page before and after a proposal, on the same data: a finding pages when its final
 * version is at or above `minNotifySeverity` and no suppression holds it (the publisher's rule for
 * a new finding, lambdas/core/publish/notify-policy.ts).
 */
import { SEVERITIES, type Config } from '../../core/model/config';
import type { Finding } from '../../core/model/finding';
import { notifyDecision } from '../../core/publish/notify-policy';
import { sanitizeForTerminal } from '../../core/util/sanitize';

export const wouldPage = (f: Finding, config: Config): boolean => notifyDecision({ finding: f }, config.minNotifySeverity).notify;

export interface PageCounts {
  findings: number;
  pages: number;
  bySeverity: Record<string, number>;
}

export function pageCounts(findings: readonly Finding[], config: Config): PageCounts {
  const bySeverity: Record<string, number> = {};
  for (const s of SEVERITIES) bySeverity[s] = 0;
  for (const f of findings) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  return { findings: findings.length, pages: findings.filter((f) => wouldPage(f, config)).length, bySeverity };
}

export interface BeforeAfter {
  before: PageCounts;
  after: PageCounts;
  /** The findings that still page with the proposal applied. */
  stillPaging: Array<Pick<Finding, 'id' | 'severity' | 'title' | 'firstSeen'>>;
}

/** `before`: the first backtest's counts (its findings need not be kept while the second one runs). */
export function beforeAfter(before: PageCounts, after: readonly Finding[], proposed: Config): BeforeAfter {
  return {
    before,
    after: pageCounts(after, proposed),
    stillPaging: after
      .filter((f) => wouldPage(f, proposed))
      .sort((a, b) => a.firstSeen.localeCompare(b.firstSeen))
      .map((f) => ({ id: f.id, severity: f.severity, title: f.title, firstSeen: f.firstSeen })),
  };
}

/** The before/after table, and the findings that still page. */
export function formatBeforeAfter(b: BeforeAfter, minNotifySeverity: string): string {
  const rows: Array<[string, number, number]> = [
    ['findings', b.before.findings, b.after.findings],
    [`would page (≥ ${minNotifySeverity}, not suppressed)`, b.before.pages, b.after.pages],
    ...[...SEVERITIES].reverse().map((s): [string, number, number] => [`  ${s}`, b.before.bySeverity[s] ?? 0, b.after.bySeverity[s] ?? 0]),
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  const lines = [`${'on the same data'.padEnd(w)}  ${'before'.padStart(7)}  ${'after'.padStart(7)}`, ...rows.map(([k, x, y]) => `${k.padEnd(w)}  ${String(x).padStart(7)}  ${String(y).padStart(7)}`)];
  if (b.stillPaging.length > 0) {
    lines.push('', `still paging with the proposal (${b.stillPaging.length}):`);
    for (const f of b.stillPaging.slice(0, 20)) lines.push(`  ${f.severity.padEnd(8)} ${f.firstSeen}  ${sanitizeForTerminal(f.title, 160)}  [${f.id}]`);
    if (b.stillPaging.length > 20) lines.push(`  … and ${b.stillPaging.length - 20} more`);
  }
  return `${lines.join('\n')}\n`;
}
