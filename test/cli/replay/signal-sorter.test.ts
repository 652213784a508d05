/**
 * The replay's event-time order: whatever order signals are added in, and whether they fit the
 * memory buffer or are sorted out of core in runs merged k-way (in several passes past the fan-in),
 * they come out in one order — event time, then content — and the temporary files go away.
 */
import { existsSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Signal } from '../../../lambdas/core/model/signal';
import { compareSignals, contentKey } from '../../../lambdas/core/pipeline/event-time-order';
import { SignalSorter } from '../../../lambdas/cli/replay/signal-sorter';
import { build, deploy, egress, push } from '../../support/chain-signals';

const T0 = Date.parse('2026-11-02T10:00:00.000Z');
const iso = (s: number) => new Date(T0 + s * 1000).toISOString();

/** A signal of some kind at `second`, with a ref naming the file it was read from. */
function signal(kind: number, second: number, id: string, file: string): Signal {
  const time = iso(second);
  const ref = `${file}:${id}`;
  switch (kind % 4) {
    case 0:
      return build({ id, time, ref });
    case 1:
      return egress({ id, time, ref, firstSeen: time, lastSeen: time });
    case 2:
      return push({ id, time, ref });
    default:
      return deploy({ id, time, ref });
  }
}

async function drain(sorter: SignalSorter): Promise<Signal[]> {
  const out: Signal[] = [];
  for await (const s of sorter.sorted()) out.push(s);
  return out;
}

const arbSignals = fc.array(fc.record({ kind: fc.nat(3), second: fc.nat(600), id: fc.constantFrom('a', 'b', 'c', 'd'), file: fc.constantFrom('by-hour/10/x.log', 'flow/y.log') }), { maxLength: 120 });

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sorter-test-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('SignalSorter', () => {
  it('gives event-time order, ties broken by content and never by the file a signal came from, in memory or out of core', async () => {
    await fc.assert(
      fc.asyncProperty(arbSignals, fc.integer({ min: 1, max: 8 }), fc.constantFrom(400, 3000, 1 << 30), async (specs, fanIn, maxBufferBytes) => {
        const signals = specs.map((s) => signal(s.kind, s.second, s.id, s.file));
        const sorter = new SignalSorter({ maxBufferBytes, fanIn: fanIn + 1, tmpDir: tmp });
        // Added in two chunks, the second first: the order of inputs must not matter.
        const half = Math.floor(signals.length / 2);
        await sorter.add(signals.slice(half));
        await sorter.add(signals.slice(0, half));
        const out = await drain(sorter);
        sorter.close();
        expect(out.map((s) => [s.time, contentKey(s)])).toEqual([...signals].sort(compareSignals).map((s) => [s.time, contentKey(s)]));
        expect(out).toHaveLength(signals.length);
      }),
      { numRuns: 60 },
    );
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('sorts in memory while the buffer holds everything, and says how it sorted', async () => {
    const sorter = new SignalSorter({ tmpDir: tmp });
    await sorter.add([signal(0, 30, 'b', 'f'), signal(3, 10, 'a', 'f'), signal(1, 20, 'c', 'f')]);
    expect((await drain(sorter)).map((s) => s.time)).toEqual([iso(10), iso(20), iso(30)]);
    expect(sorter.stats).toMatchObject({ signals: 3, runs: 0, spilledBytes: 0, first: iso(10), last: iso(30) });
    sorter.close();
  });

  it('writes sorted runs to a temporary directory past its buffer, merges them in passes beyond the fan-in, and removes them', async () => {
    const sorter = new SignalSorter({ maxBufferBytes: 2000, fanIn: 3, tmpDir: tmp });
    const signals = Array.from({ length: 200 }, (_, i) => signal(i, (i * 7919) % 1000, `s${i}`, 'f'));
    await sorter.add(signals);
    const dirs = readdirSync(tmp);
    expect(dirs).toHaveLength(1);
    const runDir = join(tmp, dirs[0]!);
    expect(readdirSync(runDir).length).toBeGreaterThan(3);
    const out = await drain(sorter);
    expect(out.map((s) => s.time)).toEqual([...signals].sort(compareSignals).map((s) => s.time));
    expect(sorter.stats.runs).toBeGreaterThan(3);
    expect(sorter.stats.extraPasses).toBeGreaterThan(0);
    expect(sorter.stats.spilledBytes).toBeGreaterThan(0);
    sorter.close();
    expect(existsSync(runDir)).toBe(false);
  });
});
