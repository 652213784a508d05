/**
 * X-Ray tracing for the handlers, loaded only when it is on. Importing the Powertools Tracer module
 * evaluates the X-Ray SDK (aws-xray-sdk-core, cls-hooked, semver: about 20 ms of a cold start)
 * even when the Tracer is then created disabled, which it is outside Lambda (tests, the bench, the
 * CLI) and with POWERTOOLS_TRACE_ENABLED=false. So the Tracer is imported dynamically, and only
 * when Powertools would enable it; esbuild keeps the module in the same bundle file but evaluates
 * it only at that import. On AWS (the construct sets Tracing.ACTIVE) it is imported at cold start,
 * as before.
 */
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';
import type { Env } from './env';

/**
 * Whether the Powertools Tracer would be enabled (its own rule, Tracer.setTracingEnabled): not
 * switched off by POWERTOOLS_TRACE_ENABLED=false, inside Lambda (AWS_EXECUTION_ENV set), and not
 * under SAM local or the Amplify mock.
 */
export function tracingActive(env: Env = process.env): boolean {
  if (env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() === 'false') return false;
  const executionEnv = env.AWS_EXECUTION_ENV ?? '';
  return executionEnv !== '' && executionEnv !== 'AWS_Lambda_amplify-mock' && (env.AWS_SAM_LOCAL ?? '') === '';
}

/**
 * The handler's Tracer, or nothing when tracing is off. Creating it starts the import when tracing
 * is active, so the X-Ray SDK is set up during the Lambda's init phase as before.
 * @example
 * const tracing = new LazyTracer('an1261-publish');
 * const client = await tracing.captureClient(new SNSClient({})); // traced only when tracing is on
 */
export class LazyTracer {
  readonly active: boolean;
  private readonly loaded: Promise<Tracer | undefined>;

  /** `env` decides whether to import the Tracer; the Tracer itself then reads process.env, as Powertools does. */
  constructor(serviceName: string, env: Env = process.env) {
    this.active = tracingActive(env);
    this.loaded = this.active ? import('@aws-lambda-powertools/tracer').then(({ Tracer: PowertoolsTracer }) => new PowertoolsTracer({ serviceName })) : Promise.resolve(undefined);
  }

  /** The Powertools Tracer once imported; undefined when tracing is off. */
  tracer(): Promise<Tracer | undefined> {
    return this.loaded;
  }

  /** The SDK client with X-Ray subsegments for its calls when tracing is on (Tracer.captureAWSv3Client), else as given. */
  async captureClient<T>(client: T): Promise<T> {
    const tracer = await this.loaded;
    return tracer ? tracer.captureAWSv3Client(client) : client;
  }
}

/**
 * Powertools' captureLambdaHandler middleware over the lazily imported Tracer; undefined when
 * tracing is off (the Powertools middleware would do nothing then).
 */
export function traceHandler(tracing: LazyTracer): MiddlewareObj | undefined {
  if (!tracing.active) return undefined;
  let middleware: Promise<MiddlewareObj | undefined> | undefined;
  const inner = () => (middleware ??= tracing.tracer().then((tracer) => (tracer ? captureLambdaHandler(tracer) : undefined)));
  return {
    before: async (request) => (await inner())?.before?.(request),
    after: async (request) => (await inner())?.after?.(request),
    onError: async (request) => (await inner())?.onError?.(request),
  };
}
