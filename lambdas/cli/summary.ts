/** Human summary of a run on stderr: records read, signals by kind, rejects and ignores by reason. */
import type { Tally } from '../core/model/normalize-result';
import { sanitizeForTerminal } from '../core/util/sanitize';

/** Reasons and samples come from the input (file names, log lines): every one is escaped for the terminal. */
export function formatTallySummary(t: Tally): string {
  const s = t.summary();
  const lines = [`records read: ${s.records}`, `signals: ${Object.entries(s.signals).map(([k, v]) => `${k}=${v}`).join(' ')}`];
  const rej = Object.entries(s.rejected);
  lines.push(`rejected: ${rej.length === 0 ? 'none' : rej.reduce((n, [, v]) => n + v, 0)}`);
  for (const [k, v] of rej) lines.push(`  ${sanitizeForTerminal(k, 120)}: ${v}`);
  for (const r of t.rejectSamples.slice(0, 10)) {
    const detail = r.detail ? ` (${sanitizeForTerminal(r.detail, 100)})` : '';
    lines.push(`    e.g. ${sanitizeForTerminal(r.ref ?? '?', 200)} ${sanitizeForTerminal(r.reason, 120)}${detail}`);
  }
  const ign = Object.entries(s.ignored);
  if (ign.length > 0) {
    lines.push(`ignored: ${ign.reduce((n, [, v]) => n + v, 0)}`);
    for (const [k, v] of ign) lines.push(`  ${sanitizeForTerminal(k, 120)}: ${v}`);
  }
  if (t.dropped.size > 0) {
    lines.push(`values dropped (record read, value unusable): ${[...t.dropped.values()].reduce((n, v) => n + v, 0)}`);
    for (const [k, v] of [...t.dropped].sort()) lines.push(`  ${sanitizeForTerminal(k, 120)}: ${v}`);
  }
  if (s.skipData > 0) lines.push(`WARNING: ${s.skipData} flow-log SKIPDATA record(s): AWS could not capture some traffic in those intervals`);
  return `${lines.join('\n')}\n`;
}
