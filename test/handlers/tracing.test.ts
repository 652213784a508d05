/**
 * Tracing for the handlers (lambdas/handlers/shared/tracing.ts): the X-Ray SDK is imported only
 * where Powertools would enable its Tracer.
 */
import { LazyTracer, traceHandler, tracingActive } from '../../lambdas/handlers/shared/tracing';

describe('Function: tracingActive', () => {
  it.each([
    [{}, false],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' }, true],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', POWERTOOLS_TRACE_ENABLED: 'FALSE' }, false],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', POWERTOOLS_TRACE_ENABLED: 'true' }, true],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', AWS_SAM_LOCAL: 'true' }, false],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_amplify-mock' }, false],
  ])('%j → %s (the Powertools Tracer rule)', (env, active) => {
    expect(tracingActive(env)).toBe(active);
  });
});

describe('Class: LazyTracer', () => {
  it('outside Lambda: no Tracer, clients as given, no middleware', async () => {
    const tracing = new LazyTracer('an1261-test', {});
    const client = { send: jest.fn() };
    expect({ active: tracing.active, tracer: await tracing.tracer(), client: await tracing.captureClient(client), middleware: traceHandler(tracing) }).toEqual({ active: false, tracer: undefined, client, middleware: undefined });
  });

  it('inside Lambda: the Powertools Tracer, enabled, and a middleware for the handler', async () => {
    // Prepare: the Tracer reads process.env itself.
    const saved = process.env.AWS_EXECUTION_ENV;
    process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs24.x';
    try {
      // Act
      const tracing = new LazyTracer('an1261-test');
      const tracer = await tracing.tracer();
      // Assess
      expect({ enabled: tracer?.isTracingEnabled(), hooks: Object.keys(traceHandler(tracing) ?? {}).sort() }).toEqual({ enabled: true, hooks: ['after', 'before', 'onError'] });
    } finally {
      if (saved === undefined) delete process.env.AWS_EXECUTION_ENV;
      else process.env.AWS_EXECUTION_ENV = saved;
    }
  });
});
