/** Lambda entry: EKS control-plane audit logs from a CloudWatch Logs subscription filter. */
import { serviceName } from '../contract';
import { cwlIngestHandler } from './ingest/ingest-handlers';
import { createIngestRuntime } from './ingest/ingest-runtime';

export const handler = cwlIngestHandler(createIngestRuntime(serviceName('eks-audit')), 'eks-audit');
