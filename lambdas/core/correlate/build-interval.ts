/**
 * Builds are intervals, not instants (DESIGN.md, "Signals"): a builder pod builds from its creation
 * until it ends (a `pod-end` link: phase Succeeded/Failed, every container terminated, or deleted);
 * an exec session from its request to its ResponseComplete (`endTime`). A build whose end is not
 * seen is taken to last `maxBuildMinutes`, and no build lasts longer (its state expires then).
 * Windows count from the interval: a push at the end of a 30-minute build joins it.
 */
import type { BuildSignal, PodLinkSignal } from '../model/signal';
import type { StateStore } from './state-port';
import { podKey } from './state-keys';

export interface Interval {
  start: number;
  end: number;
}

const POD_METHODS = new Set(['builder-pod', 'privileged-builder']);

export class BuildIntervals {
  private readonly memo = new Map<string, Interval>();

  constructor(
    private readonly store: StateStore,
    private readonly maxBuildMs: number,
  ) {}

  /** The interval of a build, its end read from state for builder pods. */
  async of(b: BuildSignal, nowSec: number): Promise<Interval> {
    const cached = this.memo.get(b.id);
    if (cached) return cached;
    const start = Date.parse(b.time);
    let end: number | undefined = b.endTime ? Date.parse(b.endTime) : undefined;
    if (end === undefined && b.host?.pod && POD_METHODS.has(b.method)) {
      const ends = await this.store.query(podKey(b.cluster, b.host.pod, b.scope), `L#end#${b.time}`, 'L#end#\uffff', nowSec);
      const first = ends.map((i) => Date.parse((JSON.parse(i.doc) as PodLinkSignal).time)).filter((t) => t >= start).sort((x, y) => x - y)[0];
      end = first;
    }
    const interval = { start, end: Math.min(start + this.maxBuildMs, end !== undefined && end >= start ? end : start + this.maxBuildMs) };
    if (this.memo.size > 10_000) this.memo.clear();
    this.memo.set(b.id, interval);
    return interval;
  }

  /** Forget what was read (the end of a pod may arrive between two evaluations). */
  clear(): void {
    this.memo.clear();
  }
}

/** The interval of a push or any instant signal. */
export const instant = (time: string): Interval => ({ start: Date.parse(time), end: Date.parse(time) });
