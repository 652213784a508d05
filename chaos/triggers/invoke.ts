/**
 * One Lambda invocation as the simulators make it: a fresh Context (deterministic request id), the
 * handler awaited, and the outcome classified. A crash (see perturbations.ts) runs the handler and
 * then discards what it returned or threw: the invocation failed as a timeout does.
 */
import type { Context } from 'aws-lambda';
import type { Perturber } from './perturbations';
import { fakeLambdaContext } from '../../test/support/lambda-context';

/** A handler as the lead's harness passes it: a real `lambdas/handlers/*.handler` or a fake. */
export type Handler<E, R> = (event: E, context: Context) => Promise<R>;

export type Outcome<R> =
  | { readonly kind: 'ok'; readonly result: R }
  | { readonly kind: 'error'; readonly error: string }
  | { readonly kind: 'crash'; readonly error: string; readonly discarded: 'result' | 'error' };

export function simContext(functionName: string, requestId: string, timeoutMs: number): Context {
  return fakeLambdaContext(functionName, { requestId, remainingMs: timeoutMs, logStream: 'chaos' });
}

export async function invoke<E, R>(handler: Handler<E, R>, event: E, context: Context, perturber: Perturber): Promise<Outcome<R>> {
  let outcome: Outcome<R>;
  try {
    outcome = { kind: 'ok', result: await handler(event, context) };
  } catch (e) {
    outcome = { kind: 'error', error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
  if (perturber.crash()) {
    return { kind: 'crash', error: `Task timed out (instance died mid-batch, chaos)`, discarded: outcome.kind === 'ok' ? 'result' : 'error' };
  }
  return outcome;
}
