/**
 * What an ECR rule decided for one record. Unlike Rule.evaluate (signals only), it also says why a
 * record gave no signal, so the normalizer counts every record under a reason.
 */
import type { Tally } from '../../model/normalize-result';
import type { Signal } from '../../model/signal';

export type RuleOutcome =
  | { readonly signal: Signal }
  /** Read fine, not a push: counted by reason. */
  | { readonly ignore: string }
  /** Not readable as the record it claims to be: counted by reason with a sample. */
  | { readonly reject: string; readonly detail?: string };

export function signalsOf(outcome: RuleOutcome): Signal[] {
  return 'signal' in outcome ? [outcome.signal] : [];
}

export function recordOutcome(outcome: RuleOutcome, ref: string, tally: Tally): void {
  if ('signal' in outcome) tally.signal(outcome.signal);
  else if ('ignore' in outcome) tally.ignore(outcome.ignore);
  else tally.reject(outcome.reject, ref, outcome.detail);
}
