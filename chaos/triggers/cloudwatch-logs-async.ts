/**
 * A CloudWatch Logs subscription filter with a Lambda destination: CloudWatch Logs invokes the
 * function ASYNCHRONOUSLY with `{ awslogs: { data: base64(gzip(JSON payload)) } }`, so delivery
 * failures follow Lambda's async queue (async-invoke.ts): a thrown error is retried after 1 min and
 * 2 min (retryAttempts 2 from lib/ingest-sources.ts), then the event goes to the on-failure
 * destination (the ingest DLQ); an event older than maxEventAge (1 h) is discarded there too.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import type { CwlPayload } from '../../lambdas/core/envelopes/cwl-payload';
import { SimClock } from '../clock';
import type { Rng } from '../rng';
import { AsyncInvokeQueue } from './async-invoke';
import type { Handler } from './invoke';
import type { Perturbations } from './perturbations';
import type { InvocationRecord, SimSummary } from './report';
import { type AsyncInvokeSettings, CWL_ASYNC } from './settings';

/** The event CloudWatch Logs sends a subscribed function. */
export function awslogsEvent(payload: CwlPayload): CloudWatchLogsEvent {
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
}

export interface CloudWatchLogsAsyncOptions {
  readonly handler: Handler<CloudWatchLogsEvent, unknown>;
  readonly rng: Rng;
  readonly clock?: SimClock;
  readonly settings?: AsyncInvokeSettings;
  readonly perturbations?: Perturbations;
}

export class CloudWatchLogsAsyncSimulator {
  readonly clock: SimClock;
  private readonly queue: AsyncInvokeQueue<CloudWatchLogsEvent>;

  constructor(opts: CloudWatchLogsAsyncOptions) {
    this.clock = opts.clock ?? new SimClock();
    this.queue = new AsyncInvokeQueue<CloudWatchLogsEvent>({
      handler: opts.handler,
      rng: opts.rng,
      clock: this.clock,
      settings: opts.settings ?? CWL_ASYNC,
      ...(opts.perturbations ? { perturbations: opts.perturbations } : {}),
      // The delivery's index makes identical payloads distinct deliveries; the hash ties replays to content.
      idOf: (e, i) => `cwl-${i}-${createHash('sha256').update(e.awslogs.data).digest('hex').slice(0, 8)}`,
    });
  }

  /** Each payload is one subscription delivery (one async invoke) at the current simulated time. */
  deliver(...payloads: CwlPayload[]): void {
    for (const p of payloads) this.queue.accept(awslogsEvent(p));
  }

  /** Replays already-encoded events (e.g. the `payload` of on-failure entries, for a redrive). */
  deliverEvents(...events: CloudWatchLogsEvent[]): void {
    for (const e of events) this.queue.accept(e);
  }

  run(until?: number): Promise<number> {
    return this.clock.run(until);
  }

  get invocations(): readonly InvocationRecord[] {
    return this.queue.recorder.invocations;
  }

  summary(): SimSummary<CloudWatchLogsEvent> {
    return this.queue.summary();
  }
}
