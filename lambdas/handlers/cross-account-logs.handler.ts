/**
 * Lambda entry: CloudWatch Logs of member accounts through the cross-account destination (member
 * subscription filter → `an1261-logs` destination → Kinesis stream), with ReportBatchItemFailures.
 * Each record is one gzipped subscription payload; its log group decides the source (EKS
 * control-plane groups by name, host and flow-log groups by the config's globs) and its `owner` is
 * the member account.
 */
import { serviceName } from '../contract';
import { createIngestRuntime } from './ingest/ingest-runtime';
import { kinesisIngestHandler } from './ingest/kinesis-ingest-handler';

export const handler = kinesisIngestHandler(createIngestRuntime(serviceName('cross-account-logs')), 'cross-account');
