/** How `replay` shows findings: a table for people, JSON for machines. */
import { severityRank } from '../core/model/config';
import type { Finding } from '../core/model/finding';
import { sanitizeForTerminal } from '../core/util/sanitize';

export function sortFindings(findings: Iterable<Finding>): Finding[] {
  return [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.firstSeen.localeCompare(b.firstSeen) || a.id.localeCompare(b.id));
}

function hostOf(f: Finding): string {
  return f.hosts.instanceIds[0] ?? f.hosts.nodeNames[0] ?? f.hosts.hostnames[0] ?? f.hosts.pods[0] ?? f.hosts.ips[0] ?? '-';
}

function pad(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n);
}

export function findingsTable(findings: Finding[]): string {
  if (findings.length === 0) return 'No AN1261 findings.\n';
  const rows = findings.map((f) => [
    f.severity + (f.suppressedBy ? ' (suppressed)' : ''),
    sanitizeForTerminal(f.title, 90),
    sanitizeForTerminal(hostOf(f), 40),
    sanitizeForTerminal(f.image ?? '-', 70),
    f.stages.join('→'),
    f.firstSeen.replace('.000Z', 'Z'),
    f.lastSeen.replace('.000Z', 'Z'),
  ]);
  const head = ['SEVERITY', 'TITLE', 'HOST', 'IMAGE', 'STAGES', 'FIRST SEEN', 'LAST SEEN'];
  const widths = head.map((h, i) => Math.min(90, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cols: string[]) => cols.map((c, i) => pad(c, widths[i]!)).join('  ').trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}

/** Per finding: the evidence timeline and the allowlist explanation, below the table. */
export function findingDetails(f: Finding): string {
  const lines = [`${f.severity} ${sanitizeForTerminal(f.title, 200)}`, `  id ${f.id} (version ${f.version})`];
  for (const m of f.modifiers) lines.push(`  raised: ${sanitizeForTerminal(m.reason, 200)}`);
  for (const e of f.timeline.slice(0, 20)) lines.push(`  ${e.time}  ${e.stage.padEnd(6)}  ${sanitizeForTerminal(e.summary, 160)}  [${sanitizeForTerminal(e.ref, 80)}]`);
  if (f.timeline.length > 20) lines.push(`  … ${f.timeline.length - 20} more`);
  for (const a of f.allowlists) lines.push(`  checked ${a.list}: ${sanitizeForTerminal(a.explanation, 200)}`);
  if (f.suppressedBy) lines.push(`  suppressed by ${sanitizeForTerminal(f.suppressedBy.owner, 60)} until ${f.suppressedBy.expires}: ${sanitizeForTerminal(f.suppressedBy.reason, 160)}`);
  return `${lines.join('\n')}\n`;
}
