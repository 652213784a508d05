/**
 * Counted reasons of the flow-log normalizer (the rule's own are FLOW_IGNORE in the rule file),
 * and their per-batch counter: lines are dropped by the hundred thousand, so counts are kept in
 * plain fields and handed to the Tally once per batch.
 */
import type { Tally } from '../../model/normalize-result';
import { FLOW_IGNORE, type FlowIgnoreReason } from '../../rules/vpc-flow/untrusted-egress.rule';

/** Reasons of the parsing steps (the rule's own reasons are in FLOW_IGNORE). */
export const FLOW_PARSE = {
  /** Rejects: the line could not be read. */
  invalidJson: 'vpc-flow:invalid-json',
  notAFlowLine: 'vpc-flow:not-a-flow-line',
  fieldCount: 'vpc-flow:field-count',
  invalidFormat: 'vpc-flow:invalid-format',
  invalidHeader: 'vpc-flow:invalid-header',
  invalidNumber: 'vpc-flow:invalid-number',
  invalidAddress: FLOW_IGNORE.invalidAddress,
  /** Ignores: read fine, nothing to judge. */
  header: 'vpc-flow:header',
  /** A record of control characters only (empty and whitespace lines are no records). */
  blankLine: 'vpc-flow:blank-line',
  noAddress: 'vpc-flow:no-address',
  noTime: 'vpc-flow:no-time',
} as const;

export type IgnoreReason = FlowIgnoreReason | typeof FLOW_PARSE.header | typeof FLOW_PARSE.blankLine | typeof FLOW_PARSE.noAddress | typeof FLOW_PARSE.noTime;

const REASONS: readonly IgnoreReason[] = [...Object.values(FLOW_IGNORE), FLOW_PARSE.header, FLOW_PARSE.blankLine, FLOW_PARSE.noAddress, FLOW_PARSE.noTime];

const KNOWN: ReadonlySet<string> = new Set(REASONS);

export class IgnoreCounts {
  private readonly counts: Record<IgnoreReason, number> = Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<IgnoreReason, number>;

  add(reason: IgnoreReason): void {
    this.counts[reason]++;
  }

  /** Counts a rule's reason; one not listed here (a new rule's) goes to `tally` at once. */
  addRuleReason(reason: string, tally: Tally): void {
    if (KNOWN.has(reason)) this.counts[reason as IgnoreReason]++;
    else tally.ignore(reason);
  }

  /** Adds the non-zero counts to the tally and resets them. */
  flush(tally: Tally): void {
    for (const reason of REASONS) {
      const n = this.counts[reason];
      if (n > 0) tally.ignore(reason, n);
      this.counts[reason] = 0;
    }
  }
}
