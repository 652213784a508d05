/**
 * `ObjectIntake`: log files delivered to S3 — VPC flow logs and (organisation) CloudTrail in a
 * log-archive bucket, and Amazon Security Lake — reach the `s3-objects` ingest function through
 * SQS. One intake queue (the detector's key, a DLQ) receives the S3 event notifications of the
 * `sources.s3` buckets set to `notifications: "s3"` and, through one EventBridge rule per bucket,
 * the "Object Created" events of those set to `"eventbridge"`; the Security Lake subscriber queue
 * (`sources.securityLake.queueArn`, created by Security Lake) is read directly. The buckets
 * themselves are never touched: they may live in another account (see docs/deploy-many-accounts.md
 * for the notification set-up).
 *
 * The function may read only the configured prefixes (`s3:GetObject`/`s3:GetObjectVersion` on
 * `arn:aws:s3:::<bucket>/<prefix>*`), decrypt only with the configured keys and only through S3
 * (`kms:ViaService`), and, for Security Lake with a subscriber role, only assume that role.
 *
 * @example
 * new ObjectIntake(this, 'ObjectIntake', { config, key: state.key, ingestDlq, target: { fn, service } });
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Config } from '../lambdas/core/model/config';
import { encryptedQueue } from './encrypted-queue';
import type { IngestTarget } from './ingest-sources';

/** The `s3-objects` function's timeout: large flow-log and CloudTrail files, Parquet from Security Lake. */
export const OBJECT_READER_TIMEOUT = Duration.minutes(5);
/** Its memory: decompression and Parquet decoding of whole objects. */
export const OBJECT_READER_MEMORY_MB = 2048;

/** How long the event sources gather messages before invoking (fewer, fuller invocations). */
const BATCHING_WINDOW = Duration.seconds(10);
/** Messages per invocation: each names one object (an S3 notification may name a few). */
const BATCH_SIZE = 10;

export interface ObjectIntakeProps {
  /** The validated configuration: `sources.s3` and `sources.securityLake` name what is read, `operations.ingestConcurrency` bounds the readers. */
  readonly config: Config;
  /** Customer-managed key of the intake queue and its DLQ (`DetectorState.key`); its policy lets S3 and EventBridge use it for the intake queue. */
  readonly key: kms.IKey;
  /** Where EventBridge deliveries that failed after their retries end up (the detector's ingest DLQ). */
  readonly ingestDlq: sqs.IQueue;
  /** The `s3-objects` ingest function; its role receives the read grants. */
  readonly target: IngestTarget;
  /**
   * The function's timeout: the intake queue's visibility timeout is six times it plus the batching
   * window, as AWS advises for SQS event sources.
   * @default OBJECT_READER_TIMEOUT (5 minutes)
   */
  readonly functionTimeout?: Duration;
}

export class ObjectIntake extends Construct {
  /**
   * Where S3 event notifications and EventBridge "Object Created" events arrive: the queue to name
   * in a bucket's notification configuration. Undefined when only Security Lake is configured.
   */
  readonly queue?: sqs.Queue;
  /** Messages the function failed on 5 times. Undefined with `queue`. */
  readonly dlq?: sqs.Queue;
  /** The imported Security Lake subscriber queue, when `sources.securityLake` is set. */
  readonly securityLakeQueue?: sqs.IQueue;
  /**
   * The object ARNs (patterns) the function may read, as written in its policy: one per `sources.s3`
   * entry, and the Security Lake bucket's when it is read without a subscriber role.
   */
  readonly readableObjects: string[] = [];

  constructor(scope: Construct, id: string, props: ObjectIntakeProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);
    const { fn } = props.target;
    const buckets = config.sources.s3;
    const lake = config.sources.securityLake;
    const timeout = props.functionTimeout ?? OBJECT_READER_TIMEOUT;

    // The function's reserved concurrency is shared by its event sources: without a cap per source,
    // the SQS pollers outrun it and throttled messages return to the queue (and reach the DLQ).
    const sourceCount = (buckets.length > 0 ? 1 : 0) + (lake ? 1 : 0);
    const perSource = Math.floor(config.operations.ingestConcurrency / sourceCount);
    const sourceOptions = { batchSize: BATCH_SIZE, maxBatchingWindow: BATCHING_WINDOW, reportBatchItemFailures: true, ...(perSource >= 2 ? { maxConcurrency: Math.min(perSource, 1000) } : {}) };

    if (buckets.length > 0) {
      this.dlq = encryptedQueue(this, 'Dlq', props.key);
      this.queue = encryptedQueue(this, 'Queue', props.key, {
        visibilityTimeout: Duration.seconds(6 * timeout.toSeconds() + BATCHING_WINDOW.toSeconds()),
        deadLetterQueue: { queue: this.dlq, maxReceiveCount: 5 },
      });
      const queue = this.queue;

      // EventBridge may send only for this stack's rules (the CDK SqsQueue target leaves the statement
      // unconditioned for KMS-encrypted queues), and use the key only for this account's events.
      const eventsPrincipal = new iam.ServicePrincipal('events.amazonaws.com');
      const toQueue: events.IRuleTarget = {
        bind: (rule) => {
          queue.addToResourcePolicy(new iam.PolicyStatement({ principals: [eventsPrincipal], actions: ['sqs:SendMessage'], resources: [queue.queueArn], conditions: { ArnEquals: { 'aws:SourceArn': rule.ruleRef.ruleArn } } }));
          targets.addToDeadLetterQueueResourcePolicy(rule, props.ingestDlq);
          return { ...targets.bindBaseTargetConfig({ deadLetterQueue: props.ingestDlq, retryAttempts: 8, maxEventAge: Duration.hours(2) }), arn: queue.queueArn };
        },
      };
      // EventBridge uses the key under the statement An1261Detector adds for every rule of this account.

      buckets.forEach((b, i) => {
        const bucketArn = `arn:${stack.partition}:s3:::${b.bucket}`;
        if (b.notifications === 's3') {
          // S3 event notifications: only from this bucket (and its owner, when known).
          const conditions = { ArnLike: { 'aws:SourceArn': bucketArn }, ...(b.account ? { StringEquals: { 'aws:SourceAccount': b.account } } : {}) };
          const s3 = new iam.ServicePrincipal('s3.amazonaws.com');
          queue.addToResourcePolicy(new iam.PolicyStatement({ sid: `S3Notifications${i}`, principals: [s3], actions: ['sqs:SendMessage'], resources: [queue.queueArn], conditions }));
          props.key.addToResourcePolicy(new iam.PolicyStatement({ sid: `S3NotificationsToIntakeQueue${i}`, principals: [s3], actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: ['*'], conditions }));
        } else {
          // EventBridge "Object Created" (the bucket's EventBridge notifications on, events on this account's default bus).
          new events.Rule(this, `ObjectCreatedRule${i}`, {
            description: `AN1261: new objects in s3://${b.bucket}/${b.prefix}`,
            eventPattern: {
              source: ['aws.s3'],
              detailType: ['Object Created'],
              ...(b.account ? { account: [b.account] } : {}),
              detail: { bucket: { name: [b.bucket] }, ...(b.prefix ? { object: { key: events.Match.prefix(b.prefix) } } : {}) },
            },
            targets: [toQueue],
          });
        }
        this.readableObjects.push(`arn:${stack.partition}:s3:::${b.bucket}/${b.prefix}*`);
      });
      fn.addEventSource(new SqsEventSource(queue, sourceOptions));
    }

    const decryptKeys = buckets.flatMap((b) => (b.kmsKeyArn ? [b.kmsKeyArn] : []));
    if (lake) {
      this.securityLakeQueue = sqs.Queue.fromQueueArn(this, 'SecurityLakeQueue', lake.queueArn);
      // Grants sqs:ReceiveMessage, DeleteMessage, ChangeMessageVisibility, GetQueueAttributes, GetQueueUrl on it.
      fn.addEventSource(new SqsEventSource(this.securityLakeQueue, sourceOptions));
      if (lake.roleArn) {
        // Reads (and decryption) go through the subscriber role Security Lake created.
        fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'AssumeSecurityLakeSubscriberRole', actions: ['sts:AssumeRole'], resources: [lake.roleArn] }));
      } else {
        this.readableObjects.push(`${lake.bucketArn}/*`);
        if (lake.kmsKeyArn) decryptKeys.push(lake.kmsKeyArn);
      }
    }

    if (this.readableObjects.length > 0) {
      fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'ReadLogObjects', actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [...this.readableObjects] }));
    }
    [...new Set(decryptKeys)].forEach((keyArn, i) => {
      // SSE-KMS keys live in the bucket's Region: S3 calls KMS there on the reader's behalf.
      const region = keyArn.split(':')[3];
      fn.addToRolePolicy(new iam.PolicyStatement({ sid: `DecryptLogObjects${i}`, actions: ['kms:Decrypt'], resources: [keyArn], conditions: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } } }));
    });
  }
}
