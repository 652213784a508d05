/**
 * Powertools instances for a handler: one Logger, Metrics and Tracer per Lambda, named after the
 * function's role. POWERTOOLS_SERVICE_NAME (set by the CDK construct) wins over the default name;
 * the metrics namespace is POWERTOOLS_METRICS_NAMESPACE, else "AN1261". The Tracer is imported
 * only when tracing is on (./tracing.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { ENV, METRICS_NAMESPACE } from '../../contract';
import { type Env, optionalEnv } from './env';
import { LazyTracer } from './tracing';

export interface Powertools {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracing: LazyTracer;
}

/**
 * Creates the three instances, once per module (cold start).
 * @example const { logger, metrics, tracing } = createPowertools('an1261-publish');
 */
export function createPowertools(defaultServiceName: string, env: Env = process.env): Powertools {
  const serviceName = optionalEnv(ENV.serviceName, env) ?? defaultServiceName;
  const namespace = optionalEnv(ENV.metricsNamespace, env) ?? METRICS_NAMESPACE;
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ serviceName, namespace }),
    tracing: new LazyTracer(serviceName, env),
  };
}
