/** Fake handlers for the trigger simulator specifications: they record what they saw and fail on cue. */
import { gunzipSync } from 'node:zlib';
import type { CloudWatchLogsEvent, Context, KinesisStreamRecord } from 'aws-lambda';
import type { CwlPayload } from '../../lambdas/core/envelopes/cwl-payload';

export interface Call<E> {
  readonly event: E;
  readonly context: Context;
}

/** A handler that records each call and answers with `respond` (which may throw). */
export function fake<E, R>(respond: (event: E, n: number) => R | Promise<R>) {
  const calls: Array<Call<E>> = [];
  const handler = async (event: E, context: Context): Promise<R> => {
    calls.push({ event, context });
    return respond(event, calls.length);
  };
  return { handler, calls };
}

export function payload(id: string, messages: string[] = ['hello']): CwlPayload {
  return { messageType: 'DATA_MESSAGE', owner: '111122223333', logGroup: '/aws/eks/prod-cluster/cluster', logStream: 'kube-apiserver-audit-1', subscriptionFilters: ['an1261'], logEvents: messages.map((m, i) => ({ id: `${id}-${i}`, timestamp: 1793586000000 + i, message: m })) };
}

export function decodeAwslogs(event: CloudWatchLogsEvent): CwlPayload {
  return JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as CwlPayload;
}

/** The text a Kinesis record carries (raw text records). */
export function kinesisText(r: KinesisStreamRecord): string {
  return Buffer.from(r.kinesis.data, 'base64').toString('utf8');
}
