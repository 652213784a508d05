/**
 * Lambda's asynchronous invocation queue, as AWS documents it (docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html):
 * - "If the function returns an error, by default Lambda attempts to run it two more times, with a
 *   one-minute wait between the first two attempts, and two minutes between the second and third
 *   attempts. Function errors include errors returned by the function's code and errors returned by
 *   the function's runtime, such as timeouts." (MaximumRetryAttempts 0..2 lowers that.)
 * - "When an event expires or fails all processing attempts, Lambda discards it" — or sends an
 *   invocation record to the on-failure destination (its `requestPayload` is the event;
 *   `requestContext.condition` is `RetriesExhausted` or `EventAgeExceeded`), here recorded with the event.
 * - "it's possible for it to receive the same event from Lambda multiple times because the queue
 *   itself is eventually consistent": the duplicate perturbation.
 * The return value of an async invoke is ignored (no partial batch response).
 */
import type { SimClock } from '../clock';
import type { Rng } from '../rng';
import { type Handler, invoke, simContext } from './invoke';
import { NO_PERTURBATIONS, Perturber, type Perturbations } from './perturbations';
import { Recorder, type SimSummary } from './report';
import type { AsyncInvokeSettings } from './settings';

export interface AsyncInvokeOptions<E> {
  readonly handler: Handler<E, unknown>;
  readonly rng: Rng;
  readonly clock: SimClock;
  readonly settings: AsyncInvokeSettings;
  readonly perturbations?: Perturbations;
  /** Identity of an event in the records (e.g. a hash or the EventBridge `id`). */
  readonly idOf: (event: E, index: number) => string;
  /** Shared recorder/perturber when this queue is one stage of a longer chain (EventBridge → Lambda). */
  readonly recorder?: Recorder<E>;
  readonly perturber?: Perturber;
}

/** The on-failure destination's invocation record, as Lambda writes it (the fields we simulate). */
export interface AsyncInvocationRecord<E> {
  readonly version: '1.0';
  readonly timestamp: string;
  readonly requestContext: { readonly requestId: string; readonly functionArn: string; readonly condition: 'RetriesExhausted' | 'EventAgeExceeded'; readonly approximateInvokeCount: number };
  readonly requestPayload: E;
  readonly responsePayload?: { readonly errorMessage: string };
}

export class AsyncInvokeQueue<E> {
  readonly recorder: Recorder<E>;
  readonly perturber: Perturber;
  private readonly perturbations: Perturbations;
  private accepted = 0;

  constructor(private readonly opts: AsyncInvokeOptions<E>) {
    this.perturbations = opts.perturbations ?? NO_PERTURBATIONS;
    this.recorder = opts.recorder ?? new Recorder<E>();
    this.perturber = opts.perturber ?? new Perturber(opts.rng, this.perturbations);
  }

  /** Lambda accepts an Invoke(InvocationType=Event) at `now`: the event is queued (202). */
  accept(event: E, enqueuedAt = this.opts.clock.now): void {
    const index = this.accepted++;
    const id = this.opts.idOf(event, index);
    const requestId = `req-${this.opts.rng.hex(8)}-${index}`;
    const first = this.perturber.reorderDelay();
    this.opts.clock.after(first, `async:${id}:1`, () => this.attempt(event, id, requestId, enqueuedAt, 1, false));
    if (this.perturber.duplicate()) {
      const later = this.opts.rng.int(0, Math.max(1, this.perturbations.reorderWindowMs));
      this.opts.clock.after(later, `async:${id}:dup`, () => this.attempt(event, id, `${requestId}-dup`, enqueuedAt, 1, true));
    }
  }

  private async attempt(event: E, id: string, requestId: string, enqueuedAt: number, attempt: number, duplicate: boolean): Promise<void> {
    const { clock, settings } = this.opts;
    const age = clock.now - enqueuedAt;
    if (age > settings.maxEventAgeMs) {
      this.fail(event, id, requestId, 'EventAgeExceeded', attempt - 1);
      return;
    }
    const outcome = await invoke(this.opts.handler, event, simContext(settings.functionName, requestId, settings.timeoutMs), this.perturber);
    const error = outcome.kind === 'ok' ? undefined : outcome.error;
    this.recorder.invocation({ at: clock.now, attempt, ids: [id], agesMs: [age], outcome: outcome.kind, ...(error ? { error } : {}), ...(duplicate ? { duplicate } : {}) });
    if (outcome.kind === 'ok') return;
    if (attempt > settings.retryAttempts) {
      this.fail(event, id, requestId, 'RetriesExhausted', attempt, error);
      return;
    }
    const delay = settings.retryDelaysMs[attempt - 1] ?? settings.retryDelaysMs[settings.retryDelaysMs.length - 1] ?? 0;
    clock.after(delay, `async:${id}:${attempt + 1}`, () => this.attempt(event, id, requestId, enqueuedAt, attempt + 1, duplicate));
  }

  private fail(event: E, id: string, requestId: string, condition: 'RetriesExhausted' | 'EventAgeExceeded', invokeCount: number, error?: string): void {
    const { clock, settings } = this.opts;
    const awsRecord: AsyncInvocationRecord<E> = {
      version: '1.0',
      timestamp: new Date(clock.now).toISOString(),
      requestContext: { requestId, functionArn: `arn:aws:lambda:us-east-1:111122223333:function:${settings.functionName}:$LATEST`, condition, approximateInvokeCount: invokeCount },
      requestPayload: event,
      ...(error ? { responsePayload: { errorMessage: error } } : {}),
    };
    this.recorder.deadLetter({ at: clock.now, destination: 'on-failure', reason: condition, ids: [id], payload: event, awsRecord });
  }

  summary(): SimSummary<E> {
    return this.recorder.summary(this.perturber);
  }
}
