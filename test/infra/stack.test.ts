/**
 * The CDK app: targeted assertions on what matters for security and correctness, cdk-nag with
 * zero unacknowledged findings, one snapshot, and bad config failing synth with the key.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_CONFIG_PATH, ENV, METRICS_NAMESPACE } from '../../lambdas/contract';
import { parseConfig } from '../../lambdas/core/model/config';
import { An1261Stack } from '../../lib/an1261-stack';
import { EKS_AUDIT_FILTER_PATTERN } from '../../lib/ingest-sources';
import { NAG_ACKNOWLEDGEMENTS } from '../../lib/nag-acknowledgements';
import { metricsNoHandlerEmits } from './metrics-watched';

const DEPLOY_CONFIG = JSON.parse(readFileSync(join(__dirname, '../../deploy/an1261.config.json'), 'utf8'));

function synth(config: unknown = DEPLOY_CONFIG) {
  // Bundling is skipped in tests (the entry files still have to exist).
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new An1261Stack(app, 'Test', { config: parseConfig(config), env: { account: '111122223333', region: 'us-east-1' } });
  return { app, stack, template: Template.fromStack(stack) };
}

const { stack, template } = synth();

describe('An1261Stack', () => {
  it('keeps correlation state in an on-demand, KMS-encrypted DynamoDB table with TTL and point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
    });
  });

  it('encrypts every queue and the topic with the customer-managed key and enforces TLS', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(3);
    for (const q of Object.values(queues)) expect(q.Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('lets EventBridge use the key for this account only, so a failed ECR event reaches its encrypted dead-letter queue', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'EventBridgeToEncryptedQueues', Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Condition: { StringEquals: { 'aws:SourceAccount': Match.anyValue() } } }),
        ]),
      },
    });
    const rules = Object.values(template.findResources('AWS::Events::Rule'));
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) for (const t of r.Properties.Targets) expect(t.DeadLetterConfig?.Arn).toBeDefined();
  });

  it('runs every function on arm64 with the latest Node.js runtime, tracing and a retained, encrypted log group', () => {
    const fns = Object.values(template.findResources('AWS::Lambda::Function')).filter((f) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME);
    expect(fns.map((f) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).sort()).toEqual(['an1261-ecr-events', 'an1261-eks-audit', 'an1261-flow-logs', 'an1261-host-logs', 'an1261-publish']);
    for (const f of fns) {
      expect(f.Properties).toMatchObject({ Architectures: ['arm64'], Runtime: 'nodejs24.x', TracingConfig: { Mode: 'Active' } });
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30, KmsKeyId: Match.anyValue() });
  });

  it('subscribes the EKS audit stream of each cluster with a filter that drops reads but keeps websocket exec', () => {
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', { LogGroupName: '/aws/eks/prod-cluster/cluster', FilterPattern: EKS_AUDIT_FILTER_PATTERN });
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', { LogGroupName: '/vpc/flow/prod', FilterPattern: '' });
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', { LogGroupName: '/ec2/docker', FilterPattern: '' });
  });

  it('routes ECR pushes and CloudTrail PutImage through EventBridge rules with a DLQ', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ecr'], 'detail-type': ['ECR Image Action'], detail: { 'action-type': ['PUSH'], result: ['SUCCESS'] } },
      Targets: [Match.objectLike({ DeadLetterConfig: { Arn: Match.anyValue() }, RetryPolicy: { MaximumRetryAttempts: 8 } })],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ecr'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: ['ecr.amazonaws.com'], eventName: ['PutImage'] } },
    });
  });

  it('routes successful CloudTrail RunInstances (instance ↔ private IP at launch) to the same Lambda, with a DLQ', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ec2'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['RunInstances'], errorCode: [{ exists: false }] } },
      Targets: [Match.objectLike({ DeadLetterConfig: { Arn: Match.anyValue() }, RetryPolicy: { MaximumRetryAttempts: 8 } })],
    });
  });

  it('routes ECR basic and Inspector image scans to the ECR events Lambda (requireScanBeforeDeploy), only those that name a repository', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ecr', 'aws.inspector2'], 'detail-type': ['ECR Image Scan', 'Inspector2 Scan'], detail: { 'repository-name': [{ exists: true }] } },
      Targets: [Match.objectLike({ DeadLetterConfig: { Arn: Match.anyValue() }, RetryPolicy: { MaximumRetryAttempts: 8 } })],
    });
  });

  it('sends failed asynchronous ingest invocations to the ingest DLQ', () => {
    const configs = template.findResources('AWS::Lambda::EventInvokeConfig');
    expect(Object.keys(configs)).toHaveLength(4);
    for (const c of Object.values(configs)) {
      expect(c.Properties).toMatchObject({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600, DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/^DetectorIngestDlq/), 'Arn'] } } } });
    }
  });

  it('lets the publisher import findings only as its own account’s default product', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: 'securityhub:BatchImportFindings', Effect: 'Allow', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:us-east-1:111122223333:product/111122223333/default']] } },
          { Action: 'securityhub:BatchUpdateFindings', Effect: 'Allow', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:us-east-1:111122223333:hub/default']] } },
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 100, MaximumBatchingWindowInSeconds: 5, FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });

  it('grants no wildcard action to any function', () => {
    for (const p of Object.values(template.findResources('AWS::IAM::Policy'))) {
      for (const st of p.Properties.PolicyDocument.Statement) {
        for (const a of [st.Action].flat()) expect(a).not.toMatch(/^(\*|[a-z0-9-]+:\*)$/);
      }
    }
  });

  it('alarms on DLQs, errors, throttles, SKIPDATA and silent sources, through the topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const names = alarms.map((a) => a.Properties.MetricName).sort();
    expect(names.filter((n) => n === 'ApproximateNumberOfMessagesVisible')).toHaveLength(2);
    expect(names.filter((n) => n === 'Errors')).toHaveLength(5);
    expect(names.filter((n) => n === 'Throttles')).toHaveLength(5);
    expect(names.filter((n) => n === 'FlowSkipData')).toHaveLength(1);
    expect(alarms.filter((a) => a.Properties.MetricName === 'PublishFailures').map((a) => a.Properties.Dimensions)).toEqual([[{ Name: 'service', Value: 'an1261-publish' }]]);
    expect(alarms.filter((a) => a.Properties.MetricName === 'RecordsIn').map((a) => [a.Properties.Dimensions[0].Value, a.Properties.Period, a.Properties.TreatMissingData])).toEqual([
      ['an1261-eks-audit', 3600, 'breaching'],
      ['an1261-flow-logs', 3600, 'breaching'],
      ['an1261-host-logs', 3600, 'breaching'],
    ]);
    for (const a of alarms) expect(a.Properties.AlarmActions).toHaveLength(1);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('has no cdk-nag AwsSolutions finding but the acknowledged ones, on Lambda roles only, each with a reason', () => {
    const result = new AwsSolutionsChecks(stack).validateScope(stack);
    // validateScope reports acknowledged findings too: the checks ran, and these are all there is.
    expect(result.violations.map((v) => v.ruleName).sort()).toEqual(NAG_ACKNOWLEDGEMENTS.map((a) => a.finding).sort());
    for (const v of result.violations) {
      const on = NAG_ACKNOWLEDGEMENTS.find((a) => a.finding === v.ruleName)!.on;
      const where = on === 'function-roles' ? /^Test\/Detector\/(Findings\/)?\w+\/Function\/ServiceRole\// : /^Test\/Detector\/IngestDlq\//;
      for (const r of v.violatingResources ?? []) expect(r.constructPath).toMatch(where);
    }
    for (const a of NAG_ACKNOWLEDGEMENTS) expect(a.reason.length).toBeGreaterThan(40);
  });

  it('keeps the logical IDs of the resources An1261Detector created itself before it was split (no replacement on upgrade)', () => {
    const ids = Object.keys(template.toJSON().Resources);
    expect(ids).toEqual(
      expect.arrayContaining([
        'DetectorKey6AEEE727',
        'DetectorStateTable2B9DC875',
        'DetectorIdempotencyTableB9C8A4FA',
        'DetectorFindingsQueue202D1A78',
        'DetectorFindingsDlq371FB21D',
        'DetectorTopicD7DF3643',
        'DetectorTopiconcallexamplecomE00F1809',
        'DetectorPublisherFunction8240C859',
        // Lambda refuses a second mapping of the same queue and function: a replaced one would fail the update.
        'DetectorPublisherFunctionSqsEventSourceTestDetectorFindingsQueueF0089E1D6201A2A4',
      ]),
    );
  });

  it('matches the snapshot', () => {
    const json = JSON.stringify(template.toJSON()).replace(/[0-9a-f]{64}\.zip/g, 'ASSET.zip');
    expect(JSON.parse(json)).toMatchSnapshot();
  });
});

/** Each Lambda's environment: service name → variables. */
function functionEnvironments(t: Template): Record<string, Record<string, unknown>> {
  const fns = Object.values(t.findResources('AWS::Lambda::Function')).filter((f) => f.Properties.Environment?.Variables?.[ENV.serviceName]);
  return Object.fromEntries(fns.map((f) => [f.Properties.Environment.Variables[ENV.serviceName], f.Properties.Environment.Variables]));
}

describe('the lib ↔ lambdas contract (lambdas/contract)', () => {
  const kinesis = synth({ ...DEPLOY_CONFIG, operations: { flowLogsKinesis: { shards: 1, batchSize: 100, parallelizationFactor: 1 } } }).template;

  it('alarms and charts only metrics a handler emits, in the namespace and under the service name it emits them', () => {
    expect(template.findResources('AWS::CloudWatch::Alarm')).not.toEqual({});
    expect(metricsNoHandlerEmits(template)).toEqual([]);
    expect(metricsNoHandlerEmits(kinesis)).toEqual([]);
  });

  it('gives every function the namespace, the bundled config path and only variables the handlers read', () => {
    const envs = functionEnvironments(template);
    for (const vars of Object.values(envs)) {
      expect(vars).toMatchObject({ [ENV.metricsNamespace]: METRICS_NAMESPACE, [ENV.configFile]: BUNDLED_CONFIG_PATH });
      expect(Object.keys(vars).filter((k) => k !== 'NODE_OPTIONS' && !(Object.values(ENV) as string[]).includes(k))).toEqual([]);
    }
    for (const service of ['an1261-eks-audit', 'an1261-flow-logs', 'an1261-host-logs', 'an1261-ecr-events']) {
      expect(Object.keys(envs[service]!)).toEqual(expect.arrayContaining([ENV.stateTable, ENV.findingsQueueUrl]));
    }
    expect(envs['an1261-publish']).toMatchObject({ [ENV.idempotencyTable]: expect.anything(), [ENV.topicArn]: expect.anything(), [ENV.securityHubEnabled]: 'true' });
  });
});

describe('An1261Stack with flow logs through Kinesis', () => {
  it('streams flow logs into an encrypted Kinesis stream read with bisect-on-error and partial batch responses', () => {
    const { template: t } = synth({ ...DEPLOY_CONFIG, operations: { flowLogsKinesis: { shards: 2, batchSize: 1000, parallelizationFactor: 4 } } });
    t.hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 2, StreamEncryption: { EncryptionType: 'KMS' } });
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 1000, ParallelizationFactor: 4, BisectBatchOnFunctionError: true, FunctionResponseTypes: ['ReportBatchItemFailures'], DestinationConfig: { OnFailure: { Destination: Match.anyValue() } } });
    t.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'an1261-flow-logs-stream' }) } });
  });
});

describe('bad configuration', () => {
  it('fails synth naming the key', () => {
    expect(() => synth({ ...DEPLOY_CONFIG, timeWindowMinutes: -1 })).toThrow('config key "timeWindowMinutes"');
    expect(() => synth({ ...DEPLOY_CONFIG, sources: { flowLogs: [{ logGroup: '/vpc/flow/*' }] } })).toThrow('config key "sources.flowLogs[0].logGroup"');
  });
});
