/** Lambda entry: container-host logs (dockerd API debug lines, auditd EXECVE) from a CloudWatch Logs subscription filter. */
import { cwlIngestHandler } from './ingest/ingest-handlers';
import { createIngestRuntime } from './ingest/ingest-runtime';

export const handler = cwlIngestHandler(createIngestRuntime('an1261-host-logs'), 'host');
