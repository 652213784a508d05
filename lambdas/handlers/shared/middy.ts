/**
 * The middy wrapping every handler shares: logger context (with the event when
 * POWERTOOLS_LOGGER_LOG_EVENT is set), a tracer segment per invocation when tracing is on, and
 * metrics flushed after each invocation (cold-start metric included).
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context } from 'aws-lambda';
import type { Powertools } from './powertools';
import { traceHandler } from './tracing';

/**
 * Wraps a plain async handler with the Powertools middlewares; add source-specific middlewares
 * with `.use()` on the result.
 * @example export const handler = instrument(async (event: SQSEvent, context) => …, tools);
 */
export function instrument<TEvent, TResult>(
  fn: (event: TEvent, context: Context) => Promise<TResult>,
  tools: Powertools,
) {
  const tracing = traceHandler(tools.tracing);
  return middy(fn)
    .use(tracing ? [tracing] : [])
    .use(injectLambdaContext(tools.logger))
    .use(logMetrics(tools.metrics, { captureColdStartMetric: true }));
}
