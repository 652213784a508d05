/**
 * Sends finding notifications to the SNS topic: one Publish per notification, subject and
 * String message attributes as built by the core (lambdas/core/publish/notification.ts).
 * Throttling and 5xx are retried by the SDK's adaptive retry strategy; an error left after that
 * rejects, so the caller fails the queue message instead of dropping the page. On a FIFO topic
 * the finding id groups messages and id#version deduplicates re-sends for five minutes.
 *
 * @example await new SnsNotifier(createSnsClient(), topicArn).publish(notification);
 */
import { PublishCommand, type PublishCommandInput, SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import type { Notification } from '../core/publish/notification';
import { stableId } from '../core/util/hash';
import { type ClientSource, clientGetter } from './client-source';

import { checkTopicArn } from '../core/publish/topic-arn';

export { checkTopicArn };

/** An SNS client with adaptive retries; region, credentials and endpoint from the standard SDK configuration. */
export function createSnsClient(config: SNSClientConfig = {}): SNSClient {
  return new SNSClient({ retryMode: 'adaptive', maxAttempts: 6, ...config });
}

/** The exact Publish request for a notification (exported for tests and dry runs). */
export function publishInput(topicArn: string, n: Notification): PublishCommandInput {
  return {
    TopicArn: topicArn,
    Subject: n.subject,
    Message: n.message,
    MessageAttributes: Object.fromEntries(Object.entries(n.attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }])),
    ...(topicArn.endsWith('.fifo') ? { MessageGroupId: stableId(n.findingId), MessageDeduplicationId: stableId(n.findingId, n.version) } : {}),
  };
}

export class SnsNotifier {
  private readonly client: () => Promise<SNSClient>;

  constructor(
    client: ClientSource<SNSClient>,
    readonly topicArn: string,
  ) {
    checkTopicArn(topicArn);
    this.client = clientGetter(client);
  }

  /** Resolves with the SNS MessageId once SNS accepted the message. */
  async publish(n: Notification): Promise<string> {
    const out = await (await this.client()).send(new PublishCommand(publishInput(this.topicArn, n)));
    return out.MessageId ?? '';
  }
}
