/**
 * `FindingsPipeline`: from the findings queue to the people who act on it. Ingest functions send
 * findings to an encrypted SQS queue (with a DLQ after 5 receives); the publisher Lambda reads up
 * to 100 at a time, imports them into Security Hub (its own account's default product) and
 * notifies the SNS topic, deduplicating through the idempotency table.
 *
 * @example
 * const findings = new FindingsPipeline(this, 'Findings', { config, key: state.key, idempotencyTable: state.idempotencyTable });
 * findings.bindProducer(myIngestFunction); // FINDINGS_QUEUE_URL + sqs:SendMessage
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../lambdas/contract';
import type { Config } from '../lambdas/core/model/config';
import { DetectorFunction } from './detector-function';
import { encryptedQueue } from './encrypted-queue';

export interface FindingsPipelineProps {
  /** The validated configuration: bundled with the publisher (minNotifySeverity), `notifications.email` subscribed to the topic. */
  readonly config: Config;
  /** Customer-managed key of the queues, the topic and the publisher's log group (`DetectorState.key`). */
  readonly key: kms.IKey;
  /** Where the publisher records what it already published (`DetectorState.idempotencyTable`). */
  readonly idempotencyTable: dynamodb.ITable;
  /**
   * What happens to the publisher's log group on `cdk destroy`.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Import findings into Security Hub (must be enabled in the account and region).
   * @default true
   */
  readonly securityHub?: boolean;
  /**
   * Map stack traces in the functions' logs to the TypeScript sources (`NODE_OPTIONS=--enable-source-maps`).
   * The maps ship in every bundle either way; reading one costs about 70 ms of each cold start (a
   * third of what loading a handler costs), so they are read only when this is on.
   * @default false
   */
  readonly sourceMapStackTraces?: boolean;
}

export class FindingsPipeline extends Construct {
  /** Findings that failed to publish 5 times. */
  readonly dlq: sqs.Queue;
  /** Findings waiting to be published; see `bindProducer`. */
  readonly queue: sqs.Queue;
  /** Notifications for on-call (and the alarms of `Operations`). */
  readonly topic: sns.Topic;
  /** The publisher Lambda: queue → Security Hub and SNS. */
  readonly publisher: DetectorFunction;

  constructor(scope: Construct, id: string, props: FindingsPipelineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.dlq = encryptedQueue(this, 'FindingsDlq', props.key);
    this.queue = encryptedQueue(this, 'FindingsQueue', props.key, { visibilityTimeout: Duration.seconds(6 * 60), deadLetterQueue: { queue: this.dlq, maxReceiveCount: 5 } });

    this.topic = new sns.Topic(this, 'Topic', { displayName: 'AN1261 Build Image on Host findings', masterKey: props.key, enforceSSL: true });
    if (props.config.notifications.email) this.topic.addSubscription(new subs.EmailSubscription(props.config.notifications.email));
    // EventBridge and CloudWatch alarms publish to the encrypted topic.
    props.key.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));

    this.publisher = new DetectorFunction(this, 'Publisher', {
      entry: 'publish',
      description: 'AN1261: findings queue → Security Hub and SNS',
      config: props.config,
      key: props.key,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
      sourceMapStackTraces: props.sourceMapStackTraces,
      environment: { [ENV.topicArn]: this.topic.topicArn, [ENV.securityHubEnabled]: String(props.securityHub ?? true) },
    });
    const publisher = this.publisher.fn;
    publisher.addEnvironment(ENV.idempotencyTable, props.idempotencyTable.tableName);
    props.idempotencyTable.grantReadWriteData(publisher);
    this.topic.grantPublish(publisher);
    publisher.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['securityhub:BatchImportFindings'],
        resources: [`arn:${stack.partition}:securityhub:${stack.region}:${stack.account}:product/${stack.account}/default`],
      }),
    );
    // Workflow changes (suppressed / reopened) of findings already imported.
    publisher.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['securityhub:BatchUpdateFindings'],
        resources: [`arn:${stack.partition}:securityhub:${stack.region}:${stack.account}:hub/default`],
      }),
    );
    // Up to 100 findings per invocation: one Security Hub BatchImportFindings call.
    publisher.addEventSource(new SqsEventSource(this.queue, { batchSize: 100, maxBatchingWindow: Duration.seconds(5), reportBatchItemFailures: true }));
  }

  /** Lets an ingest function emit findings: sets FINDINGS_QUEUE_URL and grants sqs:SendMessage on the queue. */
  bindProducer(fn: lambda.Function): void {
    fn.addEnvironment(ENV.findingsQueueUrl, this.queue.queueUrl);
    this.queue.grantSendMessages(fn);
  }
}
