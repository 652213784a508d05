/** How the doctor report is shown: an aligned table with each fix under its row, or JSON (`--json`). */
import { sanitizeForTerminal } from '../../core/util/sanitize';
import type { DoctorReport } from './run-doctor';

const s = (v: string, max: number) => sanitizeForTerminal(v, max);

export function formatDoctorTable(r: DoctorReport): string {
  const head = `an1261 doctor · account ${r.account ?? '?'} · ${r.region} · ${s(r.caller ?? 'unknown caller', 160)} · ${r.generatedAt.replace(/\.\d{3}Z$/, 'Z')}`;
  const rows = r.checks.map((c) => ({ status: c.status, id: c.id, subject: s(c.subject, 44), evidence: s(c.evidence, 600), fix: c.fix ? s(c.fix, 900) : undefined }));
  const idW = Math.max('CHECK'.length, ...rows.map((x) => x.id.length));
  const subW = Math.max('SUBJECT'.length, ...rows.map((x) => x.subject.length));
  const line = (a: string, b: string, c: string, d: string) => `${a.padEnd(6)}  ${b.padEnd(idW)}  ${c.padEnd(subW)}  ${d}`.trimEnd();
  const out = [head, '', line('STATUS', 'CHECK', 'SUBJECT', 'EVIDENCE')];
  const indent = ' '.repeat(8);
  for (const x of rows) {
    out.push(line(x.status, x.id, x.subject, x.evidence));
    if (x.fix) out.push(`${indent}fix: ${x.fix}`);
  }
  if (r.notes && r.notes.length > 0) {
    out.push('', 'NOTES (not failures): what Security Lake’s OCSF records lose, so signals that need it are not produced');
    for (const n of r.notes) out.push(`NOTE    ${s(n.subject, 20)}  ${s(n.text, 900)}`);
  }
  out.push('', `${r.checks.length} check${r.checks.length === 1 ? '' : 's'}: ${r.summary.PASS} PASS, ${r.summary.WARN} WARN, ${r.summary.FAIL} FAIL (exit ${r.exitCode})`);
  return `${out.join('\n')}\n`;
}

export function formatDoctorJson(r: DoctorReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
