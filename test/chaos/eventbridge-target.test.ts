/** EventBridge rule target: retry policy (8 attempts, 2 h from lib/) and DLQ; a Lambda target is then an async invoke. */
import { SimClock } from '../../chaos/clock';
import { Rng } from '../../chaos/rng';
import { type AnyEventBridgeEvent, EventBridgeTargetSimulator } from '../../chaos/triggers/eventbridge-target';
import { EVENTBRIDGE_TARGET } from '../../chaos/triggers/settings';
import { fake } from './fakes';

const T0 = Date.UTC(2026, 10, 2);
const ecrPush = (id: string): AnyEventBridgeEvent => ({
  version: '0',
  id,
  'detail-type': 'ECR Image Action',
  source: 'aws.ecr',
  account: '111122223333',
  time: '2026-11-02T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { 'action-type': 'PUSH', result: 'SUCCESS', 'repository-name': 'app', 'image-tag': 'v1' },
});

describe('EventBridge target', () => {
  it('delivers the event to the Lambda target once when all is well', async () => {
    const f = fake<AnyEventBridgeEvent, void>(() => undefined);
    const sim = new EventBridgeTargetSimulator({ target: { kind: 'lambda', handler: f.handler }, rng: new Rng(1) });
    sim.deliver(ecrPush('e1'));
    await sim.run();
    expect(f.calls.map((c) => c.event.id)).toEqual(['e1']);
    expect(sim.summary()).toMatchObject({ invocations: 1, retries: 0, deadLettered: 0 });
  });

  it('a target that cannot be reached is retried 8 times (retryPolicy from lib/) with growing backoff, then the event goes to the DLQ', async () => {
    const f = fake<AnyEventBridgeEvent, void>(() => undefined);
    const attempts: number[] = [];
    const clock = new SimClock(T0);
    const sim = new EventBridgeTargetSimulator({
      target: { kind: 'lambda', handler: f.handler },
      rng: new Rng(1),
      clock,
      deliveryFails: (_e, n) => {
        attempts.push(clock.now - T0);
        return n >= 1;
      },
    });
    sim.deliver(ecrPush('e1'));
    await sim.run();
    expect(attempts).toHaveLength(1 + EVENTBRIDGE_TARGET.retryAttempts);
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    expect(gaps[gaps.length - 1]!).toBeGreaterThan(gaps[0]!);
    expect(f.calls).toHaveLength(0);
    const s = sim.summary();
    expect(s).toMatchObject({ invocations: 0, retries: 8, deadLettered: 1 });
    expect(s.deadLetters[0]).toMatchObject({ destination: 'dlq', reason: 'RetriesExhausted', payload: ecrPush('e1') });
  });

  it('a transient delivery failure is retried and then invokes the function', async () => {
    const f = fake<AnyEventBridgeEvent, void>(() => undefined);
    const sim = new EventBridgeTargetSimulator({ target: { kind: 'lambda', handler: f.handler }, rng: new Rng(1), deliveryFails: (_e, n) => n <= 2 });
    sim.deliver(ecrPush('e1'));
    await sim.run();
    expect(f.calls).toHaveLength(1);
    expect(sim.summary()).toMatchObject({ retries: 2, deadLettered: 0 });
  });

  it('the event stops being retried at maxEventAge (2 h) even with attempts left', async () => {
    const sim = new EventBridgeTargetSimulator({
      target: { kind: 'put', put: () => Promise.reject(new Error('KMS.DisabledException')) },
      rng: new Rng(1),
      settings: { ...EVENTBRIDGE_TARGET, retryAttempts: 185, backoffCapMs: 30 * 60_000 },
    });
    sim.deliver(ecrPush('e1'));
    await sim.run();
    const s = sim.summary();
    expect(s.deadLettered).toBe(1);
    expect(s.deadLetters[0]!.reason).toBe('MaximumEventAgeExceeded');
    expect(s.invocations).toBeLessThan(185);
  });

  it('a function error follows Lambda async retries (3 invocations) and the on-failure destination, not the target DLQ', async () => {
    const f = fake<AnyEventBridgeEvent, void>(() => {
      throw new Error('boom');
    });
    const sim = new EventBridgeTargetSimulator({ target: { kind: 'lambda', handler: f.handler }, rng: new Rng(1) });
    sim.deliver(ecrPush('e1'));
    await sim.run();
    expect(f.calls).toHaveLength(3);
    expect(sim.summary().deadLetters.map((d) => [d.destination, d.reason])).toEqual([['on-failure', 'RetriesExhausted']]);
  });

  it('a put target (the object-intake queue) that throws is retried, then dead-lettered with the event', async () => {
    const put = jest.fn(() => {
      throw new Error('AccessDenied');
    });
    const sim = new EventBridgeTargetSimulator({ target: { kind: 'put', put }, rng: new Rng(1) });
    sim.deliver(ecrPush('e1'));
    await sim.run();
    expect(put).toHaveBeenCalledTimes(9);
    expect(sim.summary()).toMatchObject({ invocations: 9, retries: 8, deadLettered: 1 });
    expect(sim.summary().deadLetters[0]!.awsRecord).toMatchObject({ body: ecrPush('e1'), attributes: { ERROR_MESSAGE: 'Error: AccessDenied' } });
  });
});
