/** SQS event source mapping: batches, visibility timeout, batchItemFailures, ApproximateReceiveCount, redrive to the DLQ, DLQ redrive. */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { SimClock } from '../../chaos/clock';
import { Rng } from '../../chaos/rng';
import { FINDINGS_SQS, OBJECT_INTAKE_SQS } from '../../chaos/triggers/settings';
import { SqsEsmSimulator } from '../../chaos/triggers/sqs-esm';
import { fake } from './fakes';

type Response = SQSBatchResponse | undefined;
const bodies = (e: SQSEvent) => e.Records.map((r) => r.body);
const T0 = Date.UTC(2026, 10, 2);
const fail = (e: SQSEvent, ...which: string[]): SQSBatchResponse => ({ batchItemFailures: e.Records.filter((r) => which.includes(r.body)).map((r) => ({ itemIdentifier: r.messageId })) });

describe('SQS event source mapping', () => {
  it('gathers up to batchSize messages after the batching window', async () => {
    const f = fake<SQSEvent, Response>(() => undefined);
    const sim = new SqsEsmSimulator({ handler: f.handler, rng: new Rng(1), clock: new SimClock(T0), settings: OBJECT_INTAKE_SQS });
    sim.deliver(...Array.from({ length: 25 }, (_, i) => `m${i}`));
    await sim.run();
    expect(f.calls.map((c) => c.event.Records.length)).toEqual([10, 10, 5]);
    expect(sim.invocations[0]!.at - T0).toBe(OBJECT_INTAKE_SQS.maxBatchingWindowMs);
    expect(f.calls[0]!.event.Records[0]).toMatchObject({ eventSource: 'aws:sqs', attributes: { ApproximateReceiveCount: '1' } });
    expect(sim.summary()).toMatchObject({ invocations: 3, deadLettered: 0, queueDepth: 0 });
  });

  it('only the messages in batchItemFailures come back, after the visibility timeout', async () => {
    const f = fake<SQSEvent, Response>((e, n) => (n === 1 ? fail(e, 'b') : undefined));
    const sim = new SqsEsmSimulator({ handler: f.handler, rng: new Rng(1), clock: new SimClock(T0) });
    sim.deliver('a', 'b', 'c');
    await sim.run();
    expect(f.calls.map((c) => bodies(c.event))).toEqual([['a', 'b', 'c'], ['b']]);
    expect(sim.invocations[1]!.at - sim.invocations[0]!.at).toBe(FINDINGS_SQS.visibilityTimeoutMs);
    expect(f.calls[1]!.event.Records[0]!.attributes.ApproximateReceiveCount).toBe('2');
    expect(sim.summary()).toMatchObject({ retries: 1, deadLettered: 0, queueDepth: 0 });
  });

  it('a thrown error returns the whole batch', async () => {
    const f = fake<SQSEvent, Response>((_e, n) => {
      if (n === 1) throw new Error('Security Hub throttled');
      return undefined;
    });
    const sim = new SqsEsmSimulator({ handler: f.handler, rng: new Rng(1) });
    sim.deliver('a', 'b');
    await sim.run();
    expect(f.calls.map((c) => bodies(c.event))).toEqual([['a', 'b'], ['a', 'b']]);
  });

  it('an unknown itemIdentifier returns the whole batch', async () => {
    const f = fake<SQSEvent, Response>((_e, n) => (n === 1 ? { batchItemFailures: [{ itemIdentifier: 'nope' }] } : undefined));
    const sim = new SqsEsmSimulator({ handler: f.handler, rng: new Rng(1) });
    sim.deliver('a', 'b');
    await sim.run();
    expect(f.calls.map((c) => bodies(c.event))).toEqual([['a', 'b'], ['a', 'b']]);
  });

  it('a message failing maxReceiveCount (3) times lands in the DLQ, and nothing else does', async () => {
    const f = fake<SQSEvent, Response>((e) => fail(e, 'poison'));
    const sim = new SqsEsmSimulator({ handler: f.handler, rng: new Rng(1), settings: { ...FINDINGS_SQS, maxReceiveCount: 3 } });
    sim.deliver('a', 'poison', 'c');
    await sim.run();
    const poisonCounts = f.calls.flatMap((c) => c.event.Records.filter((r) => r.body === 'poison').map((r) => r.attributes.ApproximateReceiveCount));
    expect(poisonCounts).toEqual(['1', '2', '3']);
    const s = sim.summary();
    expect(s).toMatchObject({ deadLettered: 1, dlqDepth: 1, queueDepth: 0 });
    expect(s.deadLetters[0]).toMatchObject({ destination: 'dlq', reason: 'maxReceiveCount', payload: { body: 'poison', receiveCount: 3 } });
  });

  it('the app settings: maxReceiveCount 5 from lib/ means 5 receives', async () => {
    const f = fake<SQSEvent, Response>(() => {
      throw new Error('down');
    });
    const sim = new SqsEsmSimulator({ handler: f.handler, rng: new Rng(1), settings: OBJECT_INTAKE_SQS });
    sim.deliver('x');
    await sim.run();
    expect(sim.summary()).toMatchObject({ invocations: 5, retries: 4, deadLettered: 1 });
  });

  it('redrive() moves DLQ messages back to the source queue, where they are received again', async () => {
    let broken = true;
    const f = fake<SQSEvent, Response>((e) => (broken ? fail(e, 'poison') : undefined));
    const sim = new SqsEsmSimulator({ handler: f.handler, rng: new Rng(1), settings: { ...FINDINGS_SQS, maxReceiveCount: 2 } });
    sim.deliver({ body: 'poison', messageAttributes: { kind: { dataType: 'String', stringValue: 'finding' } } }, 'ok');
    await sim.run();
    const dead = sim.dlqMessages()[0]!;
    broken = false;
    expect(sim.redrive()).toBe(1);
    expect(sim.dlqMessages()).toHaveLength(0);
    await sim.run();
    const last = f.calls.at(-1)!.event.Records;
    expect(last.map((r) => [r.body, r.messageId, r.attributes.ApproximateReceiveCount])).toEqual([['poison', dead.messageId, '1']]);
    expect(last[0]!.messageAttributes).toEqual({ kind: { dataType: 'String', stringValue: 'finding' } });
    expect(sim.summary()).toMatchObject({ dlqDepth: 0, queueDepth: 0, deadLettered: 1 });
  });
});
