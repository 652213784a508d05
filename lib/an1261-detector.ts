/**
 * `An1261Detector`: the whole AN1261 pipeline as one reusable construct. Ingest Lambdas per source
 * (CloudWatch Logs subscriptions, EventBridge rules, optional Kinesis for flow logs) → DynamoDB
 * state (TTL, PITR, KMS) → SQS findings queue (+DLQ) → publisher Lambda → Security Hub and SNS;
 * alarms and a dashboard. Teams embed it in their own CDK apps:
 *
 * @example
 * new An1261Detector(stack, 'Detector', { config: parseConfig(JSON.parse(readFileSync('an1261.json', 'utf8'))) });
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../lambdas/core/model/config';
import { DetectorFunction } from './detector-function';
import { IngestSources } from './ingest-sources';
import { Operations } from './operations';
import { annotateConfigWarnings, assertDeployableConfig } from './deployable-config';

export interface An1261DetectorProps {
  /** The validated configuration (`parseConfig`): the same schema as the CLI's `--config`. */
  readonly config: Config;
  /**
   * What happens to the state and idempotency tables and log groups on `cdk destroy`. The state
   * is short-lived correlation data (TTL), so the default removes it.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Import findings into Security Hub (must be enabled in the account and region).
   * @default true
   */
  readonly securityHub?: boolean;
}

export class An1261Detector extends Construct {
  /** Customer-managed key for every resource of the pipeline. */
  readonly key: kms.Key;
  readonly stateTable: dynamodb.Table;
  readonly idempotencyTable: dynamodb.Table;
  readonly findingsQueue: sqs.Queue;
  readonly findingsDlq: sqs.Queue;
  readonly ingestDlq: sqs.Queue;
  readonly topic: sns.Topic;
  readonly ingestFunctions: Record<string, lambda.IFunction> = {};
  readonly publisher: lambda.IFunction;

  constructor(scope: Construct, id: string, props: An1261DetectorProps) {
    super(scope, id);
    const { config } = props;
    assertDeployableConfig(config);
    // Valid but unsafe settings (trusting AMAZON/EC2, "*" builders …): stack warnings, as `an1261 config check` prints them.
    annotateConfigWarnings(Stack.of(this), config);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    const stack = Stack.of(this);
    const logRetention = config.operations.logRetentionDays as logs.RetentionDays;

    this.key = new kms.Key(this, 'Key', { description: 'an1261-detector: state, queues, topic and logs', enableKeyRotation: true, removalPolicy });
    // CloudWatch Logs encrypts the functions' log groups with the key.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
      }),
    );

    this.stateTable = new dynamodb.Table(this, 'StateTable', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      removalPolicy,
    });
    this.idempotencyTable = new dynamodb.Table(this, 'IdempotencyTable', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiration',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      removalPolicy,
    });

    const queue = (qid: string, extra: Partial<sqs.QueueProps> = {}) =>
      new sqs.Queue(this, qid, { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: this.key, enforceSSL: true, retentionPeriod: Duration.days(14), ...extra });
    this.ingestDlq = queue('IngestDlq');
    this.findingsDlq = queue('FindingsDlq');
    this.findingsQueue = queue('FindingsQueue', { visibilityTimeout: Duration.seconds(6 * 60), deadLetterQueue: { queue: this.findingsDlq, maxReceiveCount: 5 } });

    this.topic = new sns.Topic(this, 'Topic', { displayName: 'AN1261 Build Image on Host findings', masterKey: this.key, enforceSSL: true });
    if (config.notifications.email) this.topic.addSubscription(new subs.EmailSubscription(config.notifications.email));
    // EventBridge and CloudWatch alarms publish to the encrypted topic.
    this.key.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));

    const configFile = writeEffectiveConfig(config);
    const fn = (fid: string, entry: string, description: string, extra: { env?: Record<string, string>; concurrency?: number; timeout?: Duration } = {}) =>
      new DetectorFunction(this, fid, {
        entry,
        serviceName: `an1261-${entry}`,
        description,
        configFile,
        key: this.key,
        logRetention,
        removalPolicy,
        ...(extra.concurrency !== undefined ? { reservedConcurrentExecutions: extra.concurrency } : {}),
        ...(extra.timeout ? { timeout: extra.timeout } : {}),
        environment: extra.env ?? {},
      });

    const ingestEnv = { STATE_TABLE_NAME: this.stateTable.tableName, FINDINGS_QUEUE_URL: this.findingsQueue.queueUrl };
    const ingest = (fid: string, entry: string, description: string) => {
      const f = fn(fid, entry, description, { env: ingestEnv, concurrency: config.operations.ingestConcurrency });
      this.stateTable.grantReadWriteData(f.fn);
      this.findingsQueue.grantSendMessages(f.fn);
      this.ingestFunctions[entry] = f.fn;
      return { fn: f.fn, service: `an1261-${entry}` };
    };
    const sources = new IngestSources(this, 'Sources', {
      config,
      key: this.key,
      ingestDlq: this.ingestDlq,
      eksAudit: config.sources.eksClusters.length > 0 ? ingest('EksAudit', 'eks-audit', 'AN1261: EKS audit logs → signals → correlation') : undefined,
      flowLogs: config.sources.flowLogs.length > 0 ? ingest('FlowLogs', config.operations.flowLogsKinesis ? 'flow-logs-stream' : 'flow-logs', 'AN1261: VPC flow logs → untrusted egress → correlation') : undefined,
      hostLogs: config.sources.hostLogs.length > 0 ? ingest('HostLogs', 'host-logs', 'AN1261: dockerd/auditd host logs → signals → correlation') : undefined,
      ecrEvents: ingest('EcrEvents', 'ecr-events', 'AN1261: ECR pushes (EventBridge, CloudTrail PutImage) → correlation'),
    });

    const publisher = fn('Publisher', 'publish', 'AN1261: findings queue → Security Hub and SNS', {
      timeout: Duration.seconds(60),
      env: {
        IDEMPOTENCY_TABLE_NAME: this.idempotencyTable.tableName,
        TOPIC_ARN: this.topic.topicArn,
        SECURITY_HUB_ENABLED: String(props.securityHub ?? true),
      },
    }).fn;
    this.publisher = publisher;
    this.idempotencyTable.grantReadWriteData(publisher);
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
    publisher.addEventSource(new SqsEventSource(this.findingsQueue, { batchSize: 100, maxBatchingWindow: Duration.seconds(5), reportBatchItemFailures: true }));

    new Operations(this, 'Operations', {
      config,
      topic: this.topic,
      dlqs: { ingest: this.ingestDlq, findings: this.findingsDlq },
      functions: { ...this.ingestFunctions, publish: publisher },
      sources: sources.watched,
      findingsQueue: this.findingsQueue,
    });
  }
}

/** The config the Lambdas run with, written once per synth and bundled beside each handler. */
function writeEffectiveConfig(config: Config): string {
  const file = join(mkdtempSync(join(tmpdir(), 'an1261-config-')), 'an1261.config.json');
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}
