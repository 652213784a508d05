/**
 * Terminal tables for `an1261 tune`: the inventory of build activity and the proposal. Every value
 * from the logs (names, images, ARNs) is attacker-influenced: escaped with sanitizeForTerminal and
 * capped before it reaches the terminal.
 */
import { sanitizeForTerminal } from '../util/sanitize';
import type { FacetKind, Inventory } from './inventory-types';
import type { Proposal, ProposedEntry, RiskKind } from './proposal-types';

const CELL = 60;
const safe = (s: string, max = CELL): string => sanitizeForTerminal(s, max);

/** Columns padded to their widest cell (cells already sanitized). */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const RISK_LABEL: Record<RiskKind, string> = {
  'single-occurrence': 'single occurrence',
  'namespace-from-one-build': 'namespace from one build',
  'public-cidr': 'public CIDR',
  'public-compute-service': 'public compute',
  'broad-glob': 'broad glob',
};

const valueText = (v: ProposedEntry['value']): string => (typeof v === 'string' ? v : `${v.days.join(',')} ${v.start}–${v.end} ${v.timeZone}`);

function evidence(e: ProposedEntry): string {
  const c = e.covers;
  const span = c.firstSeen && c.lastSeen ? ` ${c.firstSeen.slice(0, 10)}…${c.lastSeen.slice(0, 10)}` : '';
  const base = c.detail ?? `${c.events} event${c.events === 1 ? '' : 's'}`;
  return `${base} on ${c.days} day${c.days === 1 ? '' : 's'}${span}`;
}

/** The first `n` items of each key, and how many of each were left out. */
function perKey<T extends { key: string }>(items: readonly T[], n: number): { shown: T[]; hidden: Map<string, number> } {
  const seen = new Map<string, number>();
  const shown: T[] = [];
  const hidden = new Map<string, number>();
  for (const it of items) {
    const k = (seen.get(it.key) ?? 0) + 1;
    seen.set(it.key, k);
    if (k <= n) shown.push(it);
    else hidden.set(it.key, (hidden.get(it.key) ?? 0) + 1);
  }
  return { shown, hidden };
}

/**
 * The proposal as tables (at most `rowsPerKey` rows per key, the rest counted): entries (key, value, evidence, risks), what each glob merged, the
 * candidates left out, the findings still paging and the warnings.
 * @example console.log(formatProposal(proposeConfig(inventory, current)))
 */
export function formatProposal(p: Proposal, rowsPerKey = 15): string {
  const out: string[] = [];
  out.push(`Proposed entries (seen on ≥ ${p.options.minDays} days; destinations from ≥ ${p.options.minSources} sources):`);
  const { shown, hidden } = perKey(p.entries, rowsPerKey);
  if (p.entries.length === 0) out.push('  (none)');
  else {
    out.push(
      table(
        ['key', 'value', 'evidence', 'risks'],
        shown.map((e) => [e.key, safe(valueText(e.value)), safe(evidence(e), 80), e.risks.map((r) => `⚠ ${RISK_LABEL[r.kind]}`).join(' ')]),
      ),
    );
    for (const [key, n] of hidden) out.push(`  … ${n} more ${key} entries (all in the patch)`);
  }
  for (const e of shown) {
    if (e.merged?.length) out.push(`  ${safe(valueText(e.value))} replaces ${e.merged.slice(0, 6).map((m) => safe(m)).join(', ')}${e.merged.length > 6 ? `, … (${e.merged.length})` : ''}`);
    if (e.covers.examples.length > 0) out.push(`  ${safe(valueText(e.value))} e.g. ${e.covers.examples.map((x) => safe(x)).join('; ')}`);
    for (const r of e.risks) out.push(`  ⚠ ${safe(valueText(e.value))}: ${safe(r.reason, 200)}`);
  }
  if (p.skipped.length > 0) {
    const skipped = perKey(p.skipped, rowsPerKey);
    out.push('', 'Left out:');
    out.push(table(['key', 'value', 'why'], skipped.shown.map((s) => [s.key, safe(s.value), safe(s.reason, 160)])));
    for (const [key, n] of skipped.hidden) out.push(`  … ${n} more ${key} left out`);
  }
  out.push('', `Findings covered: ${p.covered.length}; still paging: ${p.residual.length}`);
  if (p.residual.length > 0) {
    out.push(
      table(
        ['finding', 'severity', 'stages', 'anchor', 'actors', 'host'],
        p.residual.slice(0, 50).map((f) => [safe(f.id, 24), f.severity + (f.suppressed ? ' (suppressed)' : ''), f.stages.join('→'), `${f.anchor.stage} ${f.anchor.time}`, safe(f.actors.join(', ')), safe(f.hostLabel ?? f.namespace ?? '-')]),
      ),
    );
    if (p.residual.length > 50) out.push(`  … ${p.residual.length - 50} more`);
  }
  if (p.warnings.length > 0) out.push('', 'Warnings:', ...p.warnings.map((w) => `  ⚠ ${safe(w, 400)}`));
  return out.join('\n');
}

const FACET_TITLES: Record<FacetKind, string> = { principal: 'Principals', kubernetesUser: 'Kubernetes users', namespace: 'Namespaces', host: 'Hosts', tool: 'Build tools' };

/**
 * The inventory as tables: builder facets (builds, pushes, days, first/last seen, examples), the
 * most-reached destinations, the deploy rhythm and the findings.
 * @example console.log(formatInventory(inventory.snapshot()))
 */
export function formatInventory(inv: Inventory, top = 20): string {
  const out: string[] = [`Backtest ${inv.firstSeen ?? '?'} … ${inv.lastSeen ?? '?'}: ${Object.entries(inv.signals).map(([k, n]) => `${n} ${k}`).join(', ') || 'no signals'}`];
  for (const kind of Object.keys(FACET_TITLES) as FacetKind[]) {
    const rows = inv.facets[kind];
    if (rows.length === 0) continue;
    out.push('', `${FACET_TITLES[kind]} (${rows.length}):`);
    out.push(
      table(
        ['value', 'builds', 'pushes', 'days', 'first', 'last', kind === 'host' ? 'images; destinations while building' : 'images'],
        rows.slice(0, top).map((f) => [safe(f.value), String(f.builds), String(f.pushes), String(f.days.length), f.firstSeen.slice(0, 16), f.lastSeen.slice(0, 16), safe([f.images.slice(0, 2).join(', '), ...(f.destinations.length > 0 ? [f.destinations.slice(0, 3).join(', ')] : [])].join('; '))]),
      ),
    );
    if (rows.length > top) out.push(`  … ${rows.length - top} more`);
  }
  if (inv.destinations.length > 0) {
    const dests = [...inv.destinations].sort((a, b) => b.days.length - a.days.length || b.records - a.records).slice(0, top);
    out.push('', `Destinations (${inv.destinations.length}):`);
    out.push(table(['prefix', 'port', 'days', 'sources', 'records', 'service'], dests.map((d) => [d.prefix, String(d.port), String(d.days.length), `${d.sources.length}${d.sourcesOverflow ? '+' : ''}`, String(d.records), safe(d.dstService ?? '-', 24)])));
  }
  out.push('', `Deploys: ${inv.deploys.total} by people and CD tools, ${inv.deploys.byController} by controllers`);
  if (inv.deploys.total > 0) out.push(...deployRhythm(inv.deploys.histogram));
  if (inv.findings.length > 0) {
    out.push('', `Findings (${inv.findings.length}):`);
    out.push(table(['finding', 'severity', 'stages', 'actors'], inv.findings.slice(0, top).map((f) => [safe(f.id, 24), f.severity, f.stages.join('→'), safe(f.actors.join(', '))])));
  }
  const overflow = Object.entries(inv.overflow);
  if (overflow.length > 0) out.push('', `Overflow: ${overflow.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  return out.join('\n');
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * Deploys by people and CD tools, weekday × hour (UTC), one character per hour: `·` none, then
 * `1`–`9`, `+` for ten or more — the rhythm a release window is read from.
 */
export function deployRhythm(histogram: readonly (readonly number[])[]): string[] {
  const cell = (n: number) => (n === 0 ? '·' : n >= 10 ? '+' : String(n));
  return ['      0         1         2   (hour UTC)', '      012345678901234567890123', ...WEEKDAYS.map((d, i) => `  ${d} ${(histogram[i] ?? []).map(cell).join('')}  ${(histogram[i] ?? []).reduce((a, b) => a + b, 0)}`)];
}
