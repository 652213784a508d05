/** Kinesis event source mapping: in order per shard, ReportBatchItemFailures, bisect on error, retries, record age, on-failure. */
import { gunzipSync } from 'node:zlib';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { HOUR, MINUTE } from '../../chaos/clock';
import { Rng } from '../../chaos/rng';
import { KinesisEsmSimulator } from '../../chaos/triggers/kinesis-esm';
import { FLOW_LOGS_KINESIS } from '../../chaos/triggers/settings';
import { fake, kinesisText, payload } from './fakes';

type Response = KinesisStreamBatchResponse | undefined;
const texts = (e: KinesisStreamEvent) => e.Records.map(kinesisText);
const words = (n: number) => Array.from({ length: n }, (_, i) => `r${i + 1}`);

describe('Kinesis event source mapping', () => {
  it('builds records as a CWL → Kinesis subscription writes them (gzipped payload, shard:sequence event id)', async () => {
    const f = fake<KinesisStreamEvent, Response>(() => undefined);
    const sim = new KinesisEsmSimulator({ handler: f.handler, rng: new Rng(1) });
    sim.deliver(payload('a'));
    await sim.run();
    const r = f.calls[0]!.event.Records[0]!;
    expect(JSON.parse(gunzipSync(Buffer.from(r.kinesis.data, 'base64')).toString('utf8'))).toEqual(payload('a'));
    expect(r.eventID).toBe(`shardId-000000000000:${r.kinesis.sequenceNumber}`);
    expect(r.eventSource).toBe('aws:kinesis');
  });

  it('reads batches of batchSize (500 from lib/) in sequence order', async () => {
    const f = fake<KinesisStreamEvent, Response>(() => undefined);
    const sim = new KinesisEsmSimulator({ handler: f.handler, rng: new Rng(1) });
    sim.deliver(...words(1200));
    await sim.run();
    expect(f.calls.map((c) => c.event.Records.length)).toEqual([500, 500, 200]);
    expect(f.calls.flatMap((c) => texts(c.event))).toEqual(words(1200));
    expect(sim.summary()).toMatchObject({ invocations: 3, retries: 0, recordsDelivered: 1200, deadLettered: 0 });
  });

  it('ReportBatchItemFailures at record 3 of 5 redelivers 3..5, not 1..2', async () => {
    const f = fake<KinesisStreamEvent, Response>((e, n) => (n === 1 ? { batchItemFailures: [{ itemIdentifier: e.Records[2]!.kinesis.sequenceNumber }] } : undefined));
    const sim = new KinesisEsmSimulator({ handler: f.handler, rng: new Rng(1) });
    sim.deliver(...words(5));
    await sim.run();
    expect(f.calls.map((c) => texts(c.event))).toEqual([words(5), ['r3', 'r4', 'r5']]);
    expect(sim.invocations.map((i) => i.outcome)).toEqual(['partial', 'ok']);
    expect(sim.summary()).toMatchObject({ retries: 1, deadLettered: 0 });
  });

  it('with several reported failures the lowest sequence number is the checkpoint', async () => {
    const f = fake<KinesisStreamEvent, Response>((e, n) =>
      n === 1 ? { batchItemFailures: [{ itemIdentifier: e.Records[3]!.kinesis.sequenceNumber }, { itemIdentifier: e.Records[1]!.kinesis.sequenceNumber }] } : undefined,
    );
    const sim = new KinesisEsmSimulator({ handler: f.handler, rng: new Rng(1) });
    sim.deliver(...words(5));
    await sim.run();
    expect(texts(f.calls[1]!.event)).toEqual(['r2', 'r3', 'r4', 'r5']);
  });

  it('an unknown itemIdentifier fails the whole batch', async () => {
    const f = fake<KinesisStreamEvent, Response>((_e, n) => (n === 1 ? { batchItemFailures: [{ itemIdentifier: 'not-a-sequence-number' }] } : undefined));
    const sim = new KinesisEsmSimulator({ handler: f.handler, rng: new Rng(1), settings: { ...FLOW_LOGS_KINESIS, bisectBatchOnError: false } });
    sim.deliver(...words(4));
    await sim.run();
    expect(f.calls.map((c) => texts(c.event))).toEqual([words(4), words(4)]);
  });

  it('bisects a thrown batch in halves until the poison record is isolated, retries it 3 times, sends only it to on-failure', async () => {
    const f = fake<KinesisStreamEvent, Response>((e) => {
      if (texts(e).includes('r6')) throw new Error('poison');
      return undefined;
    });
    const sim = new KinesisEsmSimulator({ handler: f.handler, rng: new Rng(1) });
    sim.deliver(...words(8));
    await sim.run();
    expect(f.calls.map((c) => texts(c.event))).toEqual([
      words(8),
      ['r1', 'r2', 'r3', 'r4'],
      ['r5', 'r6', 'r7', 'r8'],
      ['r5', 'r6'],
      ['r5'],
      ['r6'], // isolated: the first attempt and 3 retries (retryAttempts 3 from lib/)
      ['r6'],
      ['r6'],
      ['r6'],
      ['r7', 'r8'],
    ]);
    const s = sim.summary();
    expect(s.deadLettered).toBe(1);
    const dl = s.deadLetters[0]!;
    expect(dl).toMatchObject({ destination: 'on-failure', reason: 'RetryAttemptsExhausted' });
    expect(dl.payload.map(kinesisText)).toEqual(['r6']);
    expect(dl.awsRecord).toMatchObject({ KinesisBatchInfo: { shardId: 'shardId-000000000000', batchSize: 1, startSequenceNumber: dl.ids[0], endSequenceNumber: dl.ids[0] } });
    // Every other record succeeded exactly once, in order.
    const succeeded = sim.invocations.filter((i) => i.outcome === 'ok').flatMap((i) => i.ids);
    expect(succeeded).toEqual([...succeeded].sort());
    expect(succeeded).toHaveLength(7);
  });

  it('without bisect a thrown batch is retried whole, retryAttempts times, then goes to on-failure whole', async () => {
    const f = fake<KinesisStreamEvent, Response>(() => {
      throw new Error('down');
    });
    const sim = new KinesisEsmSimulator({ handler: f.handler, rng: new Rng(1), settings: { ...FLOW_LOGS_KINESIS, bisectBatchOnError: false } });
    sim.deliver(...words(3));
    await sim.run();
    expect(sim.summary()).toMatchObject({ invocations: 4, retries: 3, deadLettered: 1 });
    expect(sim.summary().deadLetters[0]!.payload.map(kinesisText)).toEqual(words(3));
  });

  it('a failing batch blocks its shard: later records wait, in order', async () => {
    const f = fake<KinesisStreamEvent, Response>((e, n) => {
      if (n <= 2) throw new Error('down');
      return undefined;
    });
    const sim = new KinesisEsmSimulator({ handler: f.handler, rng: new Rng(1), settings: { ...FLOW_LOGS_KINESIS, batchSize: 2, bisectBatchOnError: false } });
    sim.deliver(...words(4));
    await sim.run();
    expect(f.calls.map((c) => texts(c.event))).toEqual([['r1', 'r2'], ['r1', 'r2'], ['r1', 'r2'], ['r3', 'r4']]);
  });

  it('records older than maxRecordAge (1 h) are discarded to on-failure as RecordAgeExceeded', async () => {
    const f = fake<KinesisStreamEvent, Response>(() => {
      throw new Error('down');
    });
    const sim = new KinesisEsmSimulator({ handler: f.handler, rng: new Rng(1), retryDelayMs: 25 * MINUTE, settings: { ...FLOW_LOGS_KINESIS, bisectBatchOnError: false, retryAttempts: -1 } });
    sim.deliver(...words(2));
    await sim.run();
    expect(FLOW_LOGS_KINESIS.maxRecordAgeMs).toBe(HOUR);
    // 0, 25, 50 min: invoked; at 75 min the records are too old.
    expect(sim.summary()).toMatchObject({ invocations: 3, deadLettered: 1 });
    expect(sim.summary().deadLetters[0]!.reason).toBe('RecordAgeExceeded');
    expect(Math.max(...sim.invocations.at(-1)!.agesMs)).toBe(50 * MINUTE);
  });

  it('an on-failure entry replays: its records put again are read again', async () => {
    let broken = true;
    const f = fake<KinesisStreamEvent, Response>(() => {
      if (broken) throw new Error('down');
      return undefined;
    });
    const sim = new KinesisEsmSimulator({ handler: f.handler, rng: new Rng(1) });
    sim.deliver('only');
    await sim.run();
    broken = false;
    for (const r of sim.summary().deadLetters[0]!.payload) sim.deliverData(r.kinesis.data, r.kinesis.partitionKey);
    await sim.run();
    expect(sim.invocations.at(-1)).toMatchObject({ outcome: 'ok' });
    expect(texts(f.calls.at(-1)!.event)).toEqual(['only']);
  });
});
