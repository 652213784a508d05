/**
 * An SQS standard queue with a redrive policy, read by a Lambda event source mapping
 * (docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html, services-sqs-errorhandling.html;
 * SQS developer guide, dead-letter queues and StartMessageMoveTask):
 * - the ESM gathers up to `batchSize` visible messages (waiting up to `maxBatchingWindow`) and invokes
 *   synchronously; received messages stay invisible for the queue's visibility timeout;
 * - "By default, if Lambda encounters an error at any point while processing a batch, all messages in
 *   that batch return to the queue. After the visibility timeout, the messages become visible to
 *   Lambda again"; with ReportBatchItemFailures only the messages named in `batchItemFailures` come
 *   back (the rest are deleted); an empty, null or unknown itemIdentifier fails the whole batch;
 * - each receive increments `ApproximateReceiveCount` (in the record's attributes); a message whose
 *   receive count has reached `maxReceiveCount` is moved to the DLQ instead of being received again
 *   ("the dead-letter queue to which Amazon SQS moves messages after the value of maxReceiveCount is exceeded");
 * - standard queues are at-least-once and best-effort ordered: the duplicate and reorder perturbations;
 * - `redrive()` is a DLQ redrive (StartMessageMoveTask with no DestinationArn: messages go back to
 *   their original source queue). Modelling choices: the moved message keeps its id and body and its
 *   receive count restarts at 0; retention (4 days by default) is not simulated.
 */
import { createHash } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { SimClock } from '../clock';
import type { Rng } from '../rng';
import { type Handler, invoke, simContext } from './invoke';
import { NO_PERTURBATIONS, Perturber, type Perturbations } from './perturbations';
import { type InvocationRecord, Recorder, type SimSummary } from './report';
import { FINDINGS_SQS, type SqsEsmSettings } from './settings';

export interface SqsMessageInput {
  readonly body: string;
  readonly messageAttributes?: SQSMessageAttributes;
  /** Keep an id (a redrive or replay); otherwise one is drawn from the PRNG. */
  readonly messageId?: string;
}

/** A message as the simulated queue holds it (and as DLQ entries carry it). */
export interface SqsMessage {
  readonly messageId: string;
  readonly body: string;
  readonly messageAttributes: SQSMessageAttributes;
  readonly sentAt: number;
  receiveCount: number;
  firstReceiveAt?: number;
  visibleAt: number;
  /** Which copy (a duplicate delivery has the same id, another receipt handle). */
  readonly copy: number;
  deleted: boolean;
}

export interface SqsEsmOptions {
  readonly handler: Handler<SQSEvent, SQSBatchResponse | void | undefined>;
  readonly rng: Rng;
  readonly clock?: SimClock;
  readonly settings?: SqsEsmSettings;
  readonly perturbations?: Perturbations;
}

export class SqsEsmSimulator {
  readonly clock: SimClock;
  readonly recorder = new Recorder<SqsMessage>();
  readonly perturber: Perturber;
  private readonly settings: SqsEsmSettings;
  private readonly queue: SqsMessage[] = [];
  private readonly dlq: SqsMessage[] = [];
  private readonly polls = new Set<number>();
  private readonly deliveries = new Map<string, number>();

  constructor(private readonly opts: SqsEsmOptions) {
    this.clock = opts.clock ?? new SimClock();
    this.settings = opts.settings ?? FINDINGS_SQS;
    this.perturber = new Perturber(opts.rng, opts.perturbations ?? NO_PERTURBATIONS);
  }

  get queueArn(): string {
    return `arn:aws:sqs:us-east-1:111122223333:${this.settings.queueName}`;
  }

  /** SendMessage of each body (or message) at the current simulated time. */
  deliver(...messages: Array<string | SqsMessageInput>): void {
    for (const m of messages) {
      const input = typeof m === 'string' ? { body: m } : m;
      const messageId = input.messageId ?? this.uuid();
      this.enqueue(input, messageId, 0);
      if (this.perturber.duplicate()) this.enqueue(input, messageId, 1);
    }
  }

  private enqueue(input: SqsMessageInput, messageId: string, copy: number): void {
    const now = this.clock.now;
    const msg: SqsMessage = { messageId, body: input.body, messageAttributes: input.messageAttributes ?? {}, sentAt: now, receiveCount: 0, visibleAt: now + this.perturber.reorderDelay(), copy, deleted: false };
    this.queue.push(msg);
    this.schedulePoll(msg.visibleAt + this.settings.maxBatchingWindowMs);
  }

  private schedulePoll(at: number): void {
    const t = Math.max(at, this.clock.now);
    if (this.polls.has(t)) return;
    this.polls.add(t);
    this.clock.at(t, `sqs:${this.settings.queueName}:poll`, async () => {
      this.polls.delete(t);
      await this.poll();
    });
  }

  private async poll(): Promise<void> {
    const now = this.clock.now;
    const visible = this.queue.filter((m) => !m.deleted && m.visibleAt <= now);
    const receivable: SqsMessage[] = [];
    for (const m of visible) {
      if (m.receiveCount >= this.settings.maxReceiveCount) this.moveToDlq(m);
      else receivable.push(m);
    }
    this.compact();
    for (let i = 0; i < receivable.length; i += this.settings.batchSize) {
      await this.invokeBatch(receivable.slice(i, i + this.settings.batchSize));
    }
  }

  private async invokeBatch(batch: SqsMessage[]): Promise<void> {
    const now = this.clock.now;
    let attempt = 0;
    for (const m of batch) {
      m.receiveCount++;
      m.firstReceiveAt ??= now;
      m.visibleAt = now + this.settings.visibilityTimeoutMs;
      const key = `${m.messageId}#${m.copy}`;
      const d = (this.deliveries.get(key) ?? 0) + 1;
      this.deliveries.set(key, d);
      attempt = Math.max(attempt, d);
    }
    const event: SQSEvent = { Records: batch.map((m) => this.record(m)) };
    const outcome = await invoke(this.opts.handler, event, simContext(this.settings.functionName, this.uuid(), this.settings.timeoutMs), this.perturber);
    const ids = batch.map((m) => m.messageId);
    const base = { at: now, attempt, ids, agesMs: batch.map((m) => now - m.sentAt), ...(batch.some((m) => m.copy > 0) ? { duplicate: true } : {}) };

    let failed: SqsMessage[];
    if (outcome.kind !== 'ok') {
      this.recorder.invocation({ ...base, outcome: outcome.kind, error: outcome.error });
      failed = batch;
    } else {
      const failures = this.settings.reportBatchItemFailures ? outcome.result?.batchItemFailures ?? [] : [];
      const reported = failures.map((f) => f.itemIdentifier);
      if (reported.length === 0) {
        this.recorder.invocation({ ...base, outcome: 'ok' });
        failed = [];
      } else {
        this.recorder.invocation({ ...base, outcome: 'partial', reportedFailures: reported.map((r) => r ?? '') });
        // An empty, null or unknown identifier: the whole batch failed.
        failed = reported.some((r) => !r || !ids.includes(r)) ? batch : batch.filter((m) => reported.includes(m.messageId));
      }
    }
    for (const m of batch) if (!failed.includes(m)) m.deleted = true;
    this.compact();
    // The failed ones become visible again when their visibility timeout runs out.
    if (failed.length > 0) this.schedulePoll(now + this.settings.visibilityTimeoutMs);
  }

  private record(m: SqsMessage): SQSRecord {
    return {
      messageId: m.messageId,
      receiptHandle: `rh-${m.messageId}-${m.copy}-${m.receiveCount}`,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentAt),
        SenderId: 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: String(m.firstReceiveAt ?? this.clock.now),
      },
      messageAttributes: m.messageAttributes,
      md5OfBody: createHash('md5').update(m.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: this.queueArn,
      awsRegion: 'us-east-1',
    };
  }

  private moveToDlq(m: SqsMessage): void {
    m.deleted = true;
    const copy: SqsMessage = { ...m, deleted: false };
    this.dlq.push(copy);
    this.recorder.deadLetter({ at: this.clock.now, destination: 'dlq', reason: 'maxReceiveCount', ids: [m.messageId], payload: copy, awsRecord: { body: m.body, ApproximateReceiveCount: m.receiveCount } });
  }

  private compact(): void {
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]!.deleted) this.queue.splice(i, 1);
  }

  private uuid(): string {
    const h = this.opts.rng.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** DLQ redrive (StartMessageMoveTask back to the source queue): every DLQ message is sent again now. Returns how many moved. */
  redrive(): number {
    const moved = this.dlq.splice(0, this.dlq.length);
    for (const m of moved) this.enqueue({ body: m.body, messageAttributes: m.messageAttributes, messageId: m.messageId }, m.messageId, m.copy);
    return moved.length;
  }

  /** What is in the DLQ now (a redrive empties it). */
  dlqMessages(): readonly SqsMessage[] {
    return [...this.dlq];
  }

  /** Messages still in the source queue (visible or in flight). */
  depth(): number {
    return this.queue.filter((m) => !m.deleted).length;
  }

  run(until?: number): Promise<number> {
    return this.clock.run(until);
  }

  get invocations(): readonly InvocationRecord[] {
    return this.recorder.invocations;
  }

  summary(): SimSummary<SqsMessage> & { readonly dlqDepth: number; readonly queueDepth: number } {
    return { ...this.recorder.summary(this.perturber), dlqDepth: this.dlq.length, queueDepth: this.depth() };
  }
}
