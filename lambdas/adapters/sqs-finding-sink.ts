/**
 * The ingest Lambdas' FindingSink: each FindingUpdate becomes one findings-queue message (JSON),
 * sent with SendMessageBatch (≤ 10 entries and ≤ 256 KiB per request). Whole-request errors are
 * retried by the SDK's retry strategy; entries SQS reports as Failed (which the SDK does not retry)
 * are retried here, and whatever is still refused throws so the invocation fails into its retry /
 * on-failure destination instead of dropping a finding.
 */
import { type SQSClient, SendMessageBatchCommand, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import type { FindingUpdate } from '../core/model/finding';
import type { FindingSink } from '../core/pipeline/finding-sink';
import { type ClientSource, clientGetter } from './client-source';
import { jitteredBackoff, retryPartialBatch, sleepMs } from './partial-batch-retry';
import { chunkRequests } from './request-chunks';
import { type FindingMessage, SQS_MAX_MESSAGE_BYTES, findingMessage } from './sqs-finding-message';
import { An1261Error } from '../core/util/errors';

const MAX_BATCH_ENTRIES = 10;

export interface SqsFindingSinkOptions {
  /** Rounds of SendMessageBatch for Failed entries, the first send included. Default 4. */
  maxRounds?: number;
  /** Per-message (and per-request) byte limit. Default 256 KiB, the SQS maximum. */
  maxBytes?: number;
  /** Backoff between rounds; tests pass a no-op. */
  sleep?: (ms: number) => Promise<void>;
  /** Told when a finding had to be trimmed to fit, so the handler can log it. */
  onTrimmed?: (message: FindingMessage) => void;
}

/** Counts for the invocation log and tests. */
export interface SqsSinkCounters {
  requests: number;
  messagesSent: number;
  entriesRetried: number;
  trimmed: number;
}

/** Entries SQS still refused after every round. */
export class SqsSendError extends An1261Error {
  constructor(
    readonly queueUrl: string,
    readonly failed: ReadonlyArray<{ findingId: string; code: string; message: string; senderFault: boolean }>,
    rounds: number,
  ) {
    const first = failed[0];
    super(
      `SQS ${queueUrl}: ${failed.length} finding message(s) not accepted after ${rounds} round(s)` +
        (first ? ` (finding ${first.findingId}: ${first.code}${first.message ? ` ${first.message}` : ''})` : ''),
    );
  }
}

/**
 * @example
 * const sink = new SqsFindingSink(new SQSClient({ maxAttempts: 5 }), process.env.FINDINGS_QUEUE_URL!);
 * await sink.send(updates); // resolves once SQS accepted every message
 */
export class SqsFindingSink implements FindingSink {
  readonly counters: SqsSinkCounters = { requests: 0, messagesSent: 0, entriesRetried: 0, trimmed: 0 };
  private readonly maxRounds: number;
  private readonly maxBytes: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly fifo: boolean;
  private readonly client: () => Promise<SQSClient>;

  constructor(
    client: ClientSource<SQSClient>,
    readonly queueUrl: string,
    private readonly options: SqsFindingSinkOptions = {},
  ) {
    this.client = clientGetter(client);
    this.maxRounds = options.maxRounds ?? 4;
    this.maxBytes = options.maxBytes ?? SQS_MAX_MESSAGE_BYTES;
    this.sleep = options.sleep ?? sleepMs;
    this.fifo = queueUrl.endsWith('.fifo');
  }

  async send(updates: readonly FindingUpdate[]): Promise<void> {
    const messages = updates.map((u) => {
      const m = findingMessage(u, this.maxBytes);
      if (m.timelineOmitted > 0 || m.textCut) {
        this.counters.trimmed++;
        this.options.onTrimmed?.(m);
      }
      return { message: m, update: u };
    });
    for (const batch of packBatches(messages, this.maxBytes)) await this.sendBatch(batch);
  }

  private async sendBatch(batch: ReadonlyArray<{ message: FindingMessage; update: FindingUpdate }>): Promise<void> {
    const entries = new Map<string, { entry: SendMessageBatchRequestEntry; findingId: string }>();
    batch.forEach(({ message, update }, i) => entries.set(`m${i}`, { entry: this.entry(`m${i}`, message, update), findingId: message.findingId }));
    let failed: Array<{ findingId: string; code: string; message: string; senderFault: boolean }> = [];
    const send = async (pending: readonly string[], round: number): Promise<string[]> => {
      if (round > 0) this.counters.entriesRetried += pending.length;
      this.counters.requests++;
      // Whole-request failures (throttling, 5xx, network) were already retried by the SDK: they propagate.
      const out = await (await this.client()).send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending.map((id) => entries.get(id)!.entry) }));
      const failedIds = new Set((out.Failed ?? []).map((f) => f.Id));
      this.counters.messagesSent += pending.filter((id) => !failedIds.has(id)).length;
      failed = (out.Failed ?? []).map((f) => ({ findingId: entries.get(f.Id ?? '')?.findingId ?? String(f.Id), code: f.Code ?? 'unknown', message: f.Message ?? '', senderFault: f.SenderFault === true }));
      // A sender fault (bad content, bad attributes) fails the same way every time: do not retry it.
      if (failed.some((f) => f.senderFault)) return [];
      return pending.filter((id) => failedIds.has(id));
    };
    const { rounds } = await retryPartialBatch([...entries.keys()], { send, maxRounds: this.maxRounds, backoffMs: jitteredBackoff(100, 2000), sleep: this.sleep });
    if (failed.length > 0) throw new SqsSendError(this.queueUrl, failed, rounds);
  }

  private entry(id: string, message: FindingMessage, update: FindingUpdate): SendMessageBatchRequestEntry {
    if (!this.fifo) return { Id: id, MessageBody: message.body };
    // FIFO queues: one group per finding keeps its versions in order; the version makes redeliveries dedupe.
    return { Id: id, MessageBody: message.body, MessageGroupId: update.finding.id.slice(0, 128), MessageDeduplicationId: `${update.finding.id}-v${update.finding.version}`.slice(0, 128) };
  }
}

/** Groups messages into requests of ≤ 10 entries whose bodies add up to ≤ `maxBytes`. */
export function packBatches<T extends { message: FindingMessage }>(items: readonly T[], maxBytes: number): T[][] {
  return chunkRequests(items, (item) => item.message.bytes, { maxItems: MAX_BATCH_ENTRIES, maxBytes });
}
