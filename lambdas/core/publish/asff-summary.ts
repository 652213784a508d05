/**
 * The human-facing text of an AN1261 ASFF finding: Title, Description, Note (allowlist and
 * suppression explanations) and ProductFields. Every value derived from telemetry is passed
 * through safeText: it is attacker-controlled (image names, commands, pod and user names).
 */
import type { ChainStage, Finding } from '../model/finding';
import type { AsffBudget } from './asff-budget';
import { capText, isAsffTimestamp, safeText } from './asff-text';
import type { AsffNote } from './asff-types';

export const ASFF_PROVIDER_NAME = 'an1261-detector';

const TITLE_MAX = 256;
const DESCRIPTION_MAX = 1024;
const NOTE_MAX = 512;
/** Short enough that five entries, the stages and "(+N more)" leave room for the description itself. */
const TIMELINE_SUMMARY_MAX = 100;
const STAGES: readonly ChainStage[] = ['build', 'egress', 'push', 'deploy'];

const list = <T>(xs: readonly T[] | undefined): readonly T[] => (Array.isArray(xs) ? xs : []);

export function stagesOf(f: Finding): ChainStage[] {
  const present = new Set(list(f.stages));
  return STAGES.filter((s) => present.has(s));
}

/** `a, b, c (+7 more)`: at most `budget.listItems` safe items. */
function joinList(xs: readonly unknown[], budget: AsffBudget, sep = ', '): string | undefined {
  const items = [...new Set(xs.map((x) => safeText(x, budget.text)).filter((x): x is string => x !== undefined))];
  if (items.length === 0) return undefined;
  const shown = items.slice(0, budget.listItems).join(sep);
  return items.length > budget.listItems ? `${shown} (+${items.length - budget.listItems} more)` : shown;
}

function hostLabel(f: Finding): string {
  const h = f.hosts;
  const candidates = [...list(h?.instanceIds), ...list(h?.nodeNames), ...list(h?.hostnames), ...list(h?.ips), ...list(h?.pods)];
  for (const c of candidates) {
    const s = safeText(c, 64);
    if (s !== undefined) return s;
  }
  return 'unknown host';
}

/** The correlator's title, prefixed `AN1261:` when it does not say so, or one built from the chain. */
export function asffTitle(f: Finding): string {
  let title = safeText(f.title, TITLE_MAX);
  if (title === undefined) {
    const stages = stagesOf(f);
    const host = hostLabel(f);
    const then = [stages.includes('build') && stages.includes('push') ? 'pushed' : undefined, stages.includes('deploy') ? 'deployed' : undefined].filter(Boolean).join(' and ');
    const where = [safeText(f.namespace, 64), safeText(f.workload, 64)].filter(Boolean).join('/');
    title = `image ${stages.includes('build') ? `built on host ${host}` : `pushed from ${host}`}${then ? ` ${then}` : ''}${where ? ` (${where})` : ''}`;
  }
  return capText(/^AN1261\b/.test(title) ? title : `AN1261: ${title}`, TITLE_MAX);
}

/** The correlator's description, then the stages and the first timeline entries, within 1,024 characters. */
export function asffDescription(f: Finding, budget: AsffBudget): string {
  const stages = stagesOf(f);
  const timeline = list(f.timeline);
  const entries = timeline.slice(0, budget.timelineEntries).map((t) => {
    const time = safeText(t?.time, 40) ?? '?';
    const what = safeText(t?.summary, Math.min(budget.text, TIMELINE_SUMMARY_MAX)) ?? safeText(t?.kind, 16) ?? 'event';
    return `${time} ${safeText(t?.stage, 16) ?? ''}: ${what}`;
  });
  const more = timeline.length > entries.length ? ` (+${timeline.length - entries.length} more)` : '';
  const rest = [
    stages.length > 0 ? `Stages: ${stages.join(' → ')}.` : '',
    entries.length > 0 ? `Timeline: ${entries.join('; ')}${more}.` : '',
  ].filter(Boolean).join(' ');
  const room = Math.max(200, DESCRIPTION_MAX - rest.length - 1);
  const base = safeText(f.description, room) ?? 'A container image was built or pushed outside the approved build pipelines (MITRE ATT&CK T1612, analytic AN1261).';
  return capText(rest ? `${base} ${rest}` : base, DESCRIPTION_MAX);
}

/** Why nothing allowed the chain (and who suppressed it): a provider may set Note on creation only. */
export function asffNote(f: Finding, budget: AsffBudget): AsffNote | undefined {
  if (!isAsffTimestamp(f.updatedAt)) return undefined;
  const parts: string[] = [];
  const sup = f.suppressedBy;
  if (sup) {
    const who = safeText(sup.owner, 64) ?? 'unknown owner';
    parts.push(`Suppressed by ${who} until ${safeText(sup.expires, 40) ?? '?'}: ${safeText(sup.reason, budget.text) ?? 'no reason given'}.`);
  }
  const checks = list(f.allowlists)
    .slice(0, budget.listItems)
    .map((c) => {
      const name = safeText(c?.list, 64) ?? 'allowlist';
      const value = safeText(c?.value, budget.text) ?? '?';
      const why = c?.matched !== undefined ? `matched ${safeText(c.matched, budget.text) ?? '?'}` : (safeText(c?.explanation, budget.text) ?? 'no entry matched');
      return `${name} (${Number.isFinite(c?.entries) ? c.entries : '?'} entries) for ${value}: ${why}`;
    });
  if (checks.length > 0) parts.push(`Allowlists checked: ${checks.join('; ')}.`);
  if (parts.length === 0) return undefined;
  return { Text: capText(parts.join(' '), NOTE_MAX), UpdatedBy: ASFF_PROVIDER_NAME, UpdatedAt: f.updatedAt };
}

const PROTOCOLS: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 47: 'GRE', 50: 'ESP', 51: 'AH', 58: 'IPv6-ICMP', 132: 'SCTP' };

/** IANA keyword of an IP protocol number (Network.Protocol wants a name). */
export function protocolName(n: unknown): string | undefined {
  return typeof n === 'number' ? PROTOCOLS[n] : undefined;
}

/**
 * Solution-specific facts that have no ASFF field. ProviderName/ProviderVersion follow the custom
 * integration guide; the rest use the `an1261/` prefix (`aws/` is reserved, and Security Hub adds
 * a few `aws/securityhub/*` keys of its own, so this stays well under the 50-pair limit).
 */
export function asffProductFields(f: Finding, budget: AsffBudget, providerVersion?: string): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (key: string, value: unknown, max = budget.productFieldValue) => {
    const s = safeText(value, Math.min(max, 2048));
    if (s !== undefined) out[key] = s;
  };
  const timeline = list(f.timeline);
  const egress = list(f.egress);
  put('ProviderName', ASFF_PROVIDER_NAME);
  put('ProviderVersion', providerVersion);
  put('an1261/findingId', f.id, 512);
  put('an1261/version', f.version);
  put('an1261/severity', f.severity);
  put('an1261/baseSeverity', f.baseSeverity);
  put('an1261/modifiers', joinList(list(f.modifiers).map((m) => `${safeText(m?.reason, budget.text) ?? '?'} (+${m?.steps})`), budget, '; '));
  put('an1261/stages', stagesOf(f).join(','));
  put('an1261/anchor', f.anchor ? `${f.anchor.stage} ${f.anchor.signalId} at ${f.anchor.time}` : undefined);
  put('an1261/image', f.image);
  put('an1261/images', joinList(list(f.images), budget));
  put('an1261/account', f.account);
  put('an1261/accountName', f.accountName, 64);
  put('an1261/region', f.region);
  put('an1261/cluster', f.cluster);
  put('an1261/namespace', f.namespace);
  put('an1261/workload', f.workload);
  const h = f.hosts;
  put('an1261/hosts', joinList([...list(h?.instanceIds), ...list(h?.nodeNames), ...list(h?.hostnames), ...list(h?.ips)], budget));
  put('an1261/pods', joinList(list(h?.pods), budget));
  put('an1261/actors', joinList(list(f.actors), budget));
  put('an1261/registries', joinList(list(f.registries), budget));
  put('an1261/rules', joinList(timeline.map((t) => t?.rule), budget, ','));
  put('an1261/sources', joinList(timeline.map((t) => t?.source), budget, ','));
  put('an1261/timelineEntries', timeline.length);
  put('an1261/egress', joinList(egress.map((g) => `${g?.dstIp}:${g?.dstPort}/${protocolName(g?.protocol) ?? g?.protocol}`), budget));
  put('an1261/egressDestinations', egress.length);
  if (typeof f.pushToDeploySeconds === 'number' && Number.isFinite(f.pushToDeploySeconds) && f.pushToDeploySeconds >= 0) put('an1261/pushToDeploySeconds', Math.round(f.pushToDeploySeconds));
  if (f.suppressedBy) {
    const s = f.suppressedBy;
    put('an1261/suppressedBy', `${safeText(s.owner, 64) ?? '?'}: ${safeText(s.reason, budget.text) ?? '?'} (until ${safeText(s.expires, 40) ?? '?'})`);
  }
  return out;
}
