/** Lambda entry: high-volume VPC flow logs through Kinesis (subscription → stream), with ReportBatchItemFailures. */
import { createIngestRuntime } from './ingest/ingest-runtime';
import { kinesisIngestHandler } from './ingest/kinesis-ingest-handler';

export const handler = kinesisIngestHandler(createIngestRuntime('an1261-flow-logs-stream'), 'vpc-flow');
