/** Slices of an event-time-ordered sequence: cut where the span or the count would be exceeded, and nowhere else. */
import { eventTimeSlices } from '../../../lambdas/core/pipeline/event-time-order';
import { build } from '../../support/chain-signals';

const T0 = Date.parse('2026-11-02T10:00:00.000Z');
const at = (s: number) => build({ id: `b${s}`, time: new Date(T0 + s * 1000).toISOString() });

async function* from<T>(xs: T[]): AsyncGenerator<T> {
  yield* xs;
}

async function slices(seconds: number[], spanMs: number, max: number): Promise<number[][]> {
  const out: number[][] = [];
  for await (const slice of eventTimeSlices(from(seconds.map(at)), spanMs, max)) out.push(slice.map((s) => (Date.parse(s.time) - T0) / 1000));
  return out;
}

describe('eventTimeSlices', () => {
  it('starts a new slice when the next signal is more than the span after the slice’s first', async () => {
    expect(await slices([0, 10, 60, 61, 200, 200], 60_000, 100)).toEqual([[0, 10, 60], [61], [200, 200]]);
  });

  it('starts a new slice when the slice holds the most signals it may', async () => {
    expect(await slices([0, 0, 0, 1, 1], 60_000, 2)).toEqual([[0, 0], [0, 1], [1]]);
  });

  it('yields nothing for nothing', async () => {
    expect(await slices([], 60_000, 2)).toEqual([]);
  });
});
