/**
 * IngestPipeline under hostile input: signals with unbelievable times are rejected before state
 * (one guard for every source, counted, not counted as emitted), and a fault caused by one record's
 * content loses that record only; infrastructure faults still throw.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Correlator, CorrelationStats } from '../../../lambdas/core/correlate/correlator';
import type { DecodedBatch } from '../../../lambdas/core/envelopes/decoded-batch';
import { parseConfig } from '../../../lambdas/core/model/config';
import { Tally } from '../../../lambdas/core/model/normalize-result';
import { compileSettings } from '../../../lambdas/core/model/settings';
import type { Signal } from '../../../lambdas/core/model/signal';
import { type Clock, IngestPipeline, timeFault } from '../../../lambdas/core/pipeline/ingest';
import * as normalizeModule from '../../../lambdas/core/sources/normalize-source';
import { build, egress } from '../../support/chain-signals';

const NOW = Date.parse('2026-11-02T02:25:00.000Z');
const settings = compileSettings(parseConfig({}));
const STATS: CorrelationStats = { signals: 0, tooLate: 0, itemsWritten: 0, chainsEvaluated: 0, findingsEmitted: 0, conflicts: 0 };

/** The sample dockerd lines, on a host that is not an approved builder. */
function dockerdLines(): string[] {
  return readFileSync(join(__dirname, '../../../samples/logs/ci-runner-dockerd.log'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('dockerd['))
    .map((l) => l.replaceAll('ip-10-0-200-17', 'ip-10-0-1-23'));
}

function hostBatch(lines: string[]): DecodedBatch {
  return {
    source: 'dockerd',
    ctx: { logGroup: '/ec2/docker/dev', logStream: 'i-0a1b2c3d4e5f60718', account: '111122223333', region: 'us-east-1' },
    records: lines.map((data, i) => ({ data, ref: `cwl:/ec2/docker/dev/i-0a1b2c3d4e5f60718#e${i}` })),
  };
}

/** A correlator that records what it is given; `fail(signals)` may throw instead. */
function fakeCorrelator(fail: (signals: readonly Signal[]) => void = () => undefined) {
  const seen: Signal[] = [];
  const correlator = {
    process: async (signals: readonly Signal[]) => {
      fail(signals);
      seen.push(...signals);
      return { findings: [], updates: [], unchanged: [], stats: { ...STATS, signals: signals.length } };
    },
    markSent: async () => undefined,
  } as unknown as Correlator;
  return { correlator, seen };
}

const sink = { send: async () => undefined };
const wall: Clock = { kind: 'wall', now: () => NOW };
const FUTURE_BUILD = `Nov 02 02:10:00 ip-10-0-1-23 dockerd[1187]: time="9999-12-31T23:59:59.000000000Z" level=debug msg="Calling POST /v1.45/build?t=111122223333.dkr.ecr.us-east-1.amazonaws.com%2Fevil%3A1&version=2"`;
const OLD_BUILD = FUTURE_BUILD.replace('9999-12-31', '1999-12-31').replace('evil%3A1', 'old%3A1');

describe('IngestPipeline time guard', () => {
  it('rejects a far-future dockerd line and a pre-2006 one, keeps the good lines, and does not count them as signals', async () => {
    const good = new Tally();
    const { correlator: c0 } = fakeCorrelator();
    await new IngestPipeline(c0, settings, sink, wall).process([hostBatch(dockerdLines())], good);

    const tally = new Tally();
    const { correlator, seen } = fakeCorrelator();
    const lines = dockerdLines();
    lines.splice(1, 0, FUTURE_BUILD, OLD_BUILD);
    await new IngestPipeline(correlator, settings, sink, wall).process([hostBatch(lines)], tally);

    expect(seen.map((s) => s.time).every((t) => t.startsWith('2026-11-02'))).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    expect(tally.signalsByKind()).toEqual(good.signalsByKind());
    expect(tally.summary().rejected).toMatchObject({ 'time:in-the-future': 1, 'time:before-2006': 1 });
    expect(tally.rejectSamples).toContainEqual(expect.objectContaining({ reason: 'time:in-the-future', ref: 'cwl:/ec2/docker/dev/i-0a1b2c3d4e5f60718#e1' }));
    expect(tally.records).toBe(good.records + 2);
  });

  it('rejects a signal too large to keep (a 70 KB host name) before state, counted as signal:too-large', async () => {
    const tally = new Tally();
    const { correlator, seen } = fakeCorrelator();
    const lines = dockerdLines();
    lines.push(lines[1]!.replace('ip-10-0-1-23', `ip-10-0-1-23${'x'.repeat(70_000)}`));
    await new IngestPipeline(correlator, settings, sink, wall).process([hostBatch(lines)], tally);
    expect(tally.summary().rejected).toMatchObject({ 'signal:too-large': 1 });
    expect(seen.every((s) => JSON.stringify(s).length < 64 * 1024)).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('judges the future against the wall clock plus maxClockSkewMinutes', () => {
    const skewed = compileSettings(parseConfig({ maxClockSkewMinutes: 15 }));
    const latest = NOW + skewed.maxClockSkewMs;
    expect(timeFault(build({ time: new Date(NOW + 14 * 60_000).toISOString() }), latest)).toBeUndefined();
    expect(timeFault(build({ time: new Date(NOW + 16 * 60_000).toISOString() }), latest)?.reason).toBe('time:in-the-future');
    expect(timeFault(build({ time: '2026-11-02T02:00:00.000Z', endTime: '+275760-09-13T00:00:00.000Z' }), latest)?.reason).toBe('time:in-the-future');
    const past = { time: '2026-11-02T02:00:00.000Z', firstSeen: '2026-11-02T02:00:00.000Z', lastSeen: '2026-11-02T02:01:00.000Z' };
    expect(timeFault(egress(past), latest)).toBeUndefined();
    expect(timeFault(egress({ ...past, lastSeen: 'not a time' }), latest)?.reason).toBe('time:invalid');
    expect(timeFault(egress({ ...past, firstSeen: '2005-12-31T23:59:59.999Z' }), latest)?.reason).toBe('time:before-2006');
    expect(timeFault(build({ time: 'garbage' }), latest)).toEqual({ reason: 'time:invalid', detail: 'time garbage' });
  });

  it('on the event-time clock, judges the future against wallNow plus the skew', async () => {
    const tally = new Tally();
    const { correlator, seen } = fakeCorrelator();
    const lines = [...dockerdLines(), FUTURE_BUILD.replace('9999-12-31T23:59:59', '2026-11-02T03:00:00')];
    // The replay's wall clock says 02:25: 03:00 is 35 minutes in the future.
    await new IngestPipeline(correlator, settings, sink, { kind: 'event-time', wallNow: () => NOW }).process([hostBatch(lines)], tally);
    expect(tally.summary().rejected).toEqual({ 'time:in-the-future': 1 });
    expect(seen.some((s) => s.time.startsWith('2026-11-02T03'))).toBe(false);

    // Without wallNow, only times after 2100 are in the future.
    const t2 = new Tally();
    const f2 = fakeCorrelator();
    await new IngestPipeline(f2.correlator, settings, sink, { kind: 'event-time' }).process([hostBatch([...lines, FUTURE_BUILD])], t2);
    expect(t2.summary().rejected).toEqual({ 'time:in-the-future': 1 });
    expect(f2.seen.some((s) => s.time.startsWith('2026-11-02T03'))).toBe(true);
  });
});

describe('IngestPipeline per-record isolation', () => {
  afterEach(() => jest.restoreAllMocks());

  it('a normalizer that throws on one record loses that record only (ingest:record-error)', async () => {
    const actual = normalizeModule.normalizeSource;
    jest.spyOn(normalizeModule, 'normalizeSource').mockImplementation((source, records, ctx, s, tally) => {
      if (records.some((r) => r.data === 'POISON')) throw new TypeError("Cannot read properties of undefined (reading 'x')");
      return actual(source, records, ctx, s, tally);
    });
    const good = new Tally();
    await new IngestPipeline(fakeCorrelator().correlator, settings, sink, wall).process([hostBatch(dockerdLines())], good);

    const tally = new Tally();
    const { correlator, seen } = fakeCorrelator();
    const lines = dockerdLines();
    lines.splice(2, 0, 'POISON');
    await expect(new IngestPipeline(correlator, settings, sink, wall).process([hostBatch(lines)], tally)).resolves.toBeDefined();
    expect(tally.summary().rejected).toEqual({ 'ingest:record-error': 1 });
    expect(tally.rejectSamples[0]).toMatchObject({ reason: 'ingest:record-error', ref: 'cwl:/ec2/docker/dev/i-0a1b2c3d4e5f60718#e2', detail: expect.stringContaining('TypeError') });
    expect(tally.signalsByKind()).toEqual(good.signalsByKind());
    expect(seen.length).toBeGreaterThan(0);
  });

  it('a correlation content fault on one signal loses that signal only', async () => {
    const tally = new Tally();
    const { correlator, seen } = fakeCorrelator((signals) => {
      if (signals.some((s) => s.kind === 'push')) throw new TypeError('odd push');
    });
    const totals = await new IngestPipeline(correlator, settings, sink, wall).process([hostBatch(dockerdLines())], tally);
    expect(seen.some((s) => s.kind === 'build')).toBe(true);
    expect(seen.some((s) => s.kind === 'push')).toBe(false);
    expect(tally.rejected.get('ingest:record-error')).toBe(tally.signalsByKind().push);
    expect(totals.signals).toBe(seen.length);
  });

  it.each([
    ['an AWS SDK throttling error', Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 } })],
    ['a 5xx', Object.assign(new Error('Internal server error'), { name: 'InternalServerError', $fault: 'server', $metadata: { httpStatusCode: 500 } })],
    ['a plain adapter error', new Error('DynamoDB t: 3 items still unprocessed after 8 rounds')],
    ['a network error', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
  ])('rethrows %s from the correlator (the invocation is retried)', async (_what, error) => {
    const { correlator } = fakeCorrelator(() => {
      throw error;
    });
    await expect(new IngestPipeline(correlator, settings, sink, wall).process([hostBatch(dockerdLines())], new Tally())).rejects.toBe(error);
  });
});
