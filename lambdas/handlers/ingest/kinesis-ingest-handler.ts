/**
 * The Kinesis scale path for flow logs: CloudWatch Logs subscription → Kinesis stream → Lambda.
 * Each record carries one gzipped subscription payload and is processed on its own through the
 * Powertools BatchProcessor; a record whose processing throws (state or queue failure) is reported
 * in `batchItemFailures` so only it is retried (ReportBatchItemFailures). Hostile content (a
 * decompression bomb, far-future times, a record that makes a normalizer throw) never throws: it is
 * counted as rejected and the record succeeds. A redrive record (docs/redrive.md) is one event, run at
 * its event time. Re-processing is safe:
 * signal ids and finding ids are deterministic and state writes idempotent.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { Tally } from '../../core/model/normalize-result';
import type { IngestTotals } from '../../core/pipeline/ingest';
import { instrument } from '../shared/middy';
import { reportIngest } from './ingest-report';
import type { IngestRuntime } from './ingest-runtime';
import { ingestOne } from './ingest-handlers';
import { isRedriveRecord } from './redrive-record';
import { asError } from '../../core/util/errors';

/**
 * @example export const handler = kinesisIngestHandler(createIngestRuntime('an1261-flow-logs-stream'), 'vpc-flow');
 */
export function kinesisIngestHandler(runtime: IngestRuntime, source: string) {
  const processor = new BatchProcessor(EventType.KinesisDataStreams);
  return instrument(async (event: KinesisStreamEvent, context: Context) => {
    // A redriven record (docs/redrive.md: a record's data re-read from the stream, wrapped as
    // `{ requestContext, requestPayload: { awslogs: { data } } }`, invoked asynchronously): one event, thrown on failure.
    if (isRedriveRecord(event)) {
      await ingestOne(runtime, source, event, `kinesis-redrive:${context.awsRequestId}`);
      return { batchItemFailures: [] };
    }
    const batch = new Tally();
    const totals: IngestTotals = { signals: 0, tooLate: 0, itemsWritten: 0, chainsEvaluated: 0, findingsEmitted: 0, conflicts: 0, updates: [], clockMs: 0 };
    const recordHandler = async (record: KinesisStreamRecord): Promise<void> => {
      const tally = new Tally();
      try {
        // The record's data is the same base64(gzip(JSON)) a direct subscription delivers as awslogs.data.
        const r = await runtime.service.ingest({ awslogs: { data: record.kinesis.data } }, `kinesis:${record.eventID}`, tally);
        totals.tooLate += r.totals.tooLate;
        totals.findingsEmitted += r.totals.findingsEmitted;
        totals.updates.push(...r.totals.updates);
      } catch (e) {
        runtime.tools.logger.error('kinesis record failed: reported for retry', { source, sequenceNumber: record.kinesis.sequenceNumber, error: asError(e) });
        throw e;
      } finally {
        batch.merge(tally);
      }
    };
    try {
      // Sequential: one shard's records in order, and one record at a time against DynamoDB
      // (scale comes from the event source's parallelization factor).
      return await processPartialResponse(event, recordHandler, processor, { context, processInParallel: false });
    } finally {
      reportIngest(runtime.tools, source, batch, totals);
    }
  }, runtime.tools);
}
