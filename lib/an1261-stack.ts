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
    acknowledgeNagFindings(this.detector);
  }
}
