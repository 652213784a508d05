/** The seeded plan: rate 0 injects nothing, a seed replays, another seed differs, kinds are honoured. */
import { ATTEMPT_FAULT_KINDS, FaultPlan } from '../../chaos/fault-plan';

/** A fixed call sequence: the decisions a plan makes for it, as text. */
function decisions(plan: FaultPlan, n = 300): string[] {
  const ops: [string, string][] = [
    ['DynamoDB', 'BatchWriteItem'],
    ['SQS', 'SendMessageBatch'],
    ['SNS', 'Publish'],
    ['DynamoDB', 'Query'],
  ];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const [s, o] = ops[i % ops.length]!;
    out.push(`${s}.${o}:${plan.callFault(s, o) ?? '-'}/${plan.attemptFault(s, o) ?? '-'}`);
  }
  return out;
}

describe('FaultPlan', () => {
  it('injects nothing at rate 0', () => {
    const plan = new FaultPlan({ seed: 1, rate: 0 });
    expect(decisions(plan).every((d) => d.endsWith(':-/-'))).toBe(true);
    expect(plan.injected()).toEqual({});
    expect(plan.total()).toBe(0);
  });

  it('gives the same faults for the same seed and call sequence, other faults for another seed', () => {
    const a = decisions(new FaultPlan({ seed: 42, rate: 0.3 }));
    expect(decisions(new FaultPlan({ seed: 42, rate: 0.3 }))).toEqual(a);
    expect(decisions(new FaultPlan({ seed: 43, rate: 0.3 }))).not.toEqual(a);
    expect(a.some((d) => !d.endsWith(':-/-'))).toBe(true);
  });

  it('draws each operation from its own stream: interleaving other operations changes nothing', () => {
    const alone = new FaultPlan({ seed: 7, rate: 0.5 });
    const mixed = new FaultPlan({ seed: 7, rate: 0.5 });
    const seq = (p: FaultPlan, noise: boolean) =>
      Array.from({ length: 50 }, () => {
        if (noise) p.attemptFault('SNS', 'Publish');
        return p.attemptFault('DynamoDB', 'Query') ?? '-';
      });
    expect(seq(mixed, true)).toEqual(seq(alone, false));
  });

  it('always injects at rate 1, only the kinds asked for, call faults only where the operation has them', () => {
    const plan = new FaultPlan({ seed: 3, rate: 1, kinds: ['timeout', 'partial-batch'] });
    for (let i = 0; i < 50; i++) {
      expect(plan.attemptFault('SQS', 'SendMessageBatch')).toBe('timeout');
      expect(plan.callFault('SQS', 'SendMessageBatch')).toBe('partial-batch');
      expect(plan.callFault('SQS', 'ReceiveMessage')).toBeUndefined();
      expect(plan.callFault('SNS', 'Publish')).toBeUndefined();
    }
    const all = new FaultPlan({ seed: 3, rate: 1 });
    const seen = new Set(Array.from({ length: 200 }, () => all.attemptFault('SNS', 'Publish')));
    expect([...seen].sort()).toEqual([...ATTEMPT_FAULT_KINDS].sort());
    expect(all.callFault('SNS', 'Publish')).toBe('publish-error');
  });

  it('counts by service.operation.kind', () => {
    const plan = new FaultPlan({ seed: 1, rate: 1 });
    plan.record('SNS', 'Publish', 'throttling');
    plan.record('SNS', 'Publish', 'throttling');
    plan.record('DynamoDB', 'BatchWriteItem', 'partial-batch');
    expect(plan.injected()).toEqual({ 'DynamoDB.BatchWriteItem.partial-batch': 1, 'SNS.Publish.throttling': 2 });
    expect(plan.total()).toBe(3);
  });

  it('refuses a rate outside [0, 1], a fractional seed, an unknown kind', () => {
    expect(() => new FaultPlan({ seed: 1, rate: 1.5 })).toThrow(RangeError);
    expect(() => new FaultPlan({ seed: 1.5, rate: 0.1 })).toThrow(RangeError);
    expect(() => new FaultPlan({ seed: 1, rate: 0.1, kinds: ['meteor' as never] })).toThrow(RangeError);
  });
});
