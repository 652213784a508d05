/**
 * What every simulator records: each invocation (when, which attempt, which records and their ages,
 * what the handler reported), each dead-lettered item with its original payload (so a redrive can
 * replay it), and a summary of counts.
 */
export interface InvocationRecord {
  readonly n: number;
  /** Simulated epoch ms. */
  readonly at: number;
  /** 1 for a first delivery, 2.. for retries/redeliveries of the same item. */
  readonly attempt: number;
  /** Record identities in the event (message ids, sequence numbers, event ids). */
  readonly ids: readonly string[];
  /** Age of each record at invocation (ms since it entered the source). */
  readonly agesMs: readonly number[];
  readonly outcome: 'ok' | 'partial' | 'error' | 'crash';
  /** The ids the handler reported in `batchItemFailures`, if any. */
  readonly reportedFailures?: readonly string[];
  readonly error?: string;
  /** True for a perturbation-injected duplicate delivery. */
  readonly duplicate?: boolean;
}

export interface DeadLetter<P> {
  /** Simulated epoch ms it was sent. */
  readonly at: number;
  /** Where it went: Lambda's on-failure destination, EventBridge's target DLQ, or the queue's redrive DLQ. */
  readonly destination: 'on-failure' | 'dlq';
  /** Why, in AWS's words where there are some (`RetriesExhausted`, `EventAgeExceeded`, `maxReceiveCount`...). */
  readonly reason: string;
  readonly ids: readonly string[];
  /** The original payload(s): replaying them re-creates the deliveries. */
  readonly payload: P;
  /** What AWS itself would put on the destination (e.g. Kinesis batch info), when that differs from the payload. */
  readonly awsRecord?: unknown;
}

export interface SimSummary<P = unknown> {
  readonly invocations: number;
  readonly retries: number;
  readonly recordsDelivered: number;
  readonly duplicatesInjected: number;
  readonly reorders: number;
  readonly crashes: number;
  readonly deadLettered: number;
  readonly deadLetters: ReadonlyArray<DeadLetter<P>>;
}

export class Recorder<P> {
  readonly invocations: InvocationRecord[] = [];
  readonly deadLetters: Array<DeadLetter<P>> = [];
  retries = 0;
  recordsDelivered = 0;

  invocation(rec: Omit<InvocationRecord, 'n'>): InvocationRecord {
    const full = { n: this.invocations.length + 1, ...rec };
    this.invocations.push(full);
    this.recordsDelivered += rec.ids.length;
    if (rec.attempt > 1) this.retries++;
    return full;
  }

  deadLetter(dl: DeadLetter<P>): void {
    this.deadLetters.push(dl);
  }

  summary(p: { duplicates: number; reorders: number; crashes: number }): SimSummary<P> {
    return {
      invocations: this.invocations.length,
      retries: this.retries,
      recordsDelivered: this.recordsDelivered,
      duplicatesInjected: p.duplicates,
      reorders: p.reorders,
      crashes: p.crashes,
      deadLettered: this.deadLetters.length,
      deadLetters: [...this.deadLetters],
    };
  }
}
