/**
 * The middy wrapping every handler shares: logger context (with the event when
 * POWERTOOLS_LOGGER_LOG_EVENT is set), a tracer segment per invocation, and metrics flushed
 * after each invocation (cold-start metric included).
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import type { Powertools } from './powertools';

/**
 * Wraps a plain async handler with the Powertools middlewares; add source-specific middlewares
 * with `.use()` on the result.
 * @example export const handler = instrument(async (event: SQSEvent, context) => …, tools);
 */
export function instrument<TEvent, TResult>(
  fn: (event: TEvent, context: Context) => Promise<TResult>,
  tools: Powertools,
) {
  return middy(fn)
    .use(captureLambdaHandler(tools.tracer))
    .use(injectLambdaContext(tools.logger))
    .use(logMetrics(tools.metrics, { captureColdStartMetric: true }));
}
