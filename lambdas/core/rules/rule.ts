/**
 * The rule contract every source honours: a detection rule is one small file `<id>.rule.ts` whose
 * `evaluate` decides what one parsed record of its source is — signals, an ignore reason or a
 * reject — with `<id>.events.json` beside it (positive and negative raw events, replayed by
 * test/core/rules/rule-events.test.ts through the real normalizers). Each `rules/<source>/index.ts`
 * lists its rules in a registry (`<RECORD>_RULES`); the source's normalizer offers every record to
 * its registry through `applyRules` and never calls a rule by name.
 *
 * Dependency direction: `sources/` imports `rules/` (registries, this contract, the gates), and
 * `rules/` never imports `sources/` (eslint.config.mjs enforces it). The records rules read are in
 * `lambdas/core/records/` (parsed audit events, pod specs, dockerd API calls, ECR fields, flow
 * records), which imports neither. Why this way round: a normalizer needs the contract and the
 * registry to drive the rules, so sources → rules is the one edge that cannot be removed; a rule
 * needs only the shape of a parsed record, which is a vocabulary, not a normalizer. Rules stay
 * pure decisions over records; decoding envelopes and batching lines stay in sources.
 *
 * The two hidden gates — filters that drop events before any rule sees them — are named in
 * ./gates and re-exported here, so that a new rule's positive events are tested against them.
 */
import type { BatchContext } from '../model/batch';
import type { Signal, SourceKind } from '../model/signal';

export { auditPreFilter, EKS_AUDIT_FILTER_PATTERN } from './gates';

export interface RuleMeta {
  /** Kebab-case, equal to the file name without `.rule.ts`. */
  id: string;
  source: SourceKind;
  /** One line for people: what the rule sees. */
  title: string;
  /** Why it matters for AN1261 / T1612. */
  description: string;
}

/**
 * What a rule decided for one record:
 *  - `signals`: the signals it raises; none (`NO_SIGNAL`) when the rule does not apply and has no
 *    reason of its own to give (the registry then counts the record under its no-match reason);
 *  - `ignore`: read fine, not relevant, counted in `Tally.ignored` by reason;
 *  - `reject`: not readable as the record it claims to be, counted in `Tally.rejected` with a sample.
 * Outcomes are read-only, so a rule may return one shared object for a fixed reason (the flow-log
 * hot path allocates no outcome for the records it ignores).
 */
export type RuleOutcome =
  | { readonly signals: readonly Signal[] }
  | { readonly ignore: string }
  | { readonly reject: string; readonly detail?: string };

/** A rule evaluated on one parsed record of its source. */
export interface Rule<R> extends RuleMeta {
  evaluate(record: R, ctx: RuleContext): RuleOutcome;
}

/** The rules of one record type, in evaluation order. */
export type RuleRegistry<R> = ReadonlyArray<Rule<R>>;

export interface RuleContext extends BatchContext {
  /** Reference of the source record. */
  ref: string;
  /** Counts a value of the record the rule could not use (e.g. `dockerd:invalid-image-reference`). */
  drop?(reason: string): void;
}

/** The rule does not apply and gives no reason (shared, never mutated). */
export const NO_SIGNAL: RuleOutcome = Object.freeze({ signals: Object.freeze([]) as readonly Signal[] });

/** The signals outcome; `NO_SIGNAL` when there are none. */
export function signalsOutcome(...signals: Signal[]): RuleOutcome {
  return signals.length === 0 ? NO_SIGNAL : { signals };
}
