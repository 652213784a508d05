/**
 * An EventBridge rule target (docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html):
 * "When an event isn't successfully delivered to a target because of retriable errors, EventBridge
 * retries sending the event ... By default, EventBridge retries sending the event for 24 hours and up
 * to 185 times with an exponential back off and jitter"; with a DLQ, an event that exhausts them goes
 * there (the event as the message body; ERROR_CODE/ERROR_MESSAGE/RULE_ARN/TARGET_ARN attributes).
 * The app sets `retryAttempts: 8, maxEventAge: 2 h`, DLQ the ingest DLQ (settings.ts).
 *
 * Two kinds of target:
 * - `lambda`: EventBridge invokes the function ASYNCHRONOUSLY. The retry policy covers getting the
 *   event into Lambda's queue (throttles, service errors: `deliveryFails`); once accepted, function
 *   errors follow Lambda's async retries and on-failure destination (async-invoke.ts, the app's
 *   `asyncFailures` on the ecr-events function).
 * - `put`: a target whose API call may fail (the object-intake SQS queue: `put` throws), retried
 *   under the same policy.
 * The backoff schedule is undocumented: "equal jitter", uniform in [c/2, c] with c = min(cap, base·2^(n-1)) (our choice).
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { SimClock } from '../clock';
import type { Rng } from '../rng';
import { AsyncInvokeQueue } from './async-invoke';
import type { Handler } from './invoke';
import { NO_PERTURBATIONS, Perturber, type Perturbations } from './perturbations';
import { type InvocationRecord, Recorder, type SimSummary } from './report';
import { type AsyncInvokeSettings, ECR_EVENTS_ASYNC, EVENTBRIDGE_TARGET, type EventBridgeTargetSettings } from './settings';

export type AnyEventBridgeEvent = EventBridgeEvent<string, unknown>;

export type EventBridgeTarget =
  | { readonly kind: 'lambda'; readonly handler: Handler<AnyEventBridgeEvent, unknown>; readonly asyncSettings?: AsyncInvokeSettings }
  | { readonly kind: 'put'; readonly put: (event: AnyEventBridgeEvent) => Promise<void> | void };

export interface EventBridgeTargetOptions {
  readonly target: EventBridgeTarget;
  readonly rng: Rng;
  readonly clock?: SimClock;
  readonly settings?: EventBridgeTargetSettings;
  readonly perturbations?: Perturbations;
  /** Whether delivery attempt `attempt` (1-based) of `event` fails with a retriable error (throttle, 5xx). */
  readonly deliveryFails?: (event: AnyEventBridgeEvent, attempt: number) => boolean;
  readonly ruleArn?: string;
}

/** The DLQ message EventBridge sends (body = the event). */
export interface EventBridgeDlqMessage {
  readonly body: AnyEventBridgeEvent;
  readonly attributes: { readonly ERROR_CODE: string; readonly ERROR_MESSAGE: string; readonly RULE_ARN: string; readonly TARGET_ARN: string };
}

export class EventBridgeTargetSimulator {
  readonly clock: SimClock;
  readonly recorder = new Recorder<AnyEventBridgeEvent>();
  readonly perturber: Perturber;
  /** Target delivery attempts that failed and were retried (not Lambda invocations). */
  targetRetries = 0;
  private readonly settings: EventBridgeTargetSettings;
  private readonly perturbations: Perturbations;
  private readonly lambda?: AsyncInvokeQueue<AnyEventBridgeEvent>;

  constructor(private readonly opts: EventBridgeTargetOptions) {
    this.clock = opts.clock ?? new SimClock();
    this.settings = opts.settings ?? EVENTBRIDGE_TARGET;
    this.perturbations = opts.perturbations ?? NO_PERTURBATIONS;
    this.perturber = new Perturber(opts.rng, this.perturbations);
    if (opts.target.kind === 'lambda') {
      this.lambda = new AsyncInvokeQueue<AnyEventBridgeEvent>({
        handler: opts.target.handler,
        rng: opts.rng,
        clock: this.clock,
        settings: opts.target.asyncSettings ?? ECR_EVENTS_ASYNC,
        perturbations: this.perturbations,
        idOf: (e) => e.id,
        recorder: this.recorder,
        perturber: this.perturber,
      });
    }
  }

  /** Each event matched the rule at the current simulated time. */
  deliver(...events: AnyEventBridgeEvent[]): void {
    for (const e of events) {
      const matchedAt = this.clock.now;
      this.clock.after(this.perturber.reorderDelay(), `eb:${e.id}:1`, () => this.attempt(e, matchedAt, 1));
      if (this.opts.target.kind === 'put' && this.perturber.duplicate()) {
        // The async Lambda queue injects its own duplicates; a put target gets them here.
        this.clock.after(this.opts.rng.int(0, Math.max(1, this.perturbations.reorderWindowMs)), `eb:${e.id}:dup`, () => this.attempt(e, matchedAt, 1, true));
      }
    }
  }

  private async attempt(event: AnyEventBridgeEvent, matchedAt: number, attempt: number, duplicate = false): Promise<void> {
    const age = this.clock.now - matchedAt;
    let error: string | undefined;
    if (this.opts.deliveryFails?.(event, attempt)) error = 'ThrottlingException: Rate exceeded (simulated)';
    else if (this.opts.target.kind === 'put') {
      try {
        await this.opts.target.put(event);
      } catch (e) {
        error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      }
      this.recorder.invocation({ at: this.clock.now, attempt, ids: [event.id], agesMs: [age], outcome: error ? 'error' : 'ok', ...(error ? { error } : {}), ...(duplicate ? { duplicate } : {}) });
    }
    if (!error) {
      this.lambda?.accept(event, this.clock.now);
      return;
    }
    // RetryPolicy: retryAttempts retries after the first attempt, while the event is younger than maxEventAge.
    const delay = this.backoff(attempt);
    if (attempt > this.settings.retryAttempts || age + delay > this.settings.maxEventAgeMs) {
      const reason = attempt > this.settings.retryAttempts ? 'RetriesExhausted' : 'MaximumEventAgeExceeded';
      const awsRecord: EventBridgeDlqMessage = {
        body: event,
        attributes: { ERROR_CODE: reason, ERROR_MESSAGE: error, RULE_ARN: this.opts.ruleArn ?? 'arn:aws:events:us-east-1:111122223333:rule/EcrPushRule', TARGET_ARN: 'target' },
      };
      this.recorder.deadLetter({ at: this.clock.now, destination: 'dlq', reason, ids: [event.id], payload: event, awsRecord });
      return;
    }
    this.targetRetries++;
    this.clock.after(delay, `eb:${event.id}:${attempt + 1}`, () => this.attempt(event, matchedAt, attempt + 1, duplicate));
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.settings.backoffCapMs, this.settings.backoffBaseMs * 2 ** (attempt - 1));
    return this.opts.rng.int(Math.floor(ceiling / 2), ceiling);
  }

  run(until?: number): Promise<number> {
    return this.clock.run(until);
  }

  get invocations(): readonly InvocationRecord[] {
    return this.recorder.invocations;
  }

  summary(): SimSummary<AnyEventBridgeEvent> {
    const s = this.recorder.summary(this.perturber);
    // A put target's attempts are recorded as invocations (their retries counted there); a Lambda target's failed deliveries are not.
    return this.opts.target.kind === 'lambda' ? { ...s, retries: s.retries + this.targetRetries } : s;
  }
}
