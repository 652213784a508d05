/**
 * The on-call engineer of a chaos run, following docs/redrive.md when a DLQ alarm fires: every item
 * that reached a DLQ since the last round goes back through the pipeline.
 *
 * - ingest DLQ, Lambda on-failure records (CloudWatch Logs subscriptions, ecr-events function
 *   errors, and redrives that failed again): the record as it is, `lambda:Invoke` (Event) of the function;
 * - ingest DLQ, EventBridge target DLQ messages (the event itself): wrapped as
 *   `{ requestContext: { condition: 'Redrive' }, requestPayload: event }`, invoked the same way;
 * - ingest DLQ, Kinesis on-failure records (sequence numbers only): the records re-read from the
 *   stream (GetRecords from the start sequence number), each wrapped with its data as
 *   `{ awslogs: { data } }` and invoked on the stream function;
 * - findings DLQ: StartMessageMoveTask back to the findings queue.
 *
 * The operator's own invocations are asynchronous invokes (retries, on-failure destination): one
 * `AsyncInvokeQueue` per function, whose failures return to the ingest DLQ and are redriven again.
 */
import type { KinesisStreamRecord } from 'aws-lambda';
import type { SimClock } from '../clock';
import type { Rng } from '../rng';
import { AsyncInvokeQueue, type DeadLetter, type Handler, type Perturbations, type SqsEsmSimulator } from '../triggers';
import type { AsyncInvokeSettings } from '../triggers/settings';

export type DlqName = 'ingest-lambda-on-failure' | 'ingest-eventbridge-dlq' | 'ingest-kinesis-on-failure' | 'findings-dlq';

export const DLQ_LABELS: Readonly<Record<DlqName, string>> = {
  'ingest-lambda-on-failure': 'ingest DLQ: Lambda on-failure records',
  'ingest-eventbridge-dlq': 'ingest DLQ: EventBridge target DLQ messages',
  'ingest-kinesis-on-failure': 'ingest DLQ: Kinesis on-failure records',
  'findings-dlq': 'findings DLQ (publisher, maxReceiveCount 5)',
};

/** Something that dead-letters: its letters so far, and how the procedure sends one back. */
interface LetterSource {
  letters(): ReadonlyArray<DeadLetter<unknown>>;
  cursor: number;
  redrive(letter: DeadLetter<unknown>): void;
  dlq(letter: DeadLetter<unknown>): DlqName;
}

export interface RedriveAccount {
  items: number;
  redriven: number;
}

export class RedriveOperator {
  private readonly sources: LetterSource[] = [];
  private readonly queues = new Map<string, AsyncInvokeQueue<unknown>>();
  private readonly accounts = new Map<DlqName, RedriveAccount>(Object.keys(DLQ_LABELS).map((k) => [k as DlqName, { items: 0, redriven: 0 }]));
  private findings?: SqsEsmSimulator;

  constructor(private readonly opts: { clock: SimClock; rng: Rng; perturbations: Perturbations }) {}

  /** `lambda:Invoke` (Event) of `functionName`: the operator's queue for it. */
  private invoker(functionName: string, handler: Handler<unknown, unknown>, settings: AsyncInvokeSettings): AsyncInvokeQueue<unknown> {
    let q = this.queues.get(functionName);
    if (!q) {
      const queue = new AsyncInvokeQueue<unknown>({ handler, rng: this.opts.rng, clock: this.opts.clock, settings: { ...settings, functionName }, perturbations: this.opts.perturbations, idOf: (_e, i) => `redrive-${functionName}-${i}` });
      this.sources.push({ letters: () => queue.recorder.deadLetters, cursor: 0, redrive: (l) => queue.accept(l.awsRecord), dlq: () => 'ingest-lambda-on-failure' });
      this.queues.set(functionName, queue);
      q = queue;
    }
    return q;
  }

  /** A Lambda fed asynchronously (CloudWatch Logs, EventBridge → Lambda): its on-failure records and, for EventBridge, its target DLQ. */
  watchAsync(functionName: string, handler: Handler<unknown, unknown>, settings: AsyncInvokeSettings, letters: () => ReadonlyArray<DeadLetter<unknown>>): void {
    const invoke = this.invoker(functionName, handler, settings);
    this.sources.push({
      letters,
      cursor: 0,
      redrive: (l) => invoke.accept(l.destination === 'on-failure' ? l.awsRecord : { requestContext: { condition: 'Redrive', source: 'EventBridgeDlq' }, requestPayload: l.payload }),
      dlq: (l) => (l.destination === 'on-failure' ? 'ingest-lambda-on-failure' : 'ingest-eventbridge-dlq'),
    });
  }

  /** A Kinesis-fed Lambda: its on-failure records name sequence numbers; the records are re-read and invoked one by one. */
  watchKinesis(functionName: string, handler: Handler<unknown, unknown>, settings: AsyncInvokeSettings, letters: () => ReadonlyArray<DeadLetter<unknown>>): void {
    const invoke = this.invoker(functionName, handler, settings);
    this.sources.push({
      letters,
      cursor: 0,
      redrive: (l) => {
        for (const r of l.payload as KinesisStreamRecord[]) invoke.accept({ requestContext: { condition: 'Redrive', source: 'KinesisOnFailure', sequenceNumber: r.kinesis.sequenceNumber }, requestPayload: { awslogs: { data: r.kinesis.data } } });
      },
      dlq: () => 'ingest-kinesis-on-failure',
    });
  }

  watchFindings(publisher: SqsEsmSimulator): void {
    this.findings = publisher;
  }

  /** Items in a DLQ not redriven yet. */
  waiting(): number {
    let n = this.findings?.dlqMessages().length ?? 0;
    for (const s of this.sources) n += s.letters().length - s.cursor;
    return n;
  }

  /** One round of the procedure; returns how many items went back. */
  redrive(): number {
    let n = 0;
    for (const s of this.sources) {
      const fresh = s.letters().slice(s.cursor);
      s.cursor += fresh.length;
      for (const l of fresh) {
        const account = this.accounts.get(s.dlq(l))!;
        account.items++;
        account.redriven++;
        s.redrive(l);
        n++;
      }
    }
    if (this.findings) {
      const moved = this.findings.redrive();
      const account = this.accounts.get('findings-dlq')!;
      account.items += moved;
      account.redriven += moved;
      n += moved;
    }
    return n;
  }

  /** Per DLQ: items that reached it, and items redriven (the same unless items are still waiting). */
  account(): Array<{ dlq: string; items: number; redriven: number }> {
    return [...this.accounts].map(([name, a]) => ({ dlq: DLQ_LABELS[name], items: a.items + (name === 'findings-dlq' ? (this.findings?.dlqMessages().length ?? 0) : this.waitingIn(name)), redriven: a.redriven }));
  }

  private waitingIn(name: DlqName): number {
    let n = 0;
    for (const s of this.sources) for (const l of s.letters().slice(s.cursor)) if (s.dlq(l) === name) n++;
    return n;
  }

  /** The operator's own invocations (invocations, retries …), per function. */
  spend(): Record<string, { invocations: number; retries: number; duplicatesInjected: number; reorders: number; crashes: number }> {
    return Object.fromEntries([...this.queues].map(([fn, q]) => [fn, q.summary()]));
  }
}
