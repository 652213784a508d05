/**
 * A simulated clock and its event queue (discrete-event simulation): a trigger simulator schedules
 * deliveries at simulated times and `run` executes them in time order, advancing `now` from one to
 * the next; nothing sleeps. Events at the same time run in the order they were scheduled, so a run
 * is a function of the inputs and the seed. Simulators may share one clock to interleave.
 */
export interface ScheduledEvent {
  readonly at: number;
  readonly seq: number;
  readonly label: string;
  readonly run: () => Promise<void> | void;
}

export class SimClock {
  private current: number;
  private seq = 0;
  private queue: ScheduledEvent[] = [];
  /** What ran, in order: `[at, label]` (the schedule the determinism tests compare). */
  readonly trace: Array<[number, string]> = [];

  /** `start` is epoch milliseconds (default 2026-11-02T00:00:00Z, the samples' day). */
  constructor(start = Date.UTC(2026, 10, 2)) {
    this.current = start;
  }

  /** Simulated epoch milliseconds. */
  get now(): number {
    return this.current;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Schedules `run` at `at` (not before now). */
  at(at: number, label: string, run: () => Promise<void> | void): void {
    const ev: ScheduledEvent = { at: Math.max(at, this.current), seq: this.seq++, label, run };
    // Sorted insert (stable: after every event at the same time).
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1]!.at > ev.at) i--;
    this.queue.splice(i, 0, ev);
  }

  /** Schedules `run` `delayMs` from now. */
  after(delayMs: number, label: string, run: () => Promise<void> | void): void {
    this.at(this.current + delayMs, label, run);
  }

  /**
   * Runs events in time order until the queue is empty or the next one is after `until` (epoch ms).
   * Returns the number of events run. `maxEvents` guards against a schedule that never drains.
   */
  async run(until = Number.POSITIVE_INFINITY, maxEvents = 1_000_000): Promise<number> {
    let n = 0;
    while (this.queue.length > 0 && this.queue[0]!.at <= until) {
      if (n >= maxEvents) throw new Error(`SimClock: more than ${maxEvents} events (a schedule that never drains?)`);
      const ev = this.queue.shift()!;
      this.current = ev.at;
      this.trace.push([ev.at, ev.label]);
      await ev.run();
      n++;
    }
    if (Number.isFinite(until) && until > this.current) this.current = until;
    return n;
  }
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
