/**
 * Wires the telemetry to the ingest Lambdas: CloudWatch Logs subscription filters on EKS
 * control-plane, flow-log and host-log groups (flow logs optionally through Kinesis), and
 * EventBridge rules for ECR pushes, CloudTrail PutImage and RunInstances. Failed async invocations go to the
 * ingest DLQ.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as logsDestinations from 'aws-cdk-lib/aws-logs-destinations';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import type { Config } from '../lambdas/core/model/config';
import { EKS_AUDIT_FILTER_PATTERN } from '../lambdas/core/rules/gates';

/** The subscription filter of the EKS log groups: a hidden gate, owned by the rules (rules/gates.ts). */
export { EKS_AUDIT_FILTER_PATTERN };

export interface IngestSourcesProps {
  /** The validated configuration: `sources` names the clusters and log groups to subscribe, `operations.flowLogsKinesis` the scale path. */
  readonly config: Config;
  /** Customer-managed key of the Kinesis stream (flow logs through Kinesis only). */
  readonly key: kms.IKey;
  /** Where failed asynchronous invocations and EventBridge deliveries end up after their retries. */
  readonly ingestDlq: sqs.IQueue;
  /** The function subscribed to each `/aws/eks/<cluster>/cluster` log group. @default no EKS audit subscription */
  readonly eksAudit?: IngestTarget;
  /** The function fed by the flow-log groups (directly, or through Kinesis). @default no flow-log subscription */
  readonly flowLogs?: IngestTarget;
  /** The function subscribed to the host (dockerd / auditd) log groups. @default no host-log subscription */
  readonly hostLogs?: IngestTarget;
  /** The target of the ECR push and CloudTrail PutImage EventBridge rules. */
  readonly ecrEvents: IngestTarget;
}

/** An ingest Lambda and the Powertools service name its metrics carry. */
export interface IngestTarget {
  /** The ingest function. */
  readonly fn: lambda.IFunction;
  /** Its Powertools service name (`serviceName(entry)` of lambdas/contract): the `service` dimension of its metrics. */
  readonly service: string;
}

/** A source whose silence should raise an alarm. */
export interface WatchedSource extends IngestTarget {
  /** How alarms name the source, e.g. `EKS audit`. */
  readonly name: string;
}

export class IngestSources extends Construct {
  /** The sources whose silence `Operations` alarms on (ECR pushes can be days apart: not watched). */
  readonly watched: WatchedSource[] = [];
  /** The flow-log stream, with `operations.flowLogsKinesis`. */
  readonly flowLogsStream?: kinesis.Stream;
  /** The roles CloudWatch Logs assumes to put flow logs on that stream (one per subscription; made by CDK's KinesisDestination). */
  readonly flowLogsStreamRoles: IConstruct[] = [];

  constructor(scope: Construct, id: string, props: IngestSourcesProps) {
    super(scope, id);
    const { config } = props;
    // CloudWatch Logs and EventBridge invoke asynchronously: after the retries, the event goes to the DLQ.
    const asyncFailures = (fn: lambda.IFunction) =>
      fn.configureAsyncInvoke({ maxEventAge: Duration.hours(1), retryAttempts: 2, onFailure: new destinations.SqsDestination(props.ingestDlq) });

    if (props.eksAudit) {
      const eks = props.eksAudit;
      asyncFailures(eks.fn);
      config.sources.eksClusters.forEach((cluster, i) => {
        const group = logs.LogGroup.fromLogGroupName(this, `EksLogGroup${i}`, `/aws/eks/${cluster}/cluster`);
        new logs.SubscriptionFilter(this, `EksAuditSubscription${i}`, {
          logGroup: group,
          destination: new logsDestinations.LambdaDestination(eks.fn),
          filterPattern: logs.FilterPattern.literal(EKS_AUDIT_FILTER_PATTERN),
          filterName: 'an1261-eks-audit',
        });
      });
      this.watched.push({ name: 'EKS audit', ...eks });
    }

    if (props.flowLogs) {
      const flow = props.flowLogs;
      const groups = config.sources.flowLogs.map((f, i) => logs.LogGroup.fromLogGroupName(this, `FlowLogGroup${i}`, f.logGroup));
      const kin = config.operations.flowLogsKinesis;
      if (kin) {
        const stream = (this.flowLogsStream = new kinesis.Stream(this, 'FlowLogsStream', { shardCount: kin.shards, encryption: kinesis.StreamEncryption.KMS, encryptionKey: props.key, retentionPeriod: Duration.hours(24) }));
        groups.forEach((group, i) => {
          const filter = new logs.SubscriptionFilter(this, `FlowLogsSubscription${i}`, { logGroup: group, destination: new logsDestinations.KinesisDestination(stream), filterPattern: logs.FilterPattern.allEvents(), filterName: 'an1261-flow-logs' });
          const role = filter.node.tryFindChild('CloudWatchLogsCanPutRecords');
          if (role) this.flowLogsStreamRoles.push(role);
        });
        flow.fn.addEventSource(
          new KinesisEventSource(stream, {
            startingPosition: lambda.StartingPosition.LATEST,
            batchSize: kin.batchSize,
            parallelizationFactor: kin.parallelizationFactor,
            bisectBatchOnError: true,
            reportBatchItemFailures: true,
            retryAttempts: 3,
            maxRecordAge: Duration.hours(1),
            onFailure: new SqsDlq(props.ingestDlq),
          }),
        );
      } else {
        asyncFailures(flow.fn);
        groups.forEach((group, i) => new logs.SubscriptionFilter(this, `FlowLogsSubscription${i}`, { logGroup: group, destination: new logsDestinations.LambdaDestination(flow.fn), filterPattern: logs.FilterPattern.allEvents(), filterName: 'an1261-flow-logs' }));
      }
      this.watched.push({ name: 'VPC flow logs', ...flow });
    }

    if (props.hostLogs) {
      const host = props.hostLogs;
      asyncFailures(host.fn);
      config.sources.hostLogs.forEach((h, i) => {
        const group = logs.LogGroup.fromLogGroupName(this, `HostLogGroup${i}`, h.logGroup);
        new logs.SubscriptionFilter(this, `HostLogsSubscription${i}`, { logGroup: group, destination: new logsDestinations.LambdaDestination(host.fn), filterPattern: logs.FilterPattern.allEvents(), filterName: 'an1261-host-logs' });
      });
      this.watched.push({ name: 'host logs', ...host });
    }

    asyncFailures(props.ecrEvents.fn);
    const target = new targets.LambdaFunction(props.ecrEvents.fn, { deadLetterQueue: props.ingestDlq, retryAttempts: 8, maxEventAge: Duration.hours(2) });
    new events.Rule(this, 'EcrPushRule', {
      description: 'AN1261: ECR image pushes',
      eventPattern: { source: ['aws.ecr'], detailType: ['ECR Image Action'], detail: { 'action-type': ['PUSH'], result: ['SUCCESS'] } },
      targets: [target],
    });
    new events.Rule(this, 'PutImageRule', {
      description: 'AN1261: CloudTrail PutImage (names the principal and, for EC2 roles, the host)',
      eventPattern: { source: ['aws.ecr'], detailType: ['AWS API Call via CloudTrail'], detail: { eventSource: ['ecr.amazonaws.com'], eventName: ['PutImage'] } },
      targets: [target],
    });
    // Launches name each instance's private IPs (AWS-written, minutes before its first flow-log
    // record): an ephemeral CI runner named by instance id in its host logs meets the CIDRs of
    // approvedBuilders.hosts from its first build on. Failed calls launched nothing.
    new events.Rule(this, 'RunInstancesRule', {
      description: 'AN1261: CloudTrail RunInstances (instance to private IP, for host approvals)',
      eventPattern: { source: ['aws.ec2'], detailType: ['AWS API Call via CloudTrail'], detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['RunInstances'], errorCode: events.Match.doesNotExist() } },
      targets: [target],
    });
    // Image scans (ECR basic, Inspector enhanced) to the same Lambda: a deploy with no scan result
    // before it raises severity where requireScanBeforeDeploy is on. Inspector's scans of EC2
    // instances and Lambda functions name no repository and are not sent.
    new events.Rule(this, 'EcrScanRule', {
      description: 'AN1261: ECR image scans (ECR Image Scan, Inspector2 Scan)',
      eventPattern: { source: ['aws.ecr', 'aws.inspector2'], detailType: ['ECR Image Scan', 'Inspector2 Scan'], detail: { 'repository-name': events.Match.exists() } },
      targets: [target],
    });
    // ECR pushes can be days apart: their silence is not a blind spot, so no silence alarm.
  }
}
