/** Lambda entry: EKS control-plane audit logs from a CloudWatch Logs subscription filter. */
import { cwlIngestHandler } from './ingest/ingest-handlers';
import { createIngestRuntime } from './ingest/ingest-runtime';

export const handler = cwlIngestHandler(createIngestRuntime('an1261-eks-audit'), 'eks-audit');
