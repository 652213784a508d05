/** Lambda entry: VPC flow logs from a CloudWatch Logs subscription filter (format per log group from the config). */
import { serviceName } from '../contract';
import { cwlIngestHandler } from './ingest/ingest-handlers';
import { createIngestRuntime } from './ingest/ingest-runtime';

export const handler = cwlIngestHandler(createIngestRuntime(serviceName('flow-logs')), 'vpc-flow');
