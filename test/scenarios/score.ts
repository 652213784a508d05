/**
 * Judging a scenario's findings against its expectations, and the suite's totals:
 *  - an expected finding is *found* when some finding has its image (if it names one) and its first stage;
 *  - it is *right* when that finding has exactly its stages, its severity and its paging;
 *  - a scenario passes when every expected finding is right and every other finding is tolerated;
 *  - a page is a finding at or above minNotifySeverity that no suppression silences.
 */
import type { Finding } from '../../lambdas/core/model/finding';
import type { ExpectedFinding, Scenario } from './types';

const RANK: Record<string, number> = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

export interface Judged {
  expected: ExpectedFinding;
  finding?: Finding;
  found: boolean;
  exactSeverity: boolean;
  right: boolean;
}

export interface Verdict {
  scenario: Scenario;
  findings: Finding[];
  pages: Finding[];
  judged: Judged[];
  problems: string[];
  ok: boolean;
  summary: string;
}

export const pages = (f: Finding, minNotify: string): boolean => RANK[f.severity]! >= RANK[minNotify]! && !f.suppressedBy;

const bare = (image: string) => image.split('@')[0]!;
function hasImage(f: Finding, image: string | undefined): boolean {
  if (!image) return true;
  return [f.image, ...f.images].some((i) => i !== undefined && (i === image || bare(i) === image));
}

export function describeFinding(f: Finding, minNotify: string): string {
  const tail = f.suppressedBy ? ' SUPPRESSED' : pages(f, minNotify) ? ' page' : '';
  return `${f.severity} ${f.stages.join('>')}${f.image ? ` ${f.image.replace(/^.*\//, '')}` : ''}${tail}`;
}

export function describeExpected(e: ExpectedFinding): string {
  return `${e.severity} ${e.stages.join('>')}${e.image ? ` ${e.image.replace(/^.*\//, '')}` : ''}${e.pages ? ' page' : ''}`;
}

export function judge(s: Scenario, findings: Finding[], minNotify: string, summary = ''): Verdict {
  const unused = new Set(findings);
  const judged: Judged[] = s.expected.map((e) => {
    const candidates = [...unused].filter((f) => hasImage(f, e.image) && f.stages.includes(e.stages[0]!));
    const score = (f: Finding) => (f.stages.join() === e.stages.join() ? 4 : 0) + (f.severity === e.severity ? 2 : 0) + (pages(f, minNotify) === e.pages ? 1 : 0);
    const finding = candidates.sort((a, b) => score(b) - score(a))[0];
    if (finding) unused.delete(finding);
    const exactSeverity = finding?.severity === e.severity;
    const right = finding !== undefined && exactSeverity && finding.stages.join() === e.stages.join() && pages(finding, minNotify) === e.pages;
    return { expected: e, ...(finding ? { finding } : {}), found: finding !== undefined, exactSeverity, right };
  });
  const problems = judged.filter((j) => !j.right).map((j) => `expected ${describeExpected(j.expected)}, got ${j.finding ? describeFinding(j.finding, minNotify) : 'nothing'}`);
  const tolerated = [...(s.tolerated ?? [])];
  for (const f of unused) {
    const i = tolerated.findIndex((t) => RANK[f.severity]! <= RANK[t.maxSeverity]! && !pages(f, minNotify) && hasImage(f, t.image));
    if (i >= 0) tolerated.splice(i, 1);
    else problems.push(`unexpected ${describeFinding(f, minNotify)} (${f.title})`);
  }
  return { scenario: s, findings, pages: findings.filter((f) => pages(f, minNotify)), judged, problems, ok: problems.length === 0, summary };
}

export interface Totals {
  attacks: number;
  attacksFound: number;
  recall: number;
  pages: number;
  attackPages: number;
  precision: number;
  expected: number;
  exact: number;
  exactRate: number;
  failed: string[];
}

export function totals(verdicts: readonly Verdict[]): Totals {
  const attacks = verdicts.filter((v) => v.scenario.kind === 'attack');
  const attacksFound = attacks.filter((v) => v.judged.every((j) => j.found)).length;
  const pageCount = verdicts.reduce((n, v) => n + v.pages.length, 0);
  const attackPages = attacks.reduce((n, v) => n + v.pages.length, 0);
  const judged = verdicts.flatMap((v) => v.judged);
  const exact = judged.filter((j) => j.exactSeverity).length;
  return {
    attacks: attacks.length,
    attacksFound,
    recall: attacks.length ? attacksFound / attacks.length : 1,
    pages: pageCount,
    attackPages,
    precision: pageCount ? attackPages / pageCount : 1,
    expected: judged.length,
    exact,
    exactRate: judged.length ? exact / judged.length : 1,
    failed: verdicts.filter((v) => !v.ok).map((v) => v.scenario.name),
  };
}
