/**
 * The flow-log normalizer's side of the rule contract: each flow record that passed the column
 * checks is offered to FLOW_RULES, and the outcomes go where a batch of flow logs counts them —
 * egress signals into the batch's aggregator (one signal per host, destination, port, protocol and
 * bucket), ignore reasons into the per-batch counters, rejects and other signals into the tally.
 * One instance per batch, reused for every record: no allocation per record beyond the rules' own.
 */
import type { BatchContext } from '../../model/batch';
import type { Tally } from '../../model/normalize-result';
import type { Signal } from '../../model/signal';
import type { FlowRecord } from '../../records/vpc-flow/flow-record';
import { applyRules, type OutcomeSink } from '../../rules/apply-rules';
import type { RuleContext } from '../../rules/rule';
import { FLOW_RULES } from '../../rules/vpc-flow';
import { EgressAggregator } from '../../rules/vpc-flow/egress-aggregator';
import type { IgnoreCounts } from './flow-reasons';

const FLOW_REASONS = { noMatch: 'vpc-flow:no-match', ruleError: 'vpc-flow:unexpected-error' } as const;

export class FlowOutcomes implements OutcomeSink {
  private readonly egress = new EgressAggregator();
  private readonly ctx: RuleContext;
  private flow: FlowRecord | undefined;

  constructor(
    ctx: BatchContext,
    private readonly tally: Tally,
    private readonly ignored: IgnoreCounts,
  ) {
    this.ctx = { ...ctx, ref: '' };
  }

  /** Offers `flow` (read from the record `ref`) to every flow rule. */
  evaluate(flow: FlowRecord, ref: string): void {
    this.flow = flow;
    this.ctx.ref = ref;
    applyRules(FLOW_RULES, flow, this.ctx, this, FLOW_REASONS);
  }

  signal(s: Signal): void {
    if (s.kind === 'egress' && this.flow !== undefined) this.egress.add(s, this.flow);
    else this.tally.signal(s);
  }

  ignore(reason: string): void {
    this.ignored.addRuleReason(reason, this.tally);
  }

  reject(reason: string, ref?: string, detail?: string): void {
    this.tally.reject(reason, ref, detail);
  }

  /** Emits the batch's summed egress signals into the tally. */
  flush(): void {
    this.egress.flush((s) => this.tally.signal(s));
  }
}
