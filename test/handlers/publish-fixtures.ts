/**
 * Fixtures for the publisher tests: real FindingUpdates from the correlator (one chain escalating
 * LOW → MEDIUM → HIGH → CRITICAL on the embedded DynamoDB), SQS events and Lambda contexts, and a
 * Powertools idempotency store on dynalite.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { fakeLambdaContext } from '../support/lambda-context';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import { DynamoDbStateStore } from '../../lambdas/adapters/dynamodb-state-store';
import { Correlator } from '../../lambdas/core/correlate/correlator';
import { parseConfig } from '../../lambdas/core/model/config';
import type { FindingUpdate } from '../../lambdas/core/model/finding';
import { compileSettings } from '../../lambdas/core/model/settings';
import { build, deploy, egress, push } from '../support/chain-signals';
import { sqsRecord } from '../support/sqs-records';

export const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:111122223333:function:an1261-publish';
export const TARGET = { account: '111122223333', region: 'us-east-1' };

/** The four versions of one chain as the correlator emits them, each with its previous severity. */
export async function escalatingChain(db: EmbeddedDynamoDb): Promise<FindingUpdate[]> {
  const correlator = new Correlator(new DynamoDbStateStore(db.client, db.tableName), compileSettings(parseConfig({})));
  const updates: FindingUpdate[] = [];
  for (const signal of [build(), egress(), push(), deploy()]) {
    const result = await correlator.process([signal], Date.parse(signal.time));
    await correlator.markSent(result.updates); // as IngestPipeline does once the findings queue took them
    updates.push(...result.updates);
  }
  return updates;
}

const FINDINGS_QUEUE_ARN = 'arn:aws:sqs:us-east-1:111122223333:an1261-findings';
let invocations = 0;

/** One SQS event of the findings queue; each body gets a fresh messageId unless one is given (a redelivery keeps its id). */
export function sqsEvent(...bodies: Array<string | { messageId: string; body: string }>): SQSEvent {
  return { Records: bodies.map((b) => (typeof b === 'string' ? sqsRecord(b, { queueArn: FINDINGS_QUEUE_ARN }) : sqsRecord(b.body, { messageId: b.messageId, queueArn: FINDINGS_QUEUE_ARN }))) };
}

export function lambdaContext(): Context {
  return fakeLambdaContext('an1261-publish', { requestId: `req-${++invocations}`, logStream: '0123', callbackWaitsForEmptyEventLoop: true });
}

/** The idempotency table as the CDK stack creates it (partition key `id`). */
export async function idempotencyStore(db: EmbeddedDynamoDb, tableName: string): Promise<DynamoDBPersistenceLayer> {
  await db.client.send(
    new CreateTableCommand({ TableName: tableName, KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }),
  );
  return new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: db.client });
}

export { startEmbeddedDynamoDb };
