/** SQS messages as a Lambda event source mapping delivers them (the publisher's and the S3 intake's triggers). */
import type { SQSEvent, SQSRecord } from 'aws-lambda';

let received = 0;

/**
 * One received message: a fresh messageId unless one is given (a redelivery keeps its id), a fresh
 * receipt handle per receive.
 */
export function sqsRecord(body: string, opts: { messageId?: string; queueArn?: string } = {}): SQSRecord {
  received++;
  const messageId = opts.messageId ?? `msg-${received}`;
  return {
    messageId,
    receiptHandle: `rh-${messageId}-${received}`,
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1793585100000', SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: '1793585100000' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: opts.queueArn ?? 'arn:aws:sqs:us-east-1:111122223333:an1261-queue',
    awsRegion: 'us-east-1',
  };
}

export const sqsEventOfRecords = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
