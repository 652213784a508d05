/**
 * SNS notifications (lambdas/adapters/sns-notifier.ts): the exact Publish request, FIFO topics,
 * topic ARN checks, and throttling / 5xx retried by the SDK retry strategy.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { buildNotification } from '../../lambdas/core/publish/notification';
import { checkTopicArn, createSnsClient, SnsNotifier } from '../../lambdas/adapters/sns-notifier';
import { CTX, criticalEksFinding } from '../core/publish/fixtures';
import { FakeAwsEndpoint } from './security-hub-sns-fake-endpoint';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:an1261-findings';
const notification = buildNotification({ finding: criticalEksFinding() }, 'new', CTX);

describe('Class: SnsNotifier', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => sns.reset());
  afterAll(() => sns.restore());

  it('publishes subject, body and String attributes to the topic', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

    const id = await new SnsNotifier(new SNSClient({ region: 'us-east-1' }), TOPIC).publish(notification);

    expect(id).toBe('m-1');
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input)).toEqual([
      {
        TopicArn: TOPIC,
        Subject: '[CRITICAL] AN1261 image built on host i-0abc12345def67890 pushed and deployed (prod/payments-api)',
        Message: notification.message,
        MessageAttributes: {
          severity: { DataType: 'String', StringValue: 'CRITICAL' },
          cluster: { DataType: 'String', StringValue: 'prod-eks' },
          account: { DataType: 'String', StringValue: '111122223333' },
          namespace: { DataType: 'String', StringValue: 'prod' },
        },
      },
    ]);
  });

  it('groups by finding and deduplicates by finding version on a FIFO topic', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-2' });

    await new SnsNotifier(new SNSClient({ region: 'us-east-1' }), `${TOPIC}.fifo`).publish(notification);

    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.MessageGroupId).toMatch(/^[0-9a-f]{32}$/);
    expect(input.MessageDeduplicationId).toMatch(/^[0-9a-f]{32}$/);
    expect(input.MessageDeduplicationId).not.toBe(input.MessageGroupId);
  });

  it('rejects when SNS refuses, so the caller keeps the message', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('Topic does not exist'), { name: 'NotFoundException' }));

    await expect(new SnsNotifier(new SNSClient({ region: 'us-east-1' }), TOPIC).publish(notification)).rejects.toThrow('Topic does not exist');
  });
});

describe('Function: checkTopicArn', () => {
  it.each([TOPIC, `${TOPIC}.fifo`, 'arn:aws-cn:sns:cn-north-1:111122223333:t', 'arn:aws-us-gov:sns:us-gov-west-1:111122223333:t_1'])('accepts %s', (arn) => {
    expect(checkTopicArn(arn)).toBe(arn);
  });

  it.each(['', 'an1261-findings', 'arn:aws:sqs:us-east-1:111122223333:q', 'arn:aws:sns:us-east-1:1111:t', `${TOPIC}\n`])('refuses %j, naming the origin', (arn) => {
    expect(() => checkTopicArn(arn, '--topic-arn')).toThrow(/^--topic-arn: .* is not an SNS topic ARN/);
  });
});

describe('Class: SnsNotifier with the SDK retry strategy (loopback endpoint)', () => {
  const fake = new FakeAwsEndpoint();
  const notifier = () =>
    new SnsNotifier(createSnsClient({ endpoint: fake.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 3 }), TOPIC);
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  it('retries throttling and a 5xx, then publishes once', async () => {
    fake.fail('sns', 'throttle', '5xx');

    const id = await notifier().publish(notification);

    expect(id).toBe('00000000-0000-4000-8000-000000000001');
    expect(fake.of('sns')).toHaveLength(3);
    expect(fake.of('sns')[2]!.body).toMatchObject({
      Action: 'Publish',
      TopicArn: TOPIC,
      Subject: notification.subject,
      Message: notification.message,
      'MessageAttributes.entry.1.Name': 'severity',
      'MessageAttributes.entry.1.Value.DataType': 'String',
      'MessageAttributes.entry.1.Value.StringValue': 'CRITICAL',
    });
  });

  it('rejects after the last attempt when SNS stays unavailable', async () => {
    fake.fail('sns', '5xx', '5xx', '5xx');

    await expect(notifier().publish(notification)).rejects.toMatchObject({ name: 'InternalErrorException', $metadata: { httpStatusCode: 500, attempts: 3 } });
  });
});
