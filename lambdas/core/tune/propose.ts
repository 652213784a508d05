/**
 * `an1261 tune`'s proposal: from the inventory of a backtest and the user's current config, the
 * allowlist entries that cover the recurring, approved-looking activity (never the one-off), the
 * findings they would cover and those that would still page, and the JSON Patch that applies them.
 */
import { configWarnings, formatConfigWarning } from '../model/config-warnings';
import { type Config, parseConfig } from '../model/config';
import { EventApproval, findingCovered } from './event-approval';
import { type JsonPatchOp, applyJsonPatch, listAppendOps } from './json-patch';
import type { Inventory, InventoryEvent } from './inventory-types';
import { proposeBuilders } from './propose-builders';
import { proposeDestinations, proposeRegistries } from './propose-destinations';
import type { Proposal, ProposedEntry } from './proposal-types';
import { proposeReleaseWindow } from './release-windows';
import { isJsonObject } from '../util/json-object';

export interface ProposeOptions {
  /** Distinct UTC days an identity or destination must be seen on to be proposed. Default 3. */
  minDays?: number;
  /** Distinct sources a destination must be reached from. Default 3. */
  minSources?: number;
  /**
   * Propose destinations flow logs label AMAZON, EC2, CLOUDFRONT … (address space any AWS customer
   * can run a server in), marked `public-compute-service`. Default false: they are left out.
   */
  trustPublicCompute?: boolean;
  /**
   * Propose `trustedDestinations.cidrs` at all. Default false: once the recurring builders are
   * approved, their destinations no longer matter, and trusting public address space hides it from
   * every other build too. The recurring destinations are then listed as left out, with why.
   */
  trustDestinations?: boolean;
}

/** Recurring destinations listed as left out when destinations are not proposed. */
const MAX_UNPROPOSED_DESTINATIONS = 10;

type BuilderList = keyof Config['approvedBuilders'];

/** `config` with the proposed approvedBuilders entries appended. */
function withBuilders(config: Config, entries: readonly ProposedEntry[]): Config {
  const a = config.approvedBuilders;
  const add = (list: BuilderList) => [...a[list], ...entries.filter((e) => e.key === `approvedBuilders.${list}`).map((e) => String(e.value))];
  return { ...config, approvedBuilders: { principals: add('principals'), hosts: add('hosts'), kubernetesUsers: add('kubernetesUsers'), namespaces: add('namespaces') } };
}


/**
 * The JSON Patch adding `entries` to `raw` (entries already in a list are left out). A raw config
 * that is not an object (no file: undefined) is first replaced by `{}`.
 * @example proposalPatch({}, [{ key: 'approvedBuilders.namespaces', value: 'ci', … }]) // [{ op: 'add', path: '/approvedBuilders', value: { namespaces: ['ci'] } }]
 */
export function proposalPatch(raw: unknown, entries: readonly ProposedEntry[]): JsonPatchOp[] {
  const ops: JsonPatchOp[] = [];
  let doc: unknown = raw;
  if (!isJsonObject(raw)) {
    ops.push({ op: 'add', path: '', value: {} });
    doc = {};
  }
  const byKey = new Map<string, unknown[]>();
  for (const e of entries) byKey.set(e.key, [...(byKey.get(e.key) ?? []), e.value]);
  for (const [key, values] of byKey) {
    const keys = key.split('.');
    const existing = keys.reduce<unknown>((node, k) => (isJsonObject(node) ? node[k] : undefined), doc);
    const present = Array.isArray(existing) ? existing.map((v) => JSON.stringify(v)) : [];
    const keyOps = listAppendOps(doc, keys, values.filter((v) => !present.includes(JSON.stringify(v))));
    // Later keys see the objects earlier ones created (`/approvedBuilders` once, then `/approvedBuilders/namespaces`).
    doc = applyJsonPatch(doc, keyOps);
    ops.push(...keyOps);
  }
  return ops;
}

/**
 * Proposes allowlists for a backtest. `current.raw` is the user's file as parsed (undefined when
 * there is none), `current.config` the same through parseConfig. Throws ConfigError when the patched
 * file would not validate, RangeError for bad options.
 * @example
 * const p = proposeConfig(inventory.snapshot(), { raw: JSON.parse(text), config: parseConfig(JSON.parse(text)) });
 * console.log(formatProposal(p)); // p.config is the new file's content
 */
export function proposeConfig(inventory: Inventory, current: { raw: unknown; config: Config }, options: ProposeOptions = {}): Proposal {
  const minDays = options.minDays ?? 3;
  const minSources = options.minSources ?? 3;
  if (!Number.isInteger(minDays) || minDays < 1) throw new RangeError(`minDays must be a whole number ≥ 1 (got ${minDays})`);
  if (!Number.isInteger(minSources) || minSources < 1) throw new RangeError(`minSources must be a whole number ≥ 1 (got ${minSources})`);

  const builders = proposeBuilders(inventory, new EventApproval(current.config, inventory.instanceIps), minDays);
  const proposed = new EventApproval(withBuilders(current.config, builders.entries), inventory.instanceIps);
  const byId = new Map<string, InventoryEvent>(inventory.events.map((e) => [e.id, e]));
  const covered: string[] = [];
  const residual: Inventory['findings'] = [];
  for (const f of inventory.findings) {
    if (findingCovered(f, byId, proposed)) covered.push(f.id);
    else residual.push(f);
  }
  const destinations = proposeDestinations(inventory, current.config, residual, { minDays, minSources, trustPublicCompute: options.trustPublicCompute ?? false });
  const registries = proposeRegistries(inventory, current.config, minDays);
  const window = current.config.releaseWindows.length === 0 ? proposeReleaseWindow(inventory) : undefined;
  const trusted = options.trustDestinations ? destinations.entries : [];
  const unproposed = options.trustDestinations
    ? []
    : destinations.entries.slice(0, MAX_UNPROPOSED_DESTINATIONS).map((e) => ({
        key: e.key,
        value: String(e.value),
        reason: `recurring (${e.covers.detail ?? `${e.covers.events} records`}), not proposed: trusting public address space hides it from every build; --trust-destinations proposes it`,
      }));
  const entries = [...builders.entries, ...registries, ...trusted, ...(window ? [window] : [])];

  const patch = proposalPatch(current.raw, entries);
  const config = applyJsonPatch(current.raw, patch);
  parseConfig(config, 'proposed config');

  const warnings = configWarnings(current.config)
    .filter((w) => /(^|\.)trustedDestinations\.awsServices/.test(w.key))
    .map(formatConfigWarning);
  for (const [what, n] of Object.entries(inventory.overflow)) warnings.push(`the backtest overflowed the inventory's ${what} cap: ${n} left out, so the proposal may miss activity`);
  if (builders.memberAccountEvents > 0) {
    warnings.push(`${builders.memberAccountEvents} unapproved builds or pushes belong to member accounts whose overrides replace approvedBuilders: nothing is proposed for them (edit accounts.members[].overrides.approvedBuilders)`);
  }
  if (!options.trustDestinations && destinations.entries.length > MAX_UNPROPOSED_DESTINATIONS) warnings.push(`${destinations.entries.length} recurring destinations were not proposed (${MAX_UNPROPOSED_DESTINATIONS} listed as left out); --trust-destinations proposes them`);
  return { options: { minDays, minSources }, entries, skipped: [...unproposed, ...destinations.skipped], residual, covered, patch, config, warnings };
}
