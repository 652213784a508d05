/**
 * The fault injector: two middlewares on an SDK v3 client's own middleware stack, so requests go
 * through the real SDK (serializer, retry strategy, deserializer, signing) and only the faults are
 * made up. Not a fake service.
 *
 * Where they sit in the stack (initialize → serialize → build → finalizeRequest → deserialize → HTTP):
 * - `chaosCallFaults`, step `initialize` (priority low): once per logical call, before the input is
 *   serialized and outside the retry loop. A partial batch withholds entries from `args.input` and
 *   adds them to the output as refused, so the caller sees exactly what AWS would return. An SNS
 *   `publish-error` arms a burst of 1–8 failing attempts for this call.
 * - `chaosAttemptFaults`, step `finalizeRequest`, right after `retryMiddleware`: once per attempt,
 *   inside the retry loop, so the SDK's retry strategy classifies, counts and retries what it
 *   throws (throttling, 5xx, timeouts, the armed publish burst) as it would a real response; when
 *   the attempts or the retry quota run out, the caller gets the error with `$metadata.attempts`.
 *
 * @example
 * const client = new DynamoDBClient({});
 * injectFaults(client, new FaultPlan({ seed: 7, rate: 0.2 }));
 */
import type { FinalizeHandlerArguments, FinalizeRequestMiddleware, HandlerExecutionContext, InitializeHandlerArguments, InitializeMiddleware, MiddlewareStack } from '@smithy/types';
import { attemptError, serviceError } from './fault-errors';
import { type FaultPlan, pick } from './fault-plan';
import { partialBatchFor } from './partial-batch-faults';

/** The part of an SDK v3 client the injector uses. */
export interface StackClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  middlewareStack: MiddlewareStack<any, any>;
}

export const CALL_FAULTS_MIDDLEWARE = 'chaosCallFaults';
export const ATTEMPT_FAULTS_MIDDLEWARE = 'chaosAttemptFaults';
/** The SDK's retry middleware (@smithy/core/retry retryMiddlewareOptions.name). */
export const RETRY_MIDDLEWARE = 'retryMiddleware';
/** Longest run of failing attempts a `publish-error` arms (createSnsClient allows 6 attempts). */
export const PUBLISH_BURST_MAX = 8;

/** Context key of the failing attempts still armed for this call. */
const BURST = '__chaosFailingAttempts';

const injected = new WeakMap<object, FaultPlan>();

/** `DynamoDB` and `BatchWriteItem` from `DynamoDBClient` and `BatchWriteItemCommand`. */
export function callNames(context: HandlerExecutionContext): { service: string; operation: string } {
  return {
    service: (context.clientName ?? 'Unknown').replace(/Client$/, ''),
    operation: (context.commandName ?? 'Unknown').replace(/Command$/, ''),
  };
}

/** The initialize-step middleware: partial batches and publish bursts, once per logical call. */
export function callFaultsMiddleware(plan: FaultPlan): InitializeMiddleware<object, object> {
  return (next, context) => async (args: InitializeHandlerArguments<object>) => {
    context[BURST] = 0;
    const { service, operation } = callNames(context);
    const kind = plan.callFault(service, operation);
    if (kind === undefined) return next(args);
    const random = plan.random(service, operation);
    if (kind === 'publish-error') {
      context[BURST] = 1 + Math.floor(random() * PUBLISH_BURST_MAX);
      plan.record(service, operation, kind);
      return next(args);
    }
    const partial = partialBatchFor(service, operation, args.input, random);
    if (!partial) return next(args);
    plan.record(service, operation, kind);
    if (partial.send === undefined) return { output: partial.complete(undefined) as object, response: undefined };
    const result = await next({ ...args, input: partial.send as object });
    return { ...result, output: partial.complete(result.output) as object };
  };
}

/** The finalizeRequest-step middleware: throttling, 5xx and timeouts, once per attempt. */
export function attemptFaultsMiddleware(plan: FaultPlan): FinalizeRequestMiddleware<object, object> {
  return (next, context) => async (args: FinalizeHandlerArguments<object>) => {
    const { service, operation } = callNames(context);
    const burst = typeof context[BURST] === 'number' ? (context[BURST] as number) : 0;
    if (burst > 0) {
      context[BURST] = burst - 1;
      throw serviceError(service, pick(['throttling', 'server-error'] as const, plan.random(service, operation)), plan.random(service, operation));
    }
    const kind = plan.attemptFault(service, operation);
    if (kind === undefined) return next(args);
    plan.record(service, operation, kind);
    throw attemptError(service, kind, plan.random(service, operation));
  };
}

/**
 * Adds the fault middlewares to one client. Idempotent: injecting the same plan again does nothing;
 * another plan replaces the first. Returns the client.
 */
export function injectFaults<C extends StackClient>(client: C, plan: FaultPlan): C {
  const current = injected.get(client);
  if (current === plan) return client;
  if (current) removeFaults(client);
  const stack = client.middlewareStack;
  stack.add(callFaultsMiddleware(plan), { step: 'initialize', priority: 'low', name: CALL_FAULTS_MIDDLEWARE, tags: ['CHAOS'], override: true });
  const hasRetry = stack.identify().some((entry) => entry.startsWith(`${RETRY_MIDDLEWARE} `));
  if (hasRetry) {
    stack.addRelativeTo(attemptFaultsMiddleware(plan), { relation: 'after', toMiddleware: RETRY_MIDDLEWARE, name: ATTEMPT_FAULTS_MIDDLEWARE, tags: ['CHAOS'], override: true });
  } else {
    // A client without the SDK's retry middleware: every attempt fault reaches the caller.
    stack.add(attemptFaultsMiddleware(plan), { step: 'finalizeRequest', priority: 'high', name: ATTEMPT_FAULTS_MIDDLEWARE, tags: ['CHAOS'], override: true });
  }
  injected.set(client, plan);
  return client;
}

/** Removes the fault middlewares from a client (nothing if it has none). */
export function removeFaults(client: StackClient): void {
  if (!injected.has(client)) return;
  client.middlewareStack.remove(CALL_FAULTS_MIDDLEWARE);
  client.middlewareStack.remove(ATTEMPT_FAULTS_MIDDLEWARE);
  injected.delete(client);
}

/** The plan injected into a client, if any. */
export function faultPlanOf(client: object): FaultPlan | undefined {
  return injected.get(client);
}
