/**
 * One event-time order for signals, whatever the inputs they came from: a replay sorts the signals
 * of all its inputs with {@link compareSignals} and correlates them in {@link eventTimeSlices}, so
 * the pipeline sees the same sequence whether the files are laid out by hour, by source or passed in
 * reverse order.
 *
 * The order is total and does not depend on where a signal was read: event time first, then the
 * signal's content without its `ref` (the file and line it came from). Two signals equal in both
 * differ only by where they were read and are interchangeable for correlation.
 */
import type { Signal } from '../model/signal';

/** A signal's content without `ref`: what breaks ties between signals of the same event time. */
export function contentKey(s: Signal): string {
  const { ref: _ref, ...content } = s;
  return JSON.stringify(content);
}

/**
 * The event-time order of anything that carries a signal's `time` (ISO 8601 UTC with milliseconds,
 * so strings sort as times); `tie` gives the {@link contentKey} of its signal, asked only on ties.
 */
export function compareEventOrder<T extends { time: string }>(a: T, b: T, tie: (x: T) => string): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  const ka = tie(a);
  const kb = tie(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export function compareSignals(a: Signal, b: Signal): number {
  return compareEventOrder(a, b, contentKey);
}

/**
 * Cuts an event-time-ordered sequence into slices to correlate: a slice spans at most `spanMs` of
 * event time and holds at most `maxSignals`. Where a slice is cut depends only on the sequence.
 */
export async function* eventTimeSlices(ordered: Iterable<Signal> | AsyncIterable<Signal>, spanMs: number, maxSignals: number): AsyncGenerator<Signal[]> {
  let slice: Signal[] = [];
  let startMs = 0;
  for await (const s of ordered) {
    const t = Date.parse(s.time);
    if (slice.length > 0 && (t - startMs > spanMs || slice.length >= maxSignals)) {
      yield slice;
      slice = [];
    }
    if (slice.length === 0) startMs = t;
    slice.push(s);
  }
  if (slice.length > 0) yield slice;
}
