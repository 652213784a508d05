/**
 * `An1261Detector`: the whole AN1261 pipeline as one reusable construct. Ingest Lambdas per source
 * (CloudWatch Logs subscriptions, EventBridge rules, optional Kinesis for flow logs) → DynamoDB
 * state (TTL, PITR, KMS) → SQS findings queue (+DLQ) → publisher Lambda → Security Hub and SNS;
 * alarms and a dashboard. It composes four constructs, each usable on its own: `DetectorState`,
 * `FindingsPipeline`, `IngestSources` and `Operations`; at organisation scale also `ObjectIntake`
 * (S3 buckets and Security Lake, when `sources.s3` or `sources.securityLake` is set) and
 * `CrossAccountLogs` (member accounts' CloudWatch Logs, when `accounts` names members or an
 * organisation). Teams embed it in their own CDK apps:
 *
 * @example
 * new An1261Detector(stack, 'Detector', { config: loadConfigFile('an1261.config.json') });
 */
import { type Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { IngestEntry } from '../lambdas/contract';
import type { Config } from '../lambdas/core/model/config';
import { CrossAccountLogs } from './cross-account-logs';
import { annotateConfigWarnings, annotateDeploymentWarnings, assertDeployableConfig } from './deployable-config';
import { DetectorFunction } from './detector-function';
import { DetectorState } from './detector-state';
import { encryptedQueue } from './encrypted-queue';
import { FindingsPipeline } from './findings-pipeline';
import { IngestSources, type IngestTarget } from './ingest-sources';
import { keepLogicalIdsOfParent } from './logical-ids';
import { OBJECT_READER_MEMORY_MB, OBJECT_READER_TIMEOUT, ObjectIntake } from './object-intake';
import { Operations } from './operations';

export interface An1261DetectorProps {
  /** The validated configuration (`parseConfig` or `loadConfigFile`): the same schema as the CLI's `--config`. */
  readonly config: Config;
  /**
   * What happens to the key, the state and idempotency tables and the log groups on `cdk destroy`.
   * The state is short-lived correlation data (TTL), so the default removes it.
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

export class An1261Detector extends Construct {
  /** The key and the tables. */
  readonly state: DetectorState;
  /** Findings queue, DLQ, publisher and topic. */
  readonly findings: FindingsPipeline;
  /** Subscriptions and rules that feed the ingest functions. */
  readonly sources: IngestSources;
  /** Alarms and dashboard. */
  readonly operations: Operations;
  /** Customer-managed key for every resource of the pipeline (`state.key`). */
  readonly key: kms.Key;
  /** Correlation state (`state.stateTable`). */
  readonly stateTable: dynamodb.Table;
  /** Publisher idempotency records (`state.idempotencyTable`). */
  readonly idempotencyTable: dynamodb.Table;
  /** `findings.queue`. */
  readonly findingsQueue: sqs.Queue;
  /** `findings.dlq`. */
  readonly findingsDlq: sqs.Queue;
  /** Log batches and events the ingest functions failed on after retries. */
  readonly ingestDlq: sqs.Queue;
  /** `findings.topic`. */
  readonly topic: sns.Topic;
  /** S3 object and Security Lake intake, when `sources.s3` or `sources.securityLake` is set. */
  readonly objectIntake?: ObjectIntake;
  /** The cross-account CloudWatch Logs destination, when `accounts.members` or `accounts.organizationId` is set. */
  readonly crossAccountLogs?: CrossAccountLogs;
  /** The ingest functions by handler entry (`eks-audit`, `flow-logs` or `flow-logs-stream`, `host-logs`, `ecr-events`, `s3-objects`, `cross-account-logs`). */
  readonly ingestFunctions: Partial<Record<IngestEntry, lambda.IFunction>> = {};
  /** `findings.publisher.fn`. */
  readonly publisher: lambda.IFunction;

  constructor(scope: Construct, id: string, props: An1261DetectorProps) {
    super(scope, id);
    const { config } = props;
    assertDeployableConfig(config, this);
    // Valid but unsafe settings (trusting AMAZON/EC2, "*" builders …): stack warnings, as `an1261 config check` prints them.
    annotateConfigWarnings(Stack.of(this), config);
    annotateDeploymentWarnings(Stack.of(this), config);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;

    this.state = new DetectorState(this, 'State', { removalPolicy });
    this.key = this.state.key;
    this.stateTable = this.state.stateTable;
    this.idempotencyTable = this.state.idempotencyTable;
    this.ingestDlq = encryptedQueue(this, 'IngestDlq', this.key);
    // EventBridge writes to queues encrypted with this key: the ECR rules' dead-letter queue (and the
    // object intake queue when buckets announce objects through EventBridge). Without this statement
    // a failed ECR delivery could not reach its DLQ. Only for this account's rules.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeToEncryptedQueues',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.findings = new FindingsPipeline(this, 'Findings', { config, key: this.key, idempotencyTable: this.idempotencyTable, removalPolicy, securityHub: props.securityHub, sourceMapStackTraces: props.sourceMapStackTraces });
    this.findingsQueue = this.findings.queue;
    this.findingsDlq = this.findings.dlq;
    this.topic = this.findings.topic;
    this.publisher = this.findings.publisher.fn;

    const ingest = (fid: string, entry: IngestEntry, description: string, size: { timeout?: Duration; memorySize?: number } = {}): IngestTarget => {
      const f = new DetectorFunction(this, fid, { entry, description, config, key: this.key, removalPolicy, sourceMapStackTraces: props.sourceMapStackTraces, reservedConcurrentExecutions: config.operations.ingestConcurrency, ...size });
      this.state.bindStateTable(f.fn);
      this.findings.bindProducer(f.fn);
      this.ingestFunctions[entry] = f.fn;
      return { fn: f.fn, service: f.serviceName };
    };
    this.sources = new IngestSources(this, 'Sources', {
      config,
      key: this.key,
      ingestDlq: this.ingestDlq,
      eksAudit: config.sources.eksClusters.length > 0 ? ingest('EksAudit', 'eks-audit', 'AN1261: EKS audit logs → signals → correlation') : undefined,
      flowLogs: config.sources.flowLogs.length > 0 ? ingest('FlowLogs', config.operations.flowLogsKinesis ? 'flow-logs-stream' : 'flow-logs', 'AN1261: VPC flow logs → untrusted egress → correlation') : undefined,
      hostLogs: config.sources.hostLogs.length > 0 ? ingest('HostLogs', 'host-logs', 'AN1261: dockerd/auditd host logs → signals → correlation') : undefined,
      ecrEvents: ingest('EcrEvents', 'ecr-events', 'AN1261: ECR pushes (EventBridge, CloudTrail PutImage) → correlation'),
    });

    // Organisation scale: log files in S3 (log-archive buckets, Security Lake) and member accounts' log groups.
    const watched = [...this.sources.watched];
    if (config.sources.s3.length > 0 || config.sources.securityLake) {
      const target = ingest('S3Objects', 's3-objects', 'AN1261: S3 log files (flow logs, CloudTrail, Security Lake) → signals → correlation', { timeout: OBJECT_READER_TIMEOUT, memorySize: OBJECT_READER_MEMORY_MB });
      this.objectIntake = new ObjectIntake(this, 'ObjectIntake', { config, key: this.key, ingestDlq: this.ingestDlq, target, functionTimeout: OBJECT_READER_TIMEOUT });
      watched.push({ name: 'S3 objects', ...target });
    }
    if (config.accounts.members.length > 0 || config.accounts.organizationId) {
      const target = ingest('MemberLogs', 'cross-account-logs', 'AN1261: member-account CloudWatch Logs (cross-account destination, Kinesis) → correlation');
      this.crossAccountLogs = new CrossAccountLogs(this, 'CrossAccountLogs', { config, key: this.key, ingestDlq: this.ingestDlq, target });
      watched.push({ name: 'member account logs', ...target });
    }

    this.operations = new Operations(this, 'Operations', {
      config,
      topic: this.topic,
      dlqs: { ingest: this.ingestDlq, findings: this.findingsDlq, ...(this.objectIntake?.dlq ? { objectIntake: this.objectIntake.dlq } : {}) },
      functions: { ...this.ingestFunctions, publish: this.publisher },
      sources: watched,
      findingsQueue: this.findingsQueue,
      backlogs: {
        queues: this.objectIntake?.queue ? { objectIntake: this.objectIntake.queue } : {},
        streams: this.crossAccountLogs ? { memberLogs: this.crossAccountLogs.stream } : {},
      },
    });

    // The key, tables, queues, topic and publisher were direct children before the split: keep their logical IDs.
    keepLogicalIdsOfParent(this.state);
    keepLogicalIdsOfParent(this.findings);
  }
}
