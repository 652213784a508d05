/**
 * The delivery settings the CDK app deploys (read from lib/, with AWS defaults where it sets none).
 * Copied, not imported: lib/ pulls in aws-cdk-lib and the simulators stay pure;
 * test/chaos/settings.test.ts checks these values against the lib/ sources.
 */
import { HOUR, MINUTE, SECOND } from '../clock';

/** Lambda asynchronous invocation (CloudWatch Logs subscriptions, and the EventBridge-invoked function). */
export interface AsyncInvokeSettings {
  readonly functionName: string;
  /** Retries after the first attempt on a function error (MaximumRetryAttempts, 0..2). */
  readonly retryAttempts: number;
  /** Waits before each retry: AWS: "a one-minute wait between the first two attempts, and two minutes between the second and third". */
  readonly retryDelaysMs: readonly number[];
  /** MaximumEventAgeInSeconds: an event older than this is discarded to the on-failure destination. */
  readonly maxEventAgeMs: number;
  readonly timeoutMs: number;
}

/** lib/ingest-sources.ts `asyncFailures`: `configureAsyncInvoke({ maxEventAge: 1 h, retryAttempts: 2, onFailure: SqsDestination(ingestDlq) })`, on eks-audit, host-logs, flow-logs (no Kinesis) and ecr-events. */
export const CWL_ASYNC: AsyncInvokeSettings = {
  functionName: 'an1261-eks-audit',
  retryAttempts: 2,
  retryDelaysMs: [1 * MINUTE, 2 * MINUTE],
  maxEventAgeMs: 1 * HOUR,
  // lib/detector-function.ts: timeout default 60 s.
  timeoutMs: 60 * SECOND,
};

/** An EventBridge rule target's RetryPolicy and DLQ. */
export interface EventBridgeTargetSettings {
  /** RetryPolicy.MaximumRetryAttempts (AWS default 185). */
  readonly retryAttempts: number;
  /** RetryPolicy.MaximumEventAgeInSeconds (AWS default 24 h). */
  readonly maxEventAgeMs: number;
  /** First backoff step and cap of the "exponential back off and jitter" (not documented by AWS: our choice). */
  readonly backoffBaseMs: number;
  readonly backoffCapMs: number;
}

/**
 * lib/ingest-sources.ts EcrPushRule and PutImageRule: `targets.LambdaFunction(ecrEvents.fn, { deadLetterQueue: ingestDlq, retryAttempts: 8, maxEventAge: 2 h })`;
 * lib/object-intake.ts ObjectCreatedRule*: the intake-queue target, same `retryAttempts: 8, maxEventAge: 2 h`, DLQ ingestDlq.
 */
export const EVENTBRIDGE_TARGET: EventBridgeTargetSettings = { retryAttempts: 8, maxEventAgeMs: 2 * HOUR, backoffBaseMs: 1 * SECOND, backoffCapMs: 5 * MINUTE };

/** The ecr-events function is invoked asynchronously by EventBridge: `asyncFailures` applies to its function errors. */
export const ECR_EVENTS_ASYNC: AsyncInvokeSettings = { ...CWL_ASYNC, functionName: 'an1261-ecr-events' };

/** A Kinesis event source mapping. */
export interface KinesisEsmSettings {
  readonly functionName: string;
  readonly batchSize: number;
  readonly maxBatchingWindowMs: number;
  readonly bisectBatchOnError: boolean;
  readonly reportBatchItemFailures: boolean;
  /** MaximumRetryAttempts (AWS default -1: until the record expires). */
  readonly retryAttempts: number;
  /** MaximumRecordAgeInSeconds (AWS default -1: infinite, up to the stream's retention). */
  readonly maxRecordAgeMs: number;
  /** ParallelizationFactor: recorded; the simulator reads one batch per shard at a time (stricter order than AWS's per-partition-key order). */
  readonly parallelizationFactor: number;
  readonly timeoutMs: number;
}

/**
 * lib/ingest-sources.ts FlowLogsStream mapping: `batchSize: kin.batchSize` (config `operations.flowLogsKinesis.batchSize`, default 500,
 * lambdas/core/model/config.ts), `parallelizationFactor` (default 2), `bisectBatchOnError: true, reportBatchItemFailures: true,
 * retryAttempts: 3, maxRecordAge: 1 h, onFailure: SqsDlq(ingestDlq)`, no batching window (AWS default 0).
 */
export const FLOW_LOGS_KINESIS: KinesisEsmSettings = {
  functionName: 'an1261-flow-logs-stream',
  batchSize: 500,
  maxBatchingWindowMs: 0,
  bisectBatchOnError: true,
  reportBatchItemFailures: true,
  retryAttempts: 3,
  maxRecordAgeMs: 1 * HOUR,
  parallelizationFactor: 2,
  timeoutMs: 60 * SECOND,
};

/** lib/cross-account-logs.ts: `batchSize: 500, maxBatchingWindow: 5 s, parallelizationFactor: 2, bisectBatchOnError: true, reportBatchItemFailures: true, retryAttempts: 3, maxRecordAge: 1 h, onFailure: SqsDlq(ingestDlq)`. */
export const CROSS_ACCOUNT_KINESIS: KinesisEsmSettings = { ...FLOW_LOGS_KINESIS, functionName: 'an1261-cross-account-logs', maxBatchingWindowMs: 5 * SECOND };

/** An SQS queue (visibility, redrive policy) and its event source mapping. */
export interface SqsEsmSettings {
  readonly functionName: string;
  readonly queueName: string;
  readonly batchSize: number;
  readonly maxBatchingWindowMs: number;
  readonly reportBatchItemFailures: boolean;
  readonly visibilityTimeoutMs: number;
  /** RedrivePolicy.maxReceiveCount: a message received this many times without being deleted moves to the DLQ. */
  readonly maxReceiveCount: number;
  readonly timeoutMs: number;
}

/**
 * lib/object-intake.ts: `BATCH_SIZE = 10`, `BATCHING_WINDOW = 10 s`, `reportBatchItemFailures: true`; the queue's
 * `visibilityTimeout: 6 × OBJECT_READER_TIMEOUT (5 min) + BATCHING_WINDOW` = 1810 s, `deadLetterQueue: { maxReceiveCount: 5 }`.
 */
export const OBJECT_INTAKE_SQS: SqsEsmSettings = {
  functionName: 'an1261-s3-objects',
  queueName: 'an1261-object-intake',
  batchSize: 10,
  maxBatchingWindowMs: 10 * SECOND,
  reportBatchItemFailures: true,
  visibilityTimeoutMs: (6 * 300 + 10) * SECOND,
  maxReceiveCount: 5,
  timeoutMs: 5 * MINUTE,
};

/** lib/findings-pipeline.ts: FindingsQueue `visibilityTimeout: 6 min, deadLetterQueue: { maxReceiveCount: 5 }`; publisher `batchSize: 100, maxBatchingWindow: 5 s, reportBatchItemFailures: true`. */
export const FINDINGS_SQS: SqsEsmSettings = {
  functionName: 'an1261-publish',
  queueName: 'an1261-findings',
  batchSize: 100,
  maxBatchingWindowMs: 5 * SECOND,
  reportBatchItemFailures: true,
  visibilityTimeoutMs: 6 * MINUTE,
  maxReceiveCount: 5,
  timeoutMs: 60 * SECOND,
};
