/**
 * The handlers' clock during a chaos run. Lambda code reads `Date.now()` (the ingest clock, TTLs,
 * Powertools idempotency expiry) and waits with `setTimeout` (the SDK's retry backoff, the adaptive
 * rate limiter): both follow the simulation instead of the machine.
 *
 * - `Date.now()` is the simulated time of the event being run plus the real time spent in it, and
 *   never goes backwards (events at one simulated instant run one after another);
 * - `setTimeout` delays are scaled by `timerScale` (default 0.001: a 20 s backoff waits 20 ms, one
 *   under a second runs on the next turn), so retries keep their order and their back-off without
 *   costing minutes; (middy's timeout imports `node:timers` and keeps real time);
 * - the adaptive retry mode's client-side rate limiter (DynamoDB clients use `retryMode:
 *   'adaptive'`) hands out send tokens without waiting: it refills its bucket from `Date.now()`,
 *   which within one simulated instant only moves in real time, so after injected throttling it
 *   held each request for seconds of real time. Its pacing changes no outcome (the throttling it
 *   reacts to is injected per attempt, not caused by load); the retries and their back-off remain.
 *
 * Installed once per chaos process (it patches globals); `uninstall()` restores them.
 */
import { DefaultRateLimiter } from '@smithy/core/retry';
import type { SimClock } from './clock';

export function installSimTime(clock: SimClock, timerScale = 0.001): () => void {
  const realNow = Date.now.bind(Date);
  const realSetTimeout = globalThis.setTimeout;
  let simAt = clock.now;
  let realAt = realNow();
  let last = 0;
  Date.now = () => {
    if (clock.now !== simAt) {
      simAt = clock.now;
      realAt = realNow();
    }
    last = Math.max(last, simAt + (realNow() - realAt));
    return last;
  };
  const scaled = ((handler: (...a: unknown[]) => void, ms?: number, ...rest: unknown[]) => {
    const wait = (ms ?? 0) * timerScale;
    if (wait >= 1 || !ms) return realSetTimeout(handler, Math.round(wait), ...rest);
    // A wait scaled below a millisecond (the SDK's back-off, never cleared by its caller) runs on the
    // next turn: Node clamps any timer to 1 ms, which over 20,000 retries is 20 s of idling.
    return setImmediate(handler, ...rest);
  }) as unknown as typeof setTimeout;
  globalThis.setTimeout = Object.assign(scaled, realSetTimeout);
  const limiter = DefaultRateLimiter.prototype;
  const getSendToken = Object.getOwnPropertyDescriptor(limiter, 'getSendToken')!;
  Object.defineProperty(limiter, 'getSendToken', { ...getSendToken, value: async () => undefined });
  return () => {
    Object.defineProperty(limiter, 'getSendToken', getSendToken);
    Date.now = realNow;
    globalThis.setTimeout = realSetTimeout;
  };
}
