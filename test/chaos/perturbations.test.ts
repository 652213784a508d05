/** Seeded perturbations: duplicates, reorders and mid-batch crashes, counted, at-least-once, and reproducible from the seed. */
import type { CloudWatchLogsEvent, KinesisStreamEvent, SQSEvent } from 'aws-lambda';
import { SimClock } from '../../chaos/clock';
import { Rng } from '../../chaos/rng';
import { CloudWatchLogsAsyncSimulator } from '../../chaos/triggers/cloudwatch-logs-async';
import { KinesisEsmSimulator } from '../../chaos/triggers/kinesis-esm';
import type { Perturbations } from '../../chaos/triggers/perturbations';
import { FLOW_LOGS_KINESIS } from '../../chaos/triggers/settings';
import { SqsEsmSimulator } from '../../chaos/triggers/sqs-esm';
import { decodeAwslogs, fake, kinesisText, payload } from './fakes';

const CHAOS: Perturbations = { duplicate: 0.2, reorder: 0.3, reorderWindowMs: 60_000, crash: 0.2 };
const bodies = (n: number) => Array.from({ length: n }, (_, i) => `m${String(i).padStart(3, '0')}`);

async function sqsRun(seed: number) {
  const seen: string[] = [];
  const f = fake<SQSEvent, undefined>((e) => {
    for (const r of e.Records) seen.push(r.body);
    return undefined;
  });
  const clock = new SimClock();
  const sim = new SqsEsmSimulator({ handler: f.handler, rng: new Rng(seed), clock, perturbations: CHAOS });
  sim.deliver(...bodies(200));
  await sim.run();
  return { sim, seen, trace: clock.trace, requestIds: f.calls.map((c) => c.context.awsRequestId) };
}

describe('perturbations', () => {
  it('same seed → same schedule, same deliveries, same summary; another seed → another schedule', async () => {
    const a = await sqsRun(42);
    const b = await sqsRun(42);
    const c = await sqsRun(43);
    expect(b.trace).toEqual(a.trace);
    expect(b.seen).toEqual(a.seen);
    expect(b.requestIds).toEqual(a.requestIds);
    expect(b.sim.summary()).toEqual(a.sim.summary());
    expect(c.seen).not.toEqual(a.seen);
  });

  it('SQS: duplicates, reorders and crashes are counted; every message is handled at least once; crashes redeliver', async () => {
    const { sim, seen } = await sqsRun(7);
    const s = sim.summary();
    expect(s.duplicatesInjected).toBeGreaterThan(0);
    expect(s.reorders).toBeGreaterThan(0);
    expect(s.crashes).toBeGreaterThan(0);
    // At least once: nothing lost (no handler failures, so nothing dead-lettered unless crashed 5 times).
    const dead = new Set(s.deadLetters.map((d) => d.payload.body));
    for (const b of bodies(200)) expect(seen.includes(b) || dead.has(b)).toBe(true);
    // Duplicates and crash redeliveries show up as extra handler calls.
    expect(seen.length).toBeGreaterThanOrEqual(200 + s.duplicatesInjected);
    expect(sim.invocations.filter((i) => i.outcome === 'crash')).toHaveLength(s.crashes);
    // Reordered: the handler did not see the bodies in send order.
    expect(seen.slice(0, 200)).not.toEqual(bodies(200));
  });

  it('a crash runs the handler (its work happens) but the invocation fails: the batch comes back (SQS)', async () => {
    const work: string[] = [];
    const f = fake<SQSEvent, undefined>((e) => {
      work.push(...e.Records.map((r) => r.body));
      return undefined;
    });
    const sim = new SqsEsmSimulator({ handler: f.handler, rng: new Rng(1), perturbations: { duplicate: 0, reorder: 0, reorderWindowMs: 0, crash: 1 } });
    sim.deliver('a');
    await sim.run();
    // Crashes every time: 5 receives (maxReceiveCount from lib/), work done 5 times, then the DLQ.
    expect(work).toEqual(['a', 'a', 'a', 'a', 'a']);
    expect(sim.summary()).toMatchObject({ crashes: 5, deadLettered: 1 });
    expect(sim.invocations.every((i) => i.outcome === 'crash')).toBe(true);
  });

  it('CWL async: a crashed invocation is retried like an error; duplicates reach the handler twice', async () => {
    const f = fake<CloudWatchLogsEvent, void>(() => undefined);
    const sim = new CloudWatchLogsAsyncSimulator({ handler: f.handler, rng: new Rng(3), perturbations: CHAOS });
    const payloads = Array.from({ length: 40 }, (_, i) => payload(`p${i}`));
    sim.deliver(...payloads);
    await sim.run();
    const s = sim.summary();
    expect(s.crashes).toBeGreaterThan(0);
    expect(s.duplicatesInjected).toBeGreaterThan(0);
    expect(s.invocations).toBe(f.calls.length);
    const handled = new Set(f.calls.map((c) => decodeAwslogs(c.event).logEvents[0]!.id));
    const dead = new Set(s.deadLetters.map((d) => decodeAwslogs(d.payload).logEvents[0]!.id));
    for (const p of payloads) expect(handled.has(p.logEvents[0]!.id) || dead.has(p.logEvents[0]!.id)).toBe(true);
    expect(f.calls.length).toBeGreaterThanOrEqual(40 + s.duplicatesInjected);
  });

  it('Kinesis: perturbations never reorder within a shard; crashes bisect and retry; nothing is lost', async () => {
    const seen: string[] = [];
    const f = fake<KinesisStreamEvent, undefined>((e) => {
      seen.push(...e.Records.map(kinesisText));
      return undefined;
    });
    const sim = new KinesisEsmSimulator({ handler: f.handler, rng: new Rng(5), perturbations: { ...CHAOS, crash: 0.3 }, settings: { ...FLOW_LOGS_KINESIS, batchSize: 10 } });
    const words = bodies(100);
    sim.deliver(...words);
    await sim.run();
    const s = sim.summary();
    expect(s.crashes).toBeGreaterThan(0);
    // Per shard in order: the first time each record is seen follows sequence order.
    const firstSeen = [...new Set(seen)];
    expect(firstSeen).toEqual(words.filter((w) => firstSeen.includes(w)));
    const dead = new Set(s.deadLetters.flatMap((d) => d.payload.map(kinesisText)));
    for (const w of words) expect(seen.includes(w) || dead.has(w)).toBe(true);
  });
});
