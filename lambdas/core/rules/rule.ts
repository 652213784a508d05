/**
 * A detection rule: one small file `<id>.rule.ts` deciding which parsed source records become
 * which Signals, with `<id>.events.json` beside it (positive and negative raw events, replayed by
 * test/core/rules/rule-events.test.ts through the real normalizers).
 */
import type { BatchContext } from '../model/batch';
import type { Signal, SourceKind } from '../model/signal';

export interface RuleMeta {
  /** Kebab-case, equal to the file name without `.rule.ts`. */
  id: string;
  source: SourceKind;
  /** One line for people: what the rule sees. */
  title: string;
  /** Why it matters for AN1261 / T1612. */
  description: string;
}

/** A rule evaluated on one parsed record of its source. Returns no signal when it does not apply. */
export interface Rule<R> extends RuleMeta {
  evaluate(record: R, ctx: RuleContext): Signal[];
}

export interface RuleContext extends BatchContext {
  /** Reference of the source record. */
  ref: string;
  /** Counts a value of the record the rule could not use (e.g. `dockerd:invalid-image-reference`). */
  drop?(reason: string): void;
}
