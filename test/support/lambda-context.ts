/**
 * The Lambda `Context` a test or a simulation hands a handler: one shape for the handler tests, the
 * emulator tier and the chaos trigger simulators, each saying only what differs.
 */
import type { Context } from 'aws-lambda';

export interface FakeContextOptions {
  requestId: string;
  /** What `getRemainingTimeInMillis` answers. Default 60 s (the ingest and publish timeout). */
  remainingMs?: number;
  account?: string;
  region?: string;
  /** The log stream's suffix after `[$LATEST]`. */
  logStream?: string;
  callbackWaitsForEmptyEventLoop?: boolean;
}

/** @example fakeLambdaContext('an1261-eks-audit', { requestId: 'req-1' }) */
export function fakeLambdaContext(functionName: string, o: FakeContextOptions): Context {
  const remainingMs = o.remainingMs ?? 60_000;
  return {
    callbackWaitsForEmptyEventLoop: o.callbackWaitsForEmptyEventLoop ?? false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${o.region ?? 'us-east-1'}:${o.account ?? '111122223333'}:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: o.requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `2026/11/02/[$LATEST]${o.logStream ?? 'abcdef'}`,
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
