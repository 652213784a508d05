/**
 * approvedBuilders proposals: the builds (and host-naming pushes) the current config does not
 * approve, covered greedily by recurring facet values (seen on ≥ minDays days), globs and CIDRs
 * only where several recurring members share them. The one-off stays uncovered.
 */
import { CidrSet, isCidrOrAddress } from '../util/cidr';
import { globMatch } from '../util/glob';
import { type EventApproval, canAnchor, eventHostIdentities } from './event-approval';
import { type Generalization, MIN_STEM, hostCidrs, principalGlobs, serviceAccountGlobs } from './generalize';
import { holdsPublicAddresses } from '../model/config-warnings';
import type { Inventory, InventoryEvent } from './inventory-types';
import type { ProposedEntry, Risk } from './proposal-types';

type BuilderKey = 'approvedBuilders.principals' | 'approvedBuilders.kubernetesUsers' | 'approvedBuilders.hosts' | 'approvedBuilders.namespaces';

interface Candidate {
  key: BuilderKey;
  value: string;
  /** Indices (into the pending events) it matches. */
  events: number[];
  generalization?: Generalization;
  /** Values of its facet it matches that are not recurring on their own (globs and CIDRs only). */
  oneOffs: string[];
}

/** Ties go to the narrower kind: principals, Kubernetes users and hosts before namespaces. */
const RANK: Record<BuilderKey, number> = { 'approvedBuilders.principals': 0, 'approvedBuilders.kubernetesUsers': 0, 'approvedBuilders.hosts': 0, 'approvedBuilders.namespaces': 1 };

/** The facet values of an event, by the allowlist that could name them (no host for a build in a pod). */
function valuesOf(e: InventoryEvent, instanceIps: Inventory['instanceIps']): Array<[BuilderKey, string]> {
  const ids = eventHostIdentities(e, instanceIps);
  const out: Array<[BuilderKey, string]> = [];
  if (e.principal) out.push(['approvedBuilders.principals', e.principal]);
  if (e.kubernetesUser) out.push(['approvedBuilders.kubernetesUsers', e.kubernetesUser]);
  if (e.namespace) out.push(['approvedBuilders.namespaces', e.namespace]);
  // A pod's node is shared by every pod scheduled there: approving it would approve them all.
  if (!e.host?.podNamespace) for (const h of new Set([...ids.instanceIds, ...ids.ips, ...ids.names])) out.push(['approvedBuilders.hosts', h]);
  return out;
}

const daysOf = (events: readonly InventoryEvent[], idx: readonly number[]): Set<string> => new Set(idx.map((i) => events[i]!.day));

export interface BuilderProposal {
  entries: ProposedEntry[];
  /** The events that could page under the current config (member accounts with their own approvedBuilders aside). */
  pending: number;
  /** Events that could page but are judged by a member account's own approvedBuilders: not proposed for. */
  memberAccountEvents: number;
}

/**
 * Proposes approvedBuilders entries for `inventory` given the current approval.
 * @example proposeBuilders(inventory, new EventApproval(config, inventory.instanceIps), 3).entries
 */
export function proposeBuilders(inventory: Inventory, current: EventApproval, minDays: number): BuilderProposal {
  const unapproved = inventory.events.filter((e) => canAnchor(e) && !current.approved(e));
  // Events a member account's own approvedBuilders judge: a top-level entry would not reach them.
  const pending = unapproved.filter((e) => !current.hasOwnBuilders(e));
  // Facet value → the pending events naming it.
  const index = new Map<string, { key: BuilderKey; value: string; events: number[] }>();
  pending.forEach((e, i) => {
    for (const [key, value] of valuesOf(e, inventory.instanceIps)) {
      const k = `${key}\u0000${value}`;
      const entry = index.get(k) ?? { key, value, events: [] };
      entry.events.push(i);
      index.set(k, entry);
    }
  });
  // A value that would not stand for itself as an entry (a `*` or `?` in it is a glob; a host name
  // the schema refuses) is never proposed.
  const all = [...index.values()].filter((c) => usable(c.key, c.value));
  const recurring = all.filter((c) => daysOf(pending, c.events).size >= minDays);
  const candidates: Candidate[] = recurring.map((c) => ({ ...c, oneOffs: [] }));

  const generalize = (key: BuilderKey, gens: Generalization[], matches: (pattern: string, value: string) => boolean) => {
    for (const g of gens) {
      const matched = all.filter((c) => c.key === key && matches(g.value, c.value));
      const events = [...new Set(matched.flatMap((c) => c.events))].sort((a, b) => a - b);
      const recurringValues = new Set(recurring.filter((c) => c.key === key).map((c) => c.value));
      candidates.push({ key, value: g.value, events, generalization: g, oneOffs: matched.map((c) => c.value).filter((v) => !recurringValues.has(v)) });
    }
  };
  const recurringOf = (key: BuilderKey) => recurring.filter((c) => c.key === key).map((c) => c.value);
  generalize('approvedBuilders.principals', principalGlobs(recurringOf(key('principals'))), globMatch);
  generalize('approvedBuilders.kubernetesUsers', serviceAccountGlobs(recurringOf(key('kubernetesUsers'))), globMatch);
  generalize('approvedBuilders.hosts', hostCidrs(recurringOf(key('hosts')).filter(isCidrOrAddress)), (cidr, v) => isCidrOrAddress(v) && new CidrSet([cidr]).contains(v));

  const covered = new Uint8Array(pending.length);
  const chosen: Candidate[] = [];
  for (;;) {
    let best: Candidate | undefined;
    let bestGain = 0;
    for (const c of candidates) {
      const gain = c.events.reduce((n, i) => n + (covered[i] ? 0 : 1), 0);
      if (gain === 0) continue;
      if (!best || gain > bestGain || (gain === bestGain && better(c, best))) {
        best = c;
        bestGain = gain;
      }
    }
    if (!best) break;
    for (const i of best.events) covered[i] = 1;
    chosen.push(best);
  }
  return { entries: chosen.map((c) => entryOf(c, pending)), pending: pending.length, memberAccountEvents: unapproved.length - pending.length };
}

const key = (k: 'principals' | 'kubernetesUsers' | 'hosts'): BuilderKey => `approvedBuilders.${k}`;

/** Tie-break: narrower kind, then an exact value before a glob, then by value. */
function better(a: Candidate, b: Candidate): boolean {
  if (RANK[a.key] !== RANK[b.key]) return RANK[a.key] < RANK[b.key];
  if (!!a.generalization !== !!b.generalization) return !a.generalization;
  if (a.key === 'approvedBuilders.hosts' && hostOrder(a.value) !== hostOrder(b.value)) return hostOrder(a.value) < hostOrder(b.value);
  return a.value < b.value;
}

const HOST_NAME = /^[\w.-]+$/;
const usable = (key: BuilderKey, value: string): boolean =>
  value.length > 0 && value.length <= 256 && !/[*?]/.test(value) && (key !== 'approvedBuilders.hosts' || isCidrOrAddress(value) || HOST_NAME.test(value));

/** For one host: its instance id (stable) before its names, before its IPs (reused by other hosts later). */
const hostOrder = (v: string): number => (/^i-[0-9a-f]{8,17}$/.test(v) ? 0 : isCidrOrAddress(v) ? 2 : 1);

function entryOf(c: Candidate, pending: readonly InventoryEvent[]): ProposedEntry {
  const events = c.events.map((i) => pending[i]!);
  const times = events.map((e) => e.time).sort();
  const examples = [...new Set(events.map((e) => e.image ?? `${e.kind} by ${e.principal ?? e.kubernetesUser ?? '?'} on ${e.hostLabel ?? '?'}`))].slice(0, 3);
  const risks: Risk[] = [];
  if (events.length === 1) risks.push({ kind: 'single-occurrence', reason: 'covers a single build or push' });
  const builds = events.filter((e) => e.kind === 'build').length;
  if (c.key === 'approvedBuilders.namespaces' && builds <= 1) risks.push({ kind: 'namespace-from-one-build', reason: `approves every build in namespace ${c.value}, from ${builds} build` });
  if (c.key === 'approvedBuilders.hosts' && isCidrOrAddress(c.value) && holdsPublicAddresses(c.value)) risks.push({ kind: 'public-cidr', reason: `${c.value} holds public addresses` });
  const g = c.generalization;
  if (g && g.stem !== '' && g.stem.replace(/[-/:._]$/, '').length < MIN_STEM) risks.push({ kind: 'broad-glob', reason: `the stem "${g.stem}" is short: the glob matches any name starting with it` });
  if (c.oneOffs.length > 0) risks.push({ kind: 'broad-glob', reason: `also matches ${c.oneOffs.length} value(s) seen on fewer days: ${c.oneOffs.slice(0, 3).join(', ')}` });
  return {
    key: c.key,
    value: c.value,
    covers: { events: events.length, days: new Set(events.map((e) => e.day)).size, firstSeen: times[0]!, lastSeen: times[times.length - 1]!, examples },
    ...(g ? { merged: [...g.members, ...c.oneOffs] } : {}),
    risks,
  };
}
