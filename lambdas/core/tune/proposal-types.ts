/**
 * What `proposeConfig` returns: the entries it proposes with their evidence and risks, the findings
 * they would cover and those that would still page, and the JSON Patch that applies them.
 */
import type { JsonPatchOp } from './json-patch';
import type { InventoryFinding } from './inventory-types';

export type ProposedKey =
  | 'approvedBuilders.principals'
  | 'approvedBuilders.hosts'
  | 'approvedBuilders.kubernetesUsers'
  | 'approvedBuilders.namespaces'
  | 'registryAllowList'
  | 'trustedDestinations.cidrs'
  | 'releaseWindows';

export type RiskKind = 'single-occurrence' | 'namespace-from-one-build' | 'public-cidr' | 'public-compute-service' | 'broad-glob';

export interface Risk {
  kind: RiskKind;
  reason: string;
}

export interface ProposedEntry {
  key: ProposedKey;
  /** A string for lists of globs/CIDRs; a release window object for `releaseWindows`. */
  value: string | { days: string[]; start: string; end: string; timeZone: string };
  covers: {
    /** Events (builds/pushes, flow records, deploys) the entry covers. */
    events: number;
    /** Distinct UTC days of them. */
    days: number;
    firstSeen: string;
    lastSeen: string;
    /** At most 3 image or signal summaries (raw: escape before display). */
    examples: string[];
    /** Free text: `covers 412 of 430 deploys`, `from 14 sources` … */
    detail?: string;
  };
  /** The members a glob or CIDR replaced. */
  merged?: string[];
  risks: Risk[];
}

/** A candidate that was considered and left out, with why (shown so nobody adds it by hand). */
export interface SkippedCandidate {
  key: ProposedKey;
  value: string;
  reason: string;
}

export interface Proposal {
  options: { minDays: number; minSources: number };
  entries: ProposedEntry[];
  skipped: SkippedCandidate[];
  /** Findings of the run the proposal does not cover: they would still page. */
  residual: InventoryFinding[];
  /** Ids of the findings the proposal covers (every anchor approved by the proposed builders). */
  covered: string[];
  /** RFC 6902 JSON Patch against the user's raw config. */
  patch: JsonPatchOp[];
  /** The raw config with the patch applied (validated by parseConfig). */
  config: unknown;
  /** Problems of the current config or of the backtest (trusted services covering public compute, overflow). */
  warnings: string[];
}
