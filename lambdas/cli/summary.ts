/** Human summary of a run on stderr: records read, signals by kind, rejects and ignores by reason. */
import type { Tally } from '../core/model/normalize-result';

export function formatTallySummary(t: Tally): string {
  const s = t.summary();
  const lines = [`records read: ${s.records}`, `signals: ${Object.entries(s.signals).map(([k, v]) => `${k}=${v}`).join(' ')}`];
  const rej = Object.entries(s.rejected);
  lines.push(`rejected: ${rej.length === 0 ? 'none' : rej.reduce((n, [, v]) => n + v, 0)}`);
  for (const [k, v] of rej) lines.push(`  ${k}: ${v}`);
  for (const r of t.rejectSamples.slice(0, 10)) lines.push(`    e.g. ${r.ref ?? '?'} ${r.reason}${r.detail ? ` (${r.detail.slice(0, 100)})` : ''}`);
  const ign = Object.entries(s.ignored);
  if (ign.length > 0) {
    lines.push(`ignored: ${ign.reduce((n, [, v]) => n + v, 0)}`);
    for (const [k, v] of ign) lines.push(`  ${k}: ${v}`);
  }
  if (s.skipData > 0) lines.push(`WARNING: ${s.skipData} flow-log SKIPDATA record(s): AWS could not capture some traffic in those intervals`);
  return `${lines.join('\n')}\n`;
}
