/**
 * Suppressions: known, accepted activity with an owner, a reason and an expiry. An unexpired
 * suppression whose every `match` field matches the chain silences its notification (the
 * finding is still recorded, with Workflow SUPPRESSED); an expired one no longer applies and the
 * finding says so.
 */
import type { Config } from '../model/config';
import type { AllowlistCheck, Finding } from '../model/finding';
import { globMatch } from '../util/glob';

type Suppression = Config['suppressions'][number];
type MatchField = keyof Suppression['match'];

/** The values of a finding a suppression can match, each field possibly several values. */
function valuesOf(f: Finding, field: MatchField): string[] {
  switch (field) {
    case 'namespace':
      return f.namespace ? [f.namespace] : [];
    case 'cluster':
      return f.cluster ? [f.cluster] : [];
    case 'host':
      return [...f.hosts.instanceIds, ...f.hosts.ips, ...f.hosts.nodeNames, ...f.hosts.hostnames, ...f.hosts.pods];
    case 'image':
      return f.images;
    case 'actor':
      return f.actors;
    case 'account':
      return f.account ? [f.account] : [];
  }
}

function matches(s: Suppression, f: Finding): boolean {
  return (Object.entries(s.match) as Array<[MatchField, string | undefined]>).every(
    ([field, pattern]) => pattern === undefined || valuesOf(f, field).some((v) => globMatch(pattern, v)),
  );
}

/** Expiry as epoch ms: a bare date expires at the end of that day (UTC). */
export function expiryMs(expires: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(expires) ? Date.parse(`${expires}T23:59:59.999Z`) : Date.parse(expires);
}

export interface SuppressionResult {
  active?: Suppression;
  checks: AllowlistCheck[];
}

export function applySuppressions(f: Finding, suppressions: Config['suppressions'], nowMs: number): SuppressionResult {
  const checks: AllowlistCheck[] = [];
  let active: Suppression | undefined;
  suppressions.forEach((s, i) => {
    const label = Object.entries(s.match).map(([k, v]) => `${k}=${v}`).join(',');
    if (!matches(s, f)) return;
    const expired = expiryMs(s.expires) <= nowMs;
    checks.push({
      list: `suppressions[${i}]`,
      value: label,
      entries: 1,
      ...(expired ? {} : { matched: label }),
      explanation: expired
        ? `suppression by ${s.owner} (${s.reason}) matches but expired on ${s.expires}: it no longer applies`
        : `suppressed by ${s.owner} until ${s.expires}: ${s.reason}`,
    });
    if (!expired && !active) active = s;
  });
  if (suppressions.length > 0 && checks.length === 0) {
    checks.push({ list: 'suppressions', value: 'chain', entries: suppressions.length, explanation: `none of the ${suppressions.length} suppressions matches this chain` });
  }
  return { ...(active ? { active } : {}), checks };
}
