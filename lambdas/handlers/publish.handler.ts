/**
 * Publisher Lambda (SQS findings queue → Security Hub + SNS). Thin: reads its environment once
 * (IDEMPOTENCY_TABLE_NAME required; SECURITY_HUB_ENABLED default true; TOPIC_ARN optional, unset =
 * SNS off; AN1261_CONFIG_FILE for minNotifySeverity), then hands each batch to the SQS publisher
 * (lambdas/adapters/finding-publisher-sqs.ts). The event source mapping must enable
 * ReportBatchItemFailures; failed messages return to the queue and, after maxReceiveCount, its DLQ.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { clientGetter } from '../adapters/client-source';
import { FindingPublisher } from '../adapters/finding-publisher';
import { createSqsPublisher } from '../adapters/finding-publisher-sqs';
import { createSecurityHubClient, SecurityHubImporter } from '../adapters/security-hub-importer';
import { SecurityHubWorkflow } from '../adapters/security-hub-workflow';
import { createSnsClient, SnsNotifier } from '../adapters/sns-notifier';
import { ENV, PUBLISH_METRICS, serviceName } from '../contract';
import { booleanEnv, optionalEnv, requiredEnv } from './shared/env';
import { configFilePath, loadHandlerConfig } from './shared/load-config';
import { instrument } from './shared/middy';
import { createPowertools } from './shared/powertools';
import { asError } from '../core/util/errors';

const tools = createPowertools(serviceName('publish'));
const { logger, metrics, tracing } = tools;
const idempotencyTable = requiredEnv(ENV.idempotencyTable);
const securityHubEnabled = booleanEnv(ENV.securityHubEnabled, true);
const topicArn = optionalEnv(ENV.topicArn);
const config = loadHandlerConfig();

// SDK clients are built on their first request (kept out of the cold start); the importer and the workflow share one.
const securityHubClient = clientGetter(() => tracing.captureClient(createSecurityHubClient()));
const publisher = new FindingPublisher({
  securityHub: securityHubEnabled ? new SecurityHubImporter(securityHubClient) : undefined,
  workflow: securityHubEnabled ? new SecurityHubWorkflow(securityHubClient) : undefined,
  sns: topicArn ? new SnsNotifier(() => tracing.captureClient(createSnsClient()), topicArn) : undefined,
  minNotifySeverity: config.minNotifySeverity,
});
logger.info('publisher configured', { securityHubEnabled, snsTopic: topicArn ?? 'off', minNotifySeverity: config.minNotifySeverity, configFile: configFilePath() });

const persistenceStore = async () =>
  new DynamoDBPersistenceLayer({
    tableName: idempotencyTable,
    awsSdkV3Client: await tracing.captureClient(new DynamoDBClient({ retryMode: 'adaptive', maxAttempts: 6 })),
  });

const publishBatch = createSqsPublisher({
  publisher,
  persistenceStore,
  observer: {
    published(outcome) {
      metrics.addMetric(PUBLISH_METRICS.findingsPublished, MetricUnit.Count, 1);
      if (outcome.securityHub === 'imported') metrics.addMetric(PUBLISH_METRICS.securityHubImported, MetricUnit.Count, 1);
      if (outcome.sns === 'sent') metrics.addMetric(PUBLISH_METRICS.notificationsSent, MetricUnit.Count, 1);
      logger.info('finding published', { ...outcome });
    },
    unrecorded(record, error) {
      logger.warn('finding published but not recorded as published (idempotency store failed): acknowledged; an SQS duplicate of this message could page again', { messageId: record.messageId, error: asError(error) });
    },
    failed(record, error) {
      metrics.addMetric(PUBLISH_METRICS.publishFailures, MetricUnit.Count, 1);
      logger.warn('message not published; it returns to the queue', { messageId: record.messageId, receiveCount: record.attributes?.ApproximateReceiveCount, error: asError(error) });
    },
  },
});

export const handler = instrument(async (event: SQSEvent, context: Context) => {
  // Always one metric per invocation, so a batch of duplicates still reports that it was received.
  metrics.addMetric(PUBLISH_METRICS.findingMessagesReceived, MetricUnit.Count, event.Records.length);
  return publishBatch(event, context);
}, tools);
