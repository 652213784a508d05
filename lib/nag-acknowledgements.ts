/**
 * Every cdk-nag AwsSolutions acknowledgement, in one place, each with its reason. They are applied
 * to the Lambda execution roles and the ingest DLQ (`NAG_ACKNOWLEDGEMENTS`: every deployment has
 * these findings) and, only when the configuration creates them, to the Kinesis streams, the object
 * reader's role (for its configured read prefixes) and a member account's subscription role
 * (`CONDITIONAL_NAG_ACKNOWLEDGEMENTS`). Nowhere else may these findings appear, and tests assert
 * that nothing else is reported. Apps that embed `An1261Detector` and run cdk-nag call
 * `acknowledgeNagFindings(detector)` too; `An1261MemberStack` calls `acknowledgeMemberNagFindings`.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { An1261Detector } from './an1261-detector';
import type { MemberAccountLogs } from './member-account-logs';

export interface NagAcknowledgement {
  /** The finding id as cdk-nag reports it (rule and finding). */
  readonly finding: string;
  /** Where it is acknowledged: the Lambda execution roles, or the ingest DLQ. */
  readonly on: 'function-roles' | 'ingest-dlq';
  /** Why the finding is accepted there. */
  readonly reason: string;
}

export const NAG_ACKNOWLEDGEMENTS: readonly NagAcknowledgement[] = [
  {
    on: 'function-roles',
    finding: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'AWSLambdaBasicExecutionRole only lets each function write its own CloudWatch Logs; it is the AWS-maintained least-privilege policy for that.',
  },
  {
    on: 'function-roles',
    finding: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray PutTraceSegments and PutTelemetryRecords (active tracing) support no resource-level permissions; that is the only statement with Resource "*".',
  },
  {
    on: 'function-roles',
    finding: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    reason: 'CDK grant helpers for the KMS-encrypted table, queue and topic; the statement is scoped to the stack’s own customer-managed key.',
  },
  {
    on: 'function-roles',
    finding: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
    reason: 'CDK grant helpers for the KMS-encrypted table, queue and topic; the statement is scoped to the stack’s own customer-managed key.',
  },
  {
    on: 'ingest-dlq',
    finding: 'AwsSolutions-SQS3',
    reason: 'The ingest DLQ is the on-failure destination of the ingest Lambdas and the DLQ of the EventBridge targets; cdk-nag only recognises redrive-policy DLQs. A DLQ of a DLQ would only move the problem.',
  },
];

/**
 * Acknowledgements of findings that only some configurations have. `{resource}` in `finding` stands
 * for each resource the configuration chooses, as cdk-nag writes it (`arn:<AWS::Partition>:s3:::…`).
 */
export interface ConditionalNagAcknowledgement {
  /** The finding id as cdk-nag reports it, with `{resource}` where it names a configured resource. */
  readonly finding: string;
  /**
   * Where: the Kinesis streams (flow logs with `operations.flowLogsKinesis`, the member-account
   * stream); the roles CloudWatch Logs assumes to put flow logs on their stream
   * (`IngestSources.flowLogsStreamRoles`); the object reader's role (`s3-objects`; once per pattern of
   * `ObjectIntake.readableObjects`); a member account's subscription role (once per ARN of
   * `MemberAccountLogs.logStreamArns`).
   */
  readonly on: 'kinesis-streams' | 'flow-log-stream-roles' | 'object-reader-role' | 'member-subscription-role';
  /** Why the finding is accepted there. */
  readonly reason: string;
}

export const CONDITIONAL_NAG_ACKNOWLEDGEMENTS: readonly ConditionalNagAcknowledgement[] = [
  {
    on: 'kinesis-streams',
    finding: 'AwsSolutions-KDS3',
    reason: 'The streams carry log records (audit logs, flow logs) of this and member accounts: like every other resource of the detector they are encrypted with its one customer-managed key (rotated, one key policy, every use in CloudTrail) rather than aws/kinesis; the KMS cost is per batch of records.',
  },
  {
    on: 'flow-log-stream-roles',
    finding: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    reason: 'CDK’s KinesisDestination grants CloudWatch Logs write access to the flow-log stream, including its encryption key: scoped to the stack’s own customer-managed key.',
  },
  {
    on: 'flow-log-stream-roles',
    finding: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
    reason: 'CDK’s KinesisDestination grants CloudWatch Logs write access to the flow-log stream, including its encryption key: scoped to the stack’s own customer-managed key.',
  },
  {
    on: 'object-reader-role',
    finding: 'AwsSolutions-IAM5[Resource::{resource}]',
    reason: 'The object reader reads log files as S3 delivers them: s3:GetObject/GetObjectVersion on the configured key prefix of each configured bucket (`<bucket>/<prefix>*`, the Security Lake bucket’s objects) — objects under that prefix only, never the bucket itself or another prefix.',
  },
  {
    on: 'member-subscription-role',
    finding: 'AwsSolutions-IAM5[Resource::{resource}]',
    reason: 'The role AWS documents for organisation-wide cross-account subscriptions: CloudWatch Logs may only PutLogEvents into the log streams (`log-group:<name>:*`) of the subscribed groups.',
  },
];

/** A string of the template as cdk-nag flattens it (references as `<AWS::Partition>`, `<Logical.Attr>`). */
export function nagResourceName(scope: IConstruct, value: string): string {
  const visit = (node: unknown): string => {
    if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/}/g, '>');
    const o = node as Record<string, unknown>;
    if (Array.isArray(o['Fn::Join'])) {
      const [delimiter, items] = o['Fn::Join'] as [string, unknown[]];
      return items.map(visit).join(delimiter);
    }
    if (Array.isArray(o['Fn::GetAtt'])) {
      const [resource, attribute] = o['Fn::GetAtt'] as [unknown, unknown];
      return `<${visit(resource)}.${visit(attribute)}>`;
    }
    if (o.Ref !== undefined) return `<${visit(o.Ref)}>`;
    return JSON.stringify(node);
  };
  return visit(Stack.of(scope).resolve(value));
}

/** Each acknowledgement with the constructs it is applied to, `{resource}` expanded: what `acknowledgeNagFindings` applies. */
export function nagAcknowledgementsOf(detector: An1261Detector): Array<{ finding: string; reason: string; scopes: IConstruct[] }> {
  const roleOf = (fn: { role?: IConstruct } | undefined) => (fn?.role ? [fn.role] : []);
  const functionRoles: IConstruct[] = [...Object.values(detector.ingestFunctions), detector.publisher].flatMap(roleOf);
  const out = NAG_ACKNOWLEDGEMENTS.map((a) => ({ finding: a.finding, reason: a.reason, scopes: a.on === 'function-roles' ? functionRoles : [detector.ingestDlq] }));
  const streams: IConstruct[] = [detector.sources.flowLogsStream, detector.crossAccountLogs?.stream].flatMap((s) => (s ? [s] : []));
  const reader = roleOf(detector.ingestFunctions['s3-objects']);
  const objects = detector.objectIntake?.readableObjects ?? [];
  for (const a of CONDITIONAL_NAG_ACKNOWLEDGEMENTS) {
    if (a.on === 'kinesis-streams' && streams.length > 0) out.push({ finding: a.finding, reason: a.reason, scopes: streams });
    if (a.on === 'flow-log-stream-roles' && detector.sources.flowLogsStreamRoles.length > 0) out.push({ finding: a.finding, reason: a.reason, scopes: [...detector.sources.flowLogsStreamRoles] });
    if (a.on === 'object-reader-role') for (const o of objects) out.push({ finding: a.finding.replace('{resource}', nagResourceName(detector, o)), reason: a.reason, scopes: reader });
  }
  return out;
}

/**
 * Acknowledges each finding on the constructs of `detector` it belongs to, and nowhere else.
 * @example acknowledgeNagFindings(new An1261Detector(stack, 'Detector', { config }));
 */
export function acknowledgeNagFindings(detector: An1261Detector): void {
  for (const a of nagAcknowledgementsOf(detector)) {
    for (const scope of a.scopes) Validations.of(scope).acknowledge({ id: `AwsSolutions::${a.finding}`, reason: a.reason });
  }
}

/** The member-account acknowledgements, `{resource}` expanded (empty without a subscription role). */
export function memberNagAcknowledgementsOf(member: MemberAccountLogs): Array<{ finding: string; reason: string; scopes: IConstruct[] }> {
  const role = member.role;
  if (!role) return [];
  return CONDITIONAL_NAG_ACKNOWLEDGEMENTS.filter((a) => a.on === 'member-subscription-role').flatMap((a) =>
    member.logStreamArns.map((arn) => ({ finding: a.finding.replace('{resource}', nagResourceName(member, arn)), reason: a.reason, scopes: [role] })),
  );
}

/**
 * Acknowledges the member-account findings on its subscription role (`An1261MemberStack` does).
 * @example acknowledgeMemberNagFindings(new MemberAccountLogs(stack, 'Logs', { destinationArn, eksClusters: ['prod'] }));
 */
export function acknowledgeMemberNagFindings(member: MemberAccountLogs): void {
  for (const a of memberNagAcknowledgementsOf(member)) {
    for (const scope of a.scopes) Validations.of(scope).acknowledge({ id: `AwsSolutions::${a.finding}`, reason: a.reason });
  }
}
