/** Lambda entry: high-volume VPC flow logs through Kinesis (subscription → stream), with ReportBatchItemFailures. */
import { serviceName } from '../contract';
import { createIngestRuntime } from './ingest/ingest-runtime';
import { kinesisIngestHandler } from './ingest/kinesis-ingest-handler';

export const handler = kinesisIngestHandler(createIngestRuntime(serviceName('flow-logs-stream')), 'vpc-flow');
