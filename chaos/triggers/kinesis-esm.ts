/**
 * A Kinesis Data Streams event source mapping (docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html,
 * services-kinesis-batchfailurereporting.html, kinesis-on-failure-destination.html):
 * - each shard is read in order, one batch at a time, up to `batchSize` records; the checkpoint only
 *   moves forward past records that succeeded or were discarded (a failing batch blocks its shard);
 * - ReportBatchItemFailures: "If the batchItemFailures array contains multiple items, Lambda uses the
 *   record with the lowest sequence number as the checkpoint. Lambda then retries all records starting
 *   from that checkpoint"; an empty/null/unknown `itemIdentifier` makes the whole batch a failure;
 * - BisectBatchOnFunctionError: "If the invocation fails and BisectBatchOnFunctionError is turned on,
 *   the batch is bisected regardless of your ReportBatchItemFailures setting"; with both on, a partial
 *   response bisects "at the returned sequence number" and only the remaining records are retried;
 * - "If the function is invoked but returns an error, Lambda retries until the records expire, exceed
 *   the maximum age (MaximumRecordAgeInSeconds), or reach the configured retry quota
 *   (MaximumRetryAttempts)"; the discarded batch's metadata (KinesisBatchInfo: shard, first and last
 *   sequence numbers — not the data) goes to the on-failure destination.
 * Modelling choices (not documented by AWS): a bisection does not consume a retry (the halves inherit
 * the count; a batch of one that fails does), a failed batch is retried after `retryDelayMs`, and a
 * shard has one batch in flight (ParallelizationFactor > 1 keeps order per partition key only: this
 * is stricter). A duplicate perturbation replays a successful batch (a checkpoint lost on a lease move).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import type { CwlPayload } from '../../lambdas/core/envelopes/cwl-payload';
import { SECOND, SimClock } from '../clock';
import { type Rng, hash32 } from '../rng';
import { type Handler, invoke, simContext } from './invoke';
import { NO_PERTURBATIONS, Perturber, type Perturbations } from './perturbations';
import { type InvocationRecord, Recorder, type SimSummary } from './report';
import { FLOW_LOGS_KINESIS, type KinesisEsmSettings } from './settings';

const STREAM_ARN = 'arn:aws:kinesis:us-east-1:111122223333:stream/an1261-flow-logs';

export interface KinesisEsmOptions {
  readonly handler: Handler<KinesisStreamEvent, KinesisStreamBatchResponse | void | undefined>;
  readonly rng: Rng;
  readonly clock?: SimClock;
  readonly settings?: KinesisEsmSettings;
  readonly perturbations?: Perturbations;
  /** Shards of the stream (lib: `operations.flowLogsKinesis.shards`, default 1). */
  readonly shards?: number;
  readonly retryDelayMs?: number;
  readonly streamArn?: string;
}

/** The on-failure record Lambda sends for a discarded stream batch. */
export interface KinesisOnFailureRecord {
  readonly requestContext: { readonly condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded'; readonly functionArn: string; readonly approximateInvokeCount: number };
  readonly KinesisBatchInfo: { readonly shardId: string; readonly startSequenceNumber: string; readonly endSequenceNumber: string; readonly batchSize: number; readonly streamArn: string };
}

interface Range {
  start: number;
  end: number;
  /** Failed invocations counted against retryAttempts. */
  attempts: number;
  duplicate?: boolean;
}

interface Shard {
  readonly id: string;
  readonly records: KinesisStreamRecord[];
  readonly arrivals: number[];
  /** Index of the first record not yet done. */
  checkpoint: number;
  /** Ranges to (re)invoke, last = next (bisection pushes the second half, then the first). */
  readonly pending: Range[];
  pollScheduled: boolean;
}

/** A record as a CloudWatch Logs → Kinesis subscription writes it: one gzipped payload (or raw text). */
export function kinesisData(payload: CwlPayload | string): string {
  return typeof payload === 'string' ? Buffer.from(payload).toString('base64') : gzipSync(JSON.stringify(payload)).toString('base64');
}

export class KinesisEsmSimulator {
  readonly clock: SimClock;
  readonly recorder = new Recorder<KinesisStreamRecord[]>();
  readonly perturber: Perturber;
  private readonly settings: KinesisEsmSettings;
  private readonly shards: Shard[];
  private readonly deliveries = new Map<string, number>();
  private counter = 0;

  constructor(private readonly opts: KinesisEsmOptions) {
    this.clock = opts.clock ?? new SimClock();
    this.settings = opts.settings ?? FLOW_LOGS_KINESIS;
    this.perturber = new Perturber(opts.rng, opts.perturbations ?? NO_PERTURBATIONS);
    this.shards = Array.from({ length: opts.shards ?? 1 }, (_, i) => ({ id: `shardId-${String(i).padStart(12, '0')}`, records: [], arrivals: [], checkpoint: 0, pending: [], pollScheduled: false }));
  }

  /** PutRecord of each payload at the current simulated time; the partition key picks the shard. */
  deliver(...payloads: Array<CwlPayload | string>): void {
    for (const p of payloads) this.deliverData(kinesisData(p));
  }

  /** PutRecord of already-encoded data (e.g. replaying an on-failure entry's records). */
  deliverData(data: string, partitionKey = `pk-${createHash('sha256').update(data).digest('hex').slice(0, 8)}`): KinesisStreamRecord {
    const shardIndex = hash32(partitionKey) % this.shards.length;
    const shard = this.shards[shardIndex]!;
    const n = ++this.counter;
    const seq = `49${String(shardIndex).padStart(3, '0')}${String(n).padStart(51, '0')}`;
    const now = this.clock.now;
    const record: KinesisStreamRecord = {
      kinesis: { kinesisSchemaVersion: '1.0', partitionKey, sequenceNumber: seq, data, approximateArrivalTimestamp: now / 1000 },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${shard.id}:${seq}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::111122223333:role/an1261-flow-logs-stream',
      awsRegion: 'us-east-1',
      eventSourceARN: this.opts.streamArn ?? STREAM_ARN,
    };
    shard.records.push(record);
    shard.arrivals.push(now);
    this.schedule(shard, this.settings.maxBatchingWindowMs);
    return record;
  }

  private schedule(shard: Shard, delayMs: number): void {
    if (shard.pollScheduled) return;
    shard.pollScheduled = true;
    // Reordering across shards only: a shard's own records stay in order.
    this.clock.after(delayMs + this.perturber.reorderDelay(), `kinesis:${shard.id}`, () => this.poll(shard));
  }

  private async poll(shard: Shard): Promise<void> {
    shard.pollScheduled = false;
    let range = shard.pending[shard.pending.length - 1];
    if (!range) {
      if (shard.checkpoint >= shard.records.length) return;
      range = { start: shard.checkpoint, end: Math.min(shard.checkpoint + this.settings.batchSize, shard.records.length), attempts: 0 };
      shard.pending.push(range);
    }
    // MaximumRecordAge: records older than it are discarded before the invocation.
    const now = this.clock.now;
    let fresh = range.start;
    while (fresh < range.end && this.settings.maxRecordAgeMs >= 0 && now - shard.arrivals[fresh]! > this.settings.maxRecordAgeMs) fresh++;
    if (fresh > range.start) {
      this.discard(shard, range.start, fresh, 'RecordAgeExceeded', range.attempts);
      range.start = fresh;
      shard.checkpoint = Math.max(shard.checkpoint, fresh);
      if (range.start >= range.end) {
        shard.pending.pop();
        return this.next(shard, 0);
      }
    }
    const batch = shard.records.slice(range.start, range.end);
    const ages = shard.arrivals.slice(range.start, range.end).map((a) => now - a);
    let attempt = 0;
    for (const r of batch) {
      const d = (this.deliveries.get(r.eventID) ?? 0) + 1;
      this.deliveries.set(r.eventID, d);
      attempt = Math.max(attempt, d);
    }
    const requestId = `req-${this.opts.rng.hex(8)}`;
    const outcome = await invoke(this.opts.handler, { Records: batch }, simContext(this.settings.functionName, requestId, this.settings.timeoutMs), this.perturber);
    const ids = batch.map((r) => r.kinesis.sequenceNumber);
    const base = { at: now, attempt, ids, agesMs: ages, ...(range.duplicate ? { duplicate: true } : {}) };

    if (outcome.kind !== 'ok') {
      this.recorder.invocation({ ...base, outcome: outcome.kind, error: outcome.error });
      shard.pending.pop();
      if (this.settings.bisectBatchOnError && range.end - range.start > 1) {
        const mid = range.start + Math.ceil((range.end - range.start) / 2);
        shard.pending.push({ start: mid, end: range.end, attempts: range.attempts }, { start: range.start, end: mid, attempts: range.attempts });
        return this.next(shard, this.retryDelay());
      }
      return this.retryOrDiscard(shard, { ...range, attempts: range.attempts + 1 });
    }

    const failures = this.settings.reportBatchItemFailures ? outcome.result?.batchItemFailures ?? [] : [];
    if (failures.length === 0) {
      this.recorder.invocation({ ...base, outcome: 'ok' });
      shard.pending.pop();
      shard.checkpoint = Math.max(shard.checkpoint, range.end);
      if (!range.duplicate && this.perturber.duplicate()) {
        shard.pending.push({ start: range.start, end: range.end, attempts: 0, duplicate: true });
      }
      return this.next(shard, 0);
    }
    const reported = failures.map((f) => f.itemIdentifier);
    const indexes = reported.map((id) => ids.indexOf(id ?? ''));
    this.recorder.invocation({ ...base, outcome: 'partial', reportedFailures: reported.map((r) => r ?? '') });
    shard.pending.pop();
    if (indexes.some((i) => i < 0)) {
      // An empty, null or unknown itemIdentifier: "Lambda treats the batch as a complete failure".
      return this.retryOrDiscard(shard, { ...range, attempts: range.attempts + 1 });
    }
    const from = range.start + Math.min(...indexes);
    shard.checkpoint = Math.max(shard.checkpoint, from);
    const end = this.settings.bisectBatchOnError ? range.end : Math.min(from + this.settings.batchSize, shard.records.length);
    return this.retryOrDiscard(shard, { start: from, end, attempts: range.attempts + 1 });
  }

  /** A failed range: retried, or discarded to the on-failure destination once past retryAttempts. */
  private retryOrDiscard(shard: Shard, range: Range): void {
    if (this.settings.retryAttempts >= 0 && range.attempts > this.settings.retryAttempts) {
      this.discard(shard, range.start, range.end, 'RetryAttemptsExhausted', range.attempts);
      shard.checkpoint = Math.max(shard.checkpoint, range.end);
      return this.next(shard, 0);
    }
    shard.pending.push(range);
    this.next(shard, this.retryDelay());
  }

  private discard(shard: Shard, start: number, end: number, condition: KinesisOnFailureRecord['requestContext']['condition'], invokeCount: number): void {
    const records = shard.records.slice(start, end);
    const awsRecord: KinesisOnFailureRecord = {
      requestContext: { condition, functionArn: `arn:aws:lambda:us-east-1:111122223333:function:${this.settings.functionName}`, approximateInvokeCount: invokeCount },
      KinesisBatchInfo: {
        shardId: shard.id,
        startSequenceNumber: records[0]!.kinesis.sequenceNumber,
        endSequenceNumber: records[records.length - 1]!.kinesis.sequenceNumber,
        batchSize: records.length,
        streamArn: this.opts.streamArn ?? STREAM_ARN,
      },
    };
    this.recorder.deadLetter({ at: this.clock.now, destination: 'on-failure', reason: condition, ids: records.map((r) => r.kinesis.sequenceNumber), payload: records, awsRecord });
  }

  private next(shard: Shard, delayMs: number): void {
    if (shard.pending.length > 0 || shard.checkpoint < shard.records.length) this.schedule(shard, delayMs);
  }

  private retryDelay(): number {
    return this.opts.retryDelayMs ?? 1 * SECOND;
  }

  /** Per shard: the sequence number of the last record checkpointed (everything up to it succeeded or was discarded). */
  checkpoints(): Record<string, string | undefined> {
    return Object.fromEntries(this.shards.map((s) => [s.id, s.records[s.checkpoint - 1]?.kinesis.sequenceNumber]));
  }

  run(until?: number): Promise<number> {
    return this.clock.run(until);
  }

  get invocations(): readonly InvocationRecord[] {
    return this.recorder.invocations;
  }

  summary(): SimSummary<KinesisStreamRecord[]> {
    return this.recorder.summary(this.perturber);
  }
}
