/**
 * The handler bodies of the event-at-a-time ingest Lambdas (CloudWatch Logs subscriptions and
 * EventBridge rules): one IngestService call, then the report. Each entry file only picks one.
 */
import type { CloudWatchLogsEvent, Context, EventBridgeEvent } from 'aws-lambda';
import { Tally } from '../../core/model/normalize-result';
import type { IngestTotals } from '../../core/pipeline/ingest';
import { instrument } from '../shared/middy';
import { type IngestSummary, reportIngest } from './ingest-report';
import type { IngestRuntime } from './ingest-runtime';
import { isRedriveRecord, redriveContext, redrivenEvent } from './redrive-record';
import { asError } from '../../core/util/errors';

/**
 * Runs one event; metrics and logs are written whether it succeeds or throws (then rethrown for the
 * retry/DLQ). A redrive record (docs/redrive.md) runs its original event at the event's own times.
 */
export async function ingestOne(runtime: IngestRuntime, source: string, event: unknown, ref: string): Promise<IngestSummary> {
  const tally = new Tally();
  let totals: IngestTotals;
  try {
    if (isRedriveRecord(event)) {
      runtime.tools.logger.info('redriven event: processed at its event time', { source, ...redriveContext(event) });
      totals = (await runtime.service.ingest(redrivenEvent(event), `redrive:${ref}`, tally, 'redrive')).totals;
    } else {
      totals = (await runtime.service.ingest(event, ref, tally)).totals;
    }
  } catch (e) {
    reportIngest(runtime.tools, source, tally, undefined);
    runtime.tools.logger.error('ingest failed: the invocation will be retried or sent to its on-failure destination', { source, error: asError(e) });
    throw e;
  }
  return reportIngest(runtime.tools, source, tally, totals);
}

/**
 * A CloudWatch Logs subscription handler (`{"awslogs":{"data": …}}`); the log group decides the source.
 * @example export const handler = cwlIngestHandler(createIngestRuntime('an1261-eks-audit'), 'eks-audit');
 */
export function cwlIngestHandler(runtime: IngestRuntime, source: string) {
  return instrument(async (event: CloudWatchLogsEvent, context: Context) => ingestOne(runtime, source, event, `awslogs:${context.awsRequestId}`), runtime.tools);
}

/**
 * An EventBridge rule target (ECR Image Action, AWS API Call via CloudTrail).
 * @example export const handler = eventBridgeIngestHandler(createIngestRuntime('an1261-ecr-events'), 'ecr');
 */
export function eventBridgeIngestHandler(runtime: IngestRuntime, source: string) {
  return instrument(
    async (event: EventBridgeEvent<string, unknown>, context: Context) => {
      const original: unknown = isRedriveRecord(event) ? redrivenEvent(event) : event;
      const id = (original as { id?: unknown } | undefined)?.id;
      return ingestOne(runtime, source, event, `eventbridge:${typeof id === 'string' ? id.slice(0, 128) : context.awsRequestId}`);
    },
    runtime.tools,
  );
}
