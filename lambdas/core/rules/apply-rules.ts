/**
 * How a normalizer offers one parsed record to its source's registry, and how the outcomes of
 * several rules become one count per record: every rule's signals are kept; a record without a
 * signal is counted once — under the first rule's reject, else the first rule's ignore reason,
 * else the registry's no-match reason. A rule that throws costs its own verdict, not the others'.
 */
import type { Signal } from '../model/signal';
import type { RuleContext, RuleRegistry } from './rule';
import { errorMessage } from '../util/errors';

/** Where outcomes go: a Tally, or a batch's own counters (the flow-log hot path). */
export interface OutcomeSink {
  signal(signal: Signal): void;
  ignore(reason: string): void;
  reject(reason: string, ref?: string, detail?: string): void;
}

export interface RegistryReasons {
  /**
   * Why a record no rule applied to is ignored (`eks-audit:no-match`); absent when the records are
   * reductions of lines already counted (flow-log instance/IP pairs): such a record is not counted.
   */
  readonly noMatch?: string;
  /** The reject reason of a rule that throws (`eks-audit:rule-error`), detailed with the rule id. */
  readonly ruleError: string;
}

/**
 * Evaluates `record` with every rule of `rules` and counts the result into `sink`.
 * @example applyRules(EKS_AUDIT_RULES, record, ctx, tally, { noMatch: 'eks-audit:no-match', ruleError: 'eks-audit:rule-error' })
 * @returns the number of signals emitted.
 */
export function applyRules<R>(rules: RuleRegistry<R>, record: R, ctx: RuleContext, sink: OutcomeSink, reasons: RegistryReasons): number {
  let emitted = 0;
  let failed = false;
  let reject: { readonly reject: string; readonly detail?: string } | undefined;
  let ignore: string | undefined;
  for (const rule of rules) {
    try {
      const outcome = rule.evaluate(record, ctx);
      if ('signals' in outcome) {
        for (const s of outcome.signals) sink.signal(s);
        emitted += outcome.signals.length;
      } else if ('ignore' in outcome) ignore ??= outcome.ignore;
      else reject ??= outcome;
    } catch (err) {
      failed = true;
      sink.reject(reasons.ruleError, ctx.ref, `${rule.id}: ${errorMessage(err)}`);
    }
  }
  if (emitted > 0 || failed) return emitted;
  if (reject !== undefined) sink.reject(reject.reject, ctx.ref, reject.detail);
  else if (ignore !== undefined) sink.ignore(ignore);
  else if (reasons.noMatch !== undefined) sink.ignore(reasons.noMatch);
  return 0;
}
