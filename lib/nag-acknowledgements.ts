/**
 * Every cdk-nag AwsSolutions acknowledgement, in one place, each with its reason. They are applied
 * to the Lambda execution roles and the ingest DLQ only (nowhere else may these findings appear), and
 * a test asserts that nothing else is reported. Apps that embed `An1261Detector` and run cdk-nag call
 * `acknowledgeNagFindings(detector)` too.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { An1261Detector } from './an1261-detector';

export interface NagAcknowledgement {
  /** The finding id as cdk-nag reports it (rule and finding). */
  readonly finding: string;
  /** Where it is acknowledged: the Lambda execution roles, or the ingest DLQ. */
  readonly on: 'function-roles' | 'ingest-dlq';
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
 * Acknowledges each finding on the constructs of `detector` it belongs to, and nowhere else.
 * @example acknowledgeNagFindings(new An1261Detector(stack, 'Detector', { config }));
 */
export function acknowledgeNagFindings(detector: An1261Detector): void {
  const functionRoles: IConstruct[] = [...Object.values(detector.ingestFunctions), detector.publisher].flatMap((fn) => (fn.role ? [fn.role] : []));
  for (const a of NAG_ACKNOWLEDGEMENTS) {
    const scopes = a.on === 'function-roles' ? functionRoles : [detector.ingestDlq];
    for (const scope of scopes) Validations.of(scope).acknowledge({ id: `AwsSolutions::${a.finding}`, reason: a.reason });
  }
}
