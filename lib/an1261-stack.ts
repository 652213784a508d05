/** The deployable stack: the An1261Detector construct and the outputs an operator needs. */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Config } from '../lambdas/core/model/config';
import { An1261Detector } from './an1261-detector';
import { acknowledgeNagFindings } from './nag-acknowledgements';

export interface An1261StackProps extends StackProps {
  /** The validated configuration (`parseConfig` or `loadConfigFile`). */
  readonly config: Config;
}

export class An1261Stack extends Stack {
  /** The pipeline. */
  readonly detector: An1261Detector;

  constructor(scope: Construct, id: string, props: An1261StackProps) {
    super(scope, id, props);
    this.detector = new An1261Detector(this, 'Detector', { config: props.config });
    new CfnOutput(this, 'TopicArn', { value: this.detector.topic.topicArn, description: 'SNS topic of AN1261 notifications and alarms' });
    new CfnOutput(this, 'StateTableName', { value: this.detector.stateTable.tableName, description: 'DynamoDB correlation state (for `an1261 replay --table`)' });
    new CfnOutput(this, 'FindingsDlqUrl', { value: this.detector.findingsDlq.queueUrl, description: 'Findings that could not be published' });
    new CfnOutput(this, 'IngestDlqUrl', { value: this.detector.ingestDlq.queueUrl, description: 'Log batches that failed ingestion' });
    const intake = this.detector.objectIntake?.queue;
    if (intake) new CfnOutput(this, 'ObjectIntakeQueueArn', { value: intake.queueArn, description: 'SQS queue to name in the S3 event notifications of the sources.s3 buckets (docs/deploy-many-accounts.md)' });
    const reader = this.detector.objectIntake ? this.detector.ingestFunctions['s3-objects']?.role : undefined;
    if (reader) new CfnOutput(this, 'ObjectReaderRoleArn', { value: reader.roleArn, description: 'Role of the S3 object reader: grant it s3:GetObject in the policies of buckets (and keys) of other accounts, and receive on the Security Lake subscriber queue' });
    const crossAccount = this.detector.crossAccountLogs;
    if (crossAccount) new CfnOutput(this, 'LogsDestinationArn', { value: crossAccount.destinationArn, description: 'CloudWatch Logs destination for member accounts\' subscription filters (An1261MemberStack destinationArn)' });
    acknowledgeNagFindings(this.detector);
  }
}
