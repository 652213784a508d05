/** CloudWatch Logs subscription → Lambda: asynchronous invokes, 2 retries (1 min, 2 min), then the on-failure destination. */
import { CloudWatchLogsAsyncSimulator } from '../../chaos/triggers/cloudwatch-logs-async';
import { HOUR, MINUTE, SimClock } from '../../chaos/clock';
import { Rng } from '../../chaos/rng';
import { CWL_ASYNC } from '../../chaos/triggers/settings';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { decodeAwslogs, fake, payload } from './fakes';

const T0 = Date.UTC(2026, 10, 2);

describe('CloudWatch Logs subscription (async invoke)', () => {
  it('delivers the gzip+base64 awslogs payload the handlers decode', async () => {
    const f = fake<CloudWatchLogsEvent, void>(() => undefined);
    const sim = new CloudWatchLogsAsyncSimulator({ handler: f.handler, rng: new Rng(1) });
    sim.deliver(payload('a', ['x', 'y']));
    await sim.run();
    expect(f.calls).toHaveLength(1);
    expect(decodeAwslogs(f.calls[0]!.event)).toEqual(payload('a', ['x', 'y']));
    expect(f.calls[0]!.context.functionName).toBe(CWL_ASYNC.functionName);
    expect(sim.summary()).toMatchObject({ invocations: 1, retries: 0, deadLettered: 0 });
  });

  it('a handler that always throws runs 3 times (t, +1 min, +2 min more), then the event goes to the on-failure destination', async () => {
    const f = fake<CloudWatchLogsEvent, void>(() => {
      throw new Error('DynamoDB unavailable');
    });
    const sim = new CloudWatchLogsAsyncSimulator({ handler: f.handler, rng: new Rng(1), clock: new SimClock(T0) });
    sim.deliver(payload('a'));
    await sim.run();
    expect(sim.invocations.map((i) => [i.at - T0, i.attempt, i.outcome])).toEqual([
      [0, 1, 'error'],
      [1 * MINUTE, 2, 'error'],
      [3 * MINUTE, 3, 'error'],
    ]);
    const s = sim.summary();
    expect(s).toMatchObject({ invocations: 3, retries: 2, deadLettered: 1 });
    const dl = s.deadLetters[0]!;
    expect(dl).toMatchObject({ destination: 'on-failure', reason: 'RetriesExhausted' });
    // The original event, so a redrive can replay it.
    expect(decodeAwslogs(dl.payload)).toEqual(payload('a'));
    expect(dl.awsRecord).toMatchObject({ requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 }, responsePayload: { errorMessage: 'Error: DynamoDB unavailable' } });
  });

  it('a transient failure is retried once and nothing reaches the on-failure destination', async () => {
    const f = fake<CloudWatchLogsEvent, void>((_e, n) => {
      if (n === 1) throw new Error('throttled');
    });
    const sim = new CloudWatchLogsAsyncSimulator({ handler: f.handler, rng: new Rng(1) });
    sim.deliver(payload('a'));
    await sim.run();
    expect(sim.summary()).toMatchObject({ invocations: 2, retries: 1, deadLettered: 0 });
  });

  it('an on-failure entry replays: the redriven event succeeds once the fault is gone', async () => {
    let broken = true;
    const f = fake<CloudWatchLogsEvent, void>(() => {
      if (broken) throw new Error('down');
    });
    const sim = new CloudWatchLogsAsyncSimulator({ handler: f.handler, rng: new Rng(1) });
    sim.deliver(payload('a'));
    await sim.run();
    broken = false;
    sim.deliverEvents(...sim.summary().deadLetters.map((d) => d.payload));
    await sim.run();
    expect(sim.invocations.at(-1)!.outcome).toBe('ok');
    expect(decodeAwslogs(f.calls.at(-1)!.event)).toEqual(payload('a'));
  });

  it('an event older than maxEventAge (1 h) is discarded to the on-failure destination as EventAgeExceeded', async () => {
    const f = fake<CloudWatchLogsEvent, void>(() => {
      throw new Error('down');
    });
    const sim = new CloudWatchLogsAsyncSimulator({ handler: f.handler, rng: new Rng(1), settings: { ...CWL_ASYNC, retryDelaysMs: [50 * MINUTE, 50 * MINUTE] } });
    sim.deliver(payload('a'));
    await sim.run();
    expect(CWL_ASYNC.maxEventAgeMs).toBe(HOUR);
    expect(sim.summary()).toMatchObject({ invocations: 2, deadLettered: 1 });
    expect(sim.summary().deadLetters[0]!.reason).toBe('EventAgeExceeded');
  });
});
