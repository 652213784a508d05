/**
 * Cold-start wiring shared by the ingest Lambdas: environment (STATE_TABLE_NAME,
 * FINDINGS_QUEUE_URL), the bundled config (AN1261_CONFIG_FILE), Powertools, the traced DynamoDB and
 * SQS clients, and the IngestService on top. Built once at module scope, so a missing variable or a
 * bad config key fails the first invocation with a message that names it; the SDK clients are
 * built on their first request (kept out of the cold start).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ENV } from '../../contract';
import { DynamoDbStateStore } from '../../adapters/dynamodb-state-store';
import { SqsFindingSink } from '../../adapters/sqs-finding-sink';
import { Correlator } from '../../core/correlate/correlator';
import { SourceRouter } from '../../core/envelopes/source-router';
import { type Config, DEFAULT_CONFIG } from '../../core/model/config';
import { compileSettings } from '../../core/model/settings';
import { type Env, requiredEnv } from '../shared/env';
import { configFilePath, loadHandlerConfig } from '../shared/load-config';
import { type Powertools, createPowertools } from '../shared/powertools';
import { IngestService } from './ingest-service';

export interface IngestRuntime {
  readonly tools: Powertools;
  readonly config: Config;
  readonly service: IngestService;
  readonly store: DynamoDbStateStore;
  readonly sink: SqsFindingSink;
}

/**
 * @example
 * const runtime = createIngestRuntime('an1261-eks-audit'); // module scope: once per cold start
 */
export function createIngestRuntime(defaultServiceName: string, env: Env = process.env): IngestRuntime {
  const tools = createPowertools(defaultServiceName, env);
  const tableName = requiredEnv(ENV.stateTable, env);
  const queueUrl = requiredEnv(ENV.findingsQueueUrl, env);
  const config = loadHandlerConfig(env);
  const settings = compileSettings(config);

  // Throttling and 5xx are retried by the SDK's strategies; adaptive rate-limits a hot DynamoDB partition.
  const dynamodb = () => tools.tracing.captureClient(new DynamoDBClient({ retryMode: 'adaptive', maxAttempts: 6 }));
  const sqs = () => tools.tracing.captureClient(new SQSClient({ retryMode: 'standard', maxAttempts: 5 }));
  const store = new DynamoDbStateStore(dynamodb, tableName);
  const sink = new SqsFindingSink(sqs, queueUrl, {
    onTrimmed: (m) => tools.logger.warn('finding trimmed to fit the SQS message limit', { findingId: m.findingId, bytes: m.bytes, timelineOmitted: m.timelineOmitted, textCut: m.textCut }),
  });
  const service = new IngestService({
    router: new SourceRouter(config.sources),
    settings,
    correlator: new Correlator(store, settings),
    sink,
    clock: { kind: 'wall', now: () => Date.now() },
  });
  tools.logger.info('ingest runtime ready', {
    configFile: configFilePath(env),
    configDefaults: config === DEFAULT_CONFIG,
    stateTable: tableName,
    findingsQueue: queueUrl,
    flowLogGroups: config.sources.flowLogs.length,
    hostLogGroups: config.sources.hostLogs.length,
  });
  return { tools, config, service, store, sink };
}
