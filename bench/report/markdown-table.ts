/** The figures as a markdown table: figure, value, target, met. */
import type { Figure } from './figure';

function formatValue(f: Figure): string {
  if (f.missing) return 'MISSING';
  if (f.value === null) return 'n/a';
  const v = f.value;
  const abs = Math.abs(v);
  const text = v === 0 ? '0' : abs >= 1000 ? Math.round(v).toLocaleString('en-US') : abs >= 100 ? v.toFixed(0) : abs >= 1 ? v.toFixed(2) : v.toPrecision(2);
  return f.unit ? `${text} ${f.unit}` : text;
}

function metText(f: Figure): string {
  if (f.met === null) return '—';
  return f.met ? 'yes' : '**NO**';
}

export function markdownTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => `| ${f.figure}${f.note ? ` (${f.note})` : ''} | ${formatValue(f)} | ${f.target || '—'} | ${metText(f)} |`);
  return ['| Figure | Value | Target | Met? |', '|---|---:|---|---|', ...rows].join('\n');
}
