/**
 * Emulator resources the tests prepare and read back, each through the real SDK clients: a
 * findings queue, an SNS topic with an SQS queue subscribed to it (to count what on-call would
 * receive), the Powertools idempotency table, and a queue drained into the SQSEvent Lambda would
 * be invoked with. Reusable by every emulator test (replay, publish, Lambda path) and by the chaos
 * runs (chaos/run/world.ts), so importable outside Jest.
 */
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { fakeLambdaContext } from '../support/lambda-context';
import { EMULATOR_ACCOUNT } from './global-setup';

export async function createQueue(sqs: SQSClient, name: string): Promise<{ url: string; arn: string }> {
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  return { url, arn };
}

/** Every message on the queue now (received with a long visibility timeout, then deleted). */
export async function drainQueue(sqs: SQSClient, url: string): Promise<Message[]> {
  const out: Message[] = [];
  for (;;) {
    const got = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 300, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }))).Messages ?? [];
    if (got.length === 0) return out;
    out.push(...got);
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: got.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
}

/** An SNS topic and a queue subscribed to it (raw delivery off: each SQS body is the SNS envelope). */
export async function topicWithQueue(sns: SNSClient, sqs: SQSClient, name: string): Promise<{ topicArn: string; queueUrl: string }> {
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: name }))).TopicArn!;
  const queue = await createQueue(sqs, `${name}-inbox`);
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queue.arn }));
  return { topicArn, queueUrl: queue.url };
}

/** What reached the topic's subscribed queue: each SNS message's Subject and Message, in order of arrival. */
export async function receivedNotifications(sqs: SQSClient, queueUrl: string): Promise<Array<{ subject: string; message: string }>> {
  const messages = await drainQueue(sqs, queueUrl);
  return messages.map((m) => JSON.parse(m.Body!) as { Subject?: string; Message: string }).map((envelope) => ({ subject: envelope.Subject ?? '', message: envelope.Message }));
}

/** The Powertools idempotency table as the CDK stack creates it (partition key `id`). */
export async function createIdempotencyTable(dynamodb: DynamoDBClient, name: string): Promise<string> {
  await dynamodb.send(new CreateTableCommand({ TableName: name, KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
  return name;
}

/** The SQS event Lambda's event source mapping builds from received messages. */
export function sqsEventOf(messages: readonly Message[], queueArn: string, region: string): SQSEvent {
  const Records: SQSRecord[] = messages.map((m) => ({
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body!,
    attributes: {
      ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
      SentTimestamp: m.Attributes?.SentTimestamp ?? '0',
      SenderId: m.Attributes?.SenderId ?? 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? '0',
    },
    messageAttributes: {},
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  }));
  return { Records };
}

let requests = 0;

/** A Lambda context for `functionName` in the emulator's account and `region`. */
export function emulatorLambdaContext(functionName: string, region: string): Context {
  return fakeLambdaContext(functionName, { requestId: `emulator-req-${++requests}`, account: EMULATOR_ACCOUNT, region, logStream: 'emulator' });
}

/** Loads a Lambda handler module fresh (a cold start) with `env` applied to process.env; nothing mocked. */
export function coldStart<H>(modulePath: string, env: Record<string, string | undefined>): H {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  let handler: H | undefined;
  jest.isolateModules(() => {
    handler = (require(modulePath) as { handler: H }).handler;
  });
  return handler!;
}
