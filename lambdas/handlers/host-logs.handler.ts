/** Lambda entry: container-host logs (dockerd API debug lines, auditd EXECVE) from a CloudWatch Logs subscription filter. */
import { serviceName } from '../contract';
import { cwlIngestHandler } from './ingest/ingest-handlers';
import { createIngestRuntime } from './ingest/ingest-runtime';

export const handler = cwlIngestHandler(createIngestRuntime(serviceName('host-logs')), 'host');
