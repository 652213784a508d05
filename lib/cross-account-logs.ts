/**
 * `CrossAccountLogs`: the receiving end of member accounts' CloudWatch Logs, as AWS documents
 * cross-account subscriptions. A CloudWatch Logs destination (`an1261-logs`) wraps a KMS-encrypted
 * Kinesis stream; its access policy lets the `accounts.members` accounts (or every account of
 * `accounts.organizationId`) call `logs:PutSubscriptionFilter` against it, and a role that only
 * CloudWatch Logs may assume — for those accounts and this one (`aws:SourceArn`) — puts their
 * records on the stream. The `cross-account-logs` function reads the stream (bisect on error,
 * partial batch responses, failed records to the ingest DLQ) and routes each payload by its log
 * group; the payload's `owner` is the member account. Member accounts subscribe their EKS audit
 * and host log groups with `MemberAccountLogs` (lib/member-account-logs.ts), e.g. as a StackSet.
 *
 * @example
 * const logs = new CrossAccountLogs(this, 'CrossAccountLogs', { config, key, ingestDlq, target: { fn, service } });
 * new CfnOutput(this, 'LogsDestinationArn', { value: logs.destinationArn });
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Config } from '../lambdas/core/model/config';
import type { IngestTarget } from './ingest-sources';

/** The destination's name when none is given: what member accounts' subscription filters point at. */
export const DEFAULT_LOGS_DESTINATION_NAME = 'an1261-logs';

export interface CrossAccountLogsProps {
  /** The validated configuration: `accounts.members` and `accounts.organizationId` say who may send. */
  readonly config: Config;
  /** Customer-managed key of the Kinesis stream (`DetectorState.key`). */
  readonly key: kms.IKey;
  /** Where records the function failed on after its retries end up (the detector's ingest DLQ). */
  readonly ingestDlq: sqs.IQueue;
  /** The `cross-account-logs` ingest function, fed by the stream. */
  readonly target: IngestTarget;
  /**
   * The destination's name (unique per account and Region; member stacks name it in their ARN).
   * @default 'an1261-logs'
   */
  readonly destinationName?: string;
  /**
   * Provisioned shards of the stream; undefined: on-demand capacity, which follows an organisation's
   * volume without sizing (it costs a fixed hourly fee per stream besides the data).
   * @default on-demand capacity
   */
  readonly shardCount?: number;
}

export class CrossAccountLogs extends Construct {
  /** The stream the destination writes to (KMS, 24 h retention). */
  readonly stream: kinesis.Stream;
  /** The role CloudWatch Logs assumes to put member accounts' records on the stream. */
  readonly role: iam.Role;
  /** The CloudWatch Logs destination. */
  readonly destination: logs.CfnDestination;
  /** The destination's ARN: what member accounts' subscription filters name (`MemberAccountLogs.destinationArn`). */
  readonly destinationArn: string;

  constructor(scope: Construct, id: string, props: CrossAccountLogsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { accounts } = props.config;
    const name = props.destinationName ?? DEFAULT_LOGS_DESTINATION_NAME;
    this.destinationArn = `arn:${stack.partition}:logs:${stack.region}:${stack.account}:destination:${name}`;

    this.stream = new kinesis.Stream(this, 'Stream', {
      encryption: kinesis.StreamEncryption.KMS,
      encryptionKey: props.key,
      retentionPeriod: Duration.hours(24),
      ...(props.shardCount !== undefined ? { shardCount: props.shardCount, streamMode: kinesis.StreamMode.PROVISIONED } : { streamMode: kinesis.StreamMode.ON_DEMAND }),
    });

    // CloudWatch Logs delivers on the sender's behalf (and sends a test message on this account's when
    // the destination is created): the role trusts it only for those accounts' log resources (AWS's
    // confused-deputy condition), in any Region, since cross-Region subscriptions deliver here too. With
    // an organisation the senders are not listed: any account's, bounded by the destination policy
    // below (only the organisation may subscribe) and by iam:PassRole (only this account can attach it).
    const senders = accounts.organizationId ? ['*'] : [...accounts.members.map((m) => m.id), stack.account];
    this.role = new iam.Role(this, 'Role', {
      description: 'AN1261: CloudWatch Logs puts member-account subscription records on the cross-account stream',
      assumedBy: new iam.ServicePrincipal('logs.amazonaws.com', {
        conditions: { StringLike: { 'aws:SourceArn': senders.map((a) => `arn:${stack.partition}:logs:*:${a}:*`) } },
      }),
    });
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['kinesis:PutRecord'], resources: [this.stream.streamArn] }));
    // Writing to an SSE-KMS stream: a data key per record batch.
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [props.key.keyArn] }));

    const statements: Array<Record<string, unknown>> = [];
    if (accounts.members.length > 0) {
      statements.push({ Sid: 'MemberAccounts', Effect: 'Allow', Principal: { AWS: accounts.members.map((m) => m.id) }, Action: 'logs:PutSubscriptionFilter', Resource: this.destinationArn });
    }
    if (accounts.organizationId) {
      statements.push({ Sid: 'Organization', Effect: 'Allow', Principal: '*', Action: 'logs:PutSubscriptionFilter', Resource: this.destinationArn, Condition: { StringEquals: { 'aws:PrincipalOrgID': accounts.organizationId } } });
    }
    this.destination = new logs.CfnDestination(this, 'Destination', {
      destinationName: name,
      targetArn: this.stream.streamArn,
      roleArn: this.role.roleArn,
      destinationPolicy: stack.toJsonString({ Version: '2012-10-17', Statement: statements }),
    });
    // The test message needs the role's policy in place.
    this.destination.node.addDependency(this.role);

    props.target.fn.addEventSource(
      new KinesisEventSource(this.stream, {
        // The stream is created with the mapping: nothing older exists; and re-reading after a mapping
        // is replaced is safe (deterministic ids), losing records is not.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 500,
        maxBatchingWindow: Duration.seconds(5),
        parallelizationFactor: 2,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 3,
        maxRecordAge: Duration.hours(1),
        onFailure: new SqsDlq(props.ingestDlq),
      }),
    );
  }
}
