/**
 * The real handlers fit the simulators' handler types (checked by `tsc`, nothing loaded at run time:
 * the lead's harness passes them in).
 */
import type { CloudWatchLogsEvent, KinesisStreamBatchResponse, KinesisStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { AnyEventBridgeEvent } from '../../chaos/triggers/eventbridge-target';
import type { Handler } from '../../chaos/triggers/invoke';

type H<M> = M extends { handler: infer F } ? F : never;
type Fits<F, E, R> = F extends Handler<E, R> ? true : false;

const checks: [
  Fits<H<typeof import('../../lambdas/handlers/eks-audit.handler')>, CloudWatchLogsEvent, unknown>,
  Fits<H<typeof import('../../lambdas/handlers/host-logs.handler')>, CloudWatchLogsEvent, unknown>,
  Fits<H<typeof import('../../lambdas/handlers/flow-logs.handler')>, CloudWatchLogsEvent, unknown>,
  Fits<H<typeof import('../../lambdas/handlers/flow-logs-stream.handler')>, KinesisStreamEvent, KinesisStreamBatchResponse | void | undefined>,
  Fits<H<typeof import('../../lambdas/handlers/cross-account-logs.handler')>, KinesisStreamEvent, KinesisStreamBatchResponse | void | undefined>,
  Fits<H<typeof import('../../lambdas/handlers/ecr-events.handler')>, AnyEventBridgeEvent, unknown>,
  Fits<H<typeof import('../../lambdas/handlers/s3-objects.handler')>, SQSEvent, SQSBatchResponse | void | undefined>,
  Fits<H<typeof import('../../lambdas/handlers/publish.handler')>, SQSEvent, SQSBatchResponse | void | undefined>,
] = [true, true, true, true, true, true, true, true];

it('the real handlers type-check as simulator handlers', () => {
  expect(checks.every(Boolean)).toBe(true);
});
