/**
 * The CDK app at organisation scale: S3 object intake (a bucket with S3 event notifications, one
 * with EventBridge), the Security Lake subscriber queue (with and without a subscriber role), and
 * cross-account CloudWatch Logs (member accounts, or an organisation). Exact policies where least
 * privilege is the point, cdk-nag with nothing but the acknowledged findings, the default
 * deployment's resources and logical IDs untouched, and the deployment checks naming the key.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../lambdas/core/model/config';
import { An1261Stack } from '../../lib/an1261-stack';
import { BACKLOG_ALARM_MINUTES } from '../../lib/operations';
import { nagAcknowledgementsOf } from '../../lib/nag-acknowledgements';
import { metricsNoHandlerEmits } from './metrics-watched';

const DEPLOY_CONFIG = JSON.parse(readFileSync(join(__dirname, '../../deploy/an1261.config.json'), 'utf8'));
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const FLOW_KEY = 'arn:aws:kms:us-east-1:444455556666:key/11111111-2222-3333-4444-555555555555';
const LAKE_KEY = 'arn:aws:kms:us-east-1:777788889999:key/aaaaaaaa-2222-3333-4444-555555555555';
const LAKE_QUEUE = 'arn:aws:sqs:us-east-1:777788889999:AmazonSecurityLake-abc-Main-Queue';
const LAKE_BUCKET = 'arn:aws:s3:::aws-security-data-lake-us-east-1-abc';
const LAKE_ROLE = 'arn:aws:iam::777788889999:role/AmazonSecurityLake-Subscriber-an1261';

const S3_SOURCES = [
  { bucket: 'org-flow-logs', account: '444455556666', kmsKeyArn: FLOW_KEY },
  { bucket: 'org-trail', prefix: 'AWSLogs/o-abc1234567/', notifications: 'eventbridge' },
];

function synth(extra: { sources?: Record<string, unknown>; accounts?: Record<string, unknown> }, env: { account?: string; region?: string } = { account: ACCOUNT, region: REGION }) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const config = parseConfig({ ...DEPLOY_CONFIG, sources: { ...DEPLOY_CONFIG.sources, ...extra.sources }, ...(extra.accounts ? { accounts: extra.accounts } : {}) });
  const stack = new An1261Stack(app, 'Test', { config, env });
  return { stack, template: Template.fromStack(stack) };
}

const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
const resourcesOf = (t: Template, type: string) => Object.entries(t.findResources(type));
const idOf = (t: Template, type: string, pattern: RegExp) => {
  const ids = resourcesOf(t, type).map(([id]) => id).filter((id) => pattern.test(id));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};
/** The statements of the IAM policy whose logical ID matches. */
const policyOf = (t: Template, pattern: RegExp): Array<Record<string, unknown>> => resourcesOf(t, 'AWS::IAM::Policy').find(([id]) => pattern.test(id))![1].Properties.PolicyDocument.Statement;
const functionEnv = (t: Template, service: string) => resourcesOf(t, 'AWS::Lambda::Function').find(([, f]) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service)?.[1].Properties;

/** Nag violations, each with the paths it was found on; expanded acknowledgements, each with the paths it is applied to. */
function nagCheck(stack: An1261Stack) {
  const result = new AwsSolutionsChecks(stack).validateScope(stack);
  const acks = nagAcknowledgementsOf(stack.detector);
  expect(result.violations.map((v) => v.ruleName).sort()).toEqual([...new Set(acks.filter((a) => a.scopes.length > 0).map((a) => a.finding))].sort());
  for (const v of result.violations) {
    const scopes = acks.filter((a) => a.finding === v.ruleName).flatMap((a) => a.scopes.map((s) => s.node.path));
    for (const r of v.violatingResources ?? []) expect({ finding: v.ruleName, path: r.constructPath, acknowledged: scopes.some((s) => r.constructPath === s || (r.constructPath ?? '').startsWith(`${s}/`)) }).toEqual({ finding: v.ruleName, path: r.constructPath, acknowledged: true });
  }
  for (const a of acks) expect(a.reason.length).toBeGreaterThan(40);
}

describe('An1261Stack reading S3 buckets, Security Lake (no subscriber role) and two member accounts', () => {
  const { stack, template } = synth({
    sources: { s3: S3_SOURCES, securityLake: { queueArn: LAKE_QUEUE, bucketArn: LAKE_BUCKET, kmsKeyArn: LAKE_KEY } },
    accounts: { members: [{ id: '222233334444', name: 'prod' }, { id: '555566667777' }] },
  });
  const intakeQueue = () => idOf(template, 'AWS::SQS::Queue', /^DetectorObjectIntakeQueue/);
  const intakeDlq = () => idOf(template, 'AWS::SQS::Queue', /^DetectorObjectIntakeDlq/);
  const key = { 'Fn::GetAtt': ['DetectorKey6AEEE727', 'Arn'] };

  it('receives notifications on a KMS-encrypted intake queue with a DLQ, visible 6× the reader\u2019s timeout plus the batching window', () => {
    expect(resourcesOf(template, 'AWS::SQS::Queue')).toHaveLength(5);
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: key,
      VisibilityTimeout: 6 * 300 + 10,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [intakeDlq(), 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(template.toJSON().Resources[intakeDlq()].Properties.KmsMasterKeyId).toEqual(key);
  });

  it('lets S3 send only for the configured bucket and its owner, EventBridge only for its rule, over TLS', () => {
    const policy = resourcesOf(template, 'AWS::SQS::QueuePolicy').find(([, p]) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: intakeQueue() }]))![1];
    const rule = idOf(template, 'AWS::Events::Rule', /^DetectorObjectIntakeObjectCreatedRule1/);
    const queueArn = { 'Fn::GetAtt': [intakeQueue(), 'Arn'] };
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      { Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Effect: 'Deny', Principal: { AWS: '*' }, Resource: queueArn },
      {
        Sid: 'S3Notifications0',
        Action: 'sqs:SendMessage',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Resource: queueArn,
        Condition: { ArnLike: { 'aws:SourceArn': partitionArn(':s3:::org-flow-logs') }, StringEquals: { 'aws:SourceAccount': '444455556666' } },
      },
      { Action: 'sqs:SendMessage', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Resource: queueArn, Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [rule, 'Arn'] } } } },
    ]);
  });

  it('lets S3 and EventBridge use the key for the intake queue only under the same conditions', () => {
    const statements = resourcesOf(template, 'AWS::KMS::Key')[0]![1].Properties.KeyPolicy.Statement as unknown[];
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Sid: 'S3NotificationsToIntakeQueue0',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Resource: '*',
          Condition: { ArnLike: { 'aws:SourceArn': partitionArn(':s3:::org-flow-logs') }, StringEquals: { 'aws:SourceAccount': '444455556666' } },
        },
        { Sid: 'EventBridgeToEncryptedQueues', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } },
      ]),
    );
    // Nothing else granted to S3 or EventBridge on the key (the CDK SqsQueue target would add an unconditioned statement).
    const services = (statements as Array<{ Principal?: { Service?: string } }>).map((s) => s.Principal?.Service).filter((s) => s === 's3.amazonaws.com' || s === 'events.amazonaws.com');
    expect(services.sort()).toEqual(['events.amazonaws.com', 's3.amazonaws.com']);
  });

  it('routes "Object Created" events of the EventBridge bucket under its prefix to the intake queue, failed deliveries to the ingest DLQ', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['org-trail'] }, object: { key: [{ prefix: 'AWSLogs/o-abc1234567/' }] } } },
      Targets: [{ Arn: { 'Fn::GetAtt': [intakeQueue(), 'Arn'] }, Id: 'Target0', DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['DetectorIngestDlq6D1ED173', 'Arn'] } }, RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 } }],
    });
    // The S3-notified bucket has no rule.
    expect(resourcesOf(template, 'AWS::Events::Rule').filter(([id]) => id.includes('ObjectCreated'))).toHaveLength(1);
  });

  it('runs the s3-objects reader with reserved concurrency, fed by both queues in partial batches, each capped at half of it', () => {
    const fn = functionEnv(template, 'an1261-s3-objects')!;
    expect(fn).toMatchObject({ Timeout: 300, MemorySize: 2048, ReservedConcurrentExecutions: 20, Architectures: ['arm64'], Runtime: 'nodejs24.x' });
    expect(Object.keys(fn.Environment.Variables).sort()).toEqual(['AN1261_CONFIG_FILE', 'FINDINGS_QUEUE_URL', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME', 'STATE_TABLE_NAME']);
    const mapping = { BatchSize: 10, MaximumBatchingWindowInSeconds: 10, FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 10 }, FunctionName: { Ref: idOf(template, 'AWS::Lambda::Function', /^DetectorS3ObjectsFunction[0-9A-F]{8}$/) } };
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { ...mapping, EventSourceArn: { 'Fn::GetAtt': [intakeQueue(), 'Arn'] } });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { ...mapping, EventSourceArn: LAKE_QUEUE });
  });

  it('lets the reader read only the configured prefixes and the lake, decrypt only through S3 with the configured keys, and consume only its queues', () => {
    const statements = policyOf(template, /^DetectorS3ObjectsFunctionServiceRoleDefaultPolicy/);
    const ours = statements.filter((s) => [s.Action].flat().some((a) => /^(s3|sts):/.test(String(a))) || (typeof s.Resource === 'string' && s.Resource.startsWith('arn:aws:kms')));
    expect(ours).toEqual([
      { Sid: 'ReadLogObjects', Action: ['s3:GetObject', 's3:GetObjectVersion'], Effect: 'Allow', Resource: [partitionArn(':s3:::org-flow-logs/AWSLogs/*'), partitionArn(':s3:::org-trail/AWSLogs/o-abc1234567/*'), `${LAKE_BUCKET}/*`] },
      { Sid: 'DecryptLogObjects0', Action: 'kms:Decrypt', Effect: 'Allow', Resource: FLOW_KEY, Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } },
      { Sid: 'DecryptLogObjects1', Action: 'kms:Decrypt', Effect: 'Allow', Resource: LAKE_KEY, Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } },
    ]);
    const consume = ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'];
    expect(statements.filter((s) => JSON.stringify(s.Action) === JSON.stringify(consume)).map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [intakeQueue(), 'Arn'] }, LAKE_QUEUE]);
    expect(statements.filter((s) => [s.Action].flat().includes('sqs:SendMessage')).map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': ['DetectorFindingsQueue202D1A78', 'Arn'] }]);
  });

  it('streams member accounts\u2019 logs through an on-demand, KMS-encrypted Kinesis stream', () => {
    template.hasResourceProperties('AWS::Kinesis::Stream', { StreamModeDetails: { StreamMode: 'ON_DEMAND' }, StreamEncryption: { EncryptionType: 'KMS', KeyId: key }, RetentionPeriodHours: 24 });
  });

  it('lets CloudWatch Logs put records on the stream only for the member accounts and this one', () => {
    const [roleId, role] = resourcesOf(template, 'AWS::IAM::Role').find(([id]) => id.startsWith('DetectorCrossAccountLogsRole'))!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'logs.amazonaws.com' },
        Condition: { StringLike: { 'aws:SourceArn': [partitionArn(':logs:*:222233334444:*'), partitionArn(':logs:*:555566667777:*'), partitionArn(`:logs:*:${ACCOUNT}:*`)] } },
      },
    ]);
    const stream = { 'Fn::GetAtt': [idOf(template, 'AWS::Kinesis::Stream', /^DetectorCrossAccountLogsStream/), 'Arn'] };
    expect(policyOf(template, new RegExp(`^${roleId.replace(/[0-9A-F]{8}$/, '')}DefaultPolicy`))).toEqual([
      { Action: 'kinesis:PutRecord', Effect: 'Allow', Resource: stream },
      { Action: 'kms:GenerateDataKey', Effect: 'Allow', Resource: key },
    ]);
  });

  it('creates the an1261-logs destination whose policy lets only the member accounts subscribe, after the role can write', () => {
    const [, dest] = resourcesOf(template, 'AWS::Logs::Destination')[0]!;
    expect(dest.Properties).toMatchObject({ DestinationName: 'an1261-logs', RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^DetectorCrossAccountLogsRole/), 'Arn'] }, TargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^DetectorCrossAccountLogsStream/), 'Arn'] } });
    const policy = JSON.parse(Stack.of(stack).resolve(dest.Properties.DestinationPolicy)['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : 'aws')).join(''));
    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'MemberAccounts', Effect: 'Allow', Principal: { AWS: ['222233334444', '555566667777'] }, Action: 'logs:PutSubscriptionFilter', Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:destination:an1261-logs` }],
    });
    expect(dest.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^DetectorCrossAccountLogsRoleDefaultPolicy/)]));
    template.hasOutput('LogsDestinationArn', { Value: partitionArn(`:logs:us-east-1:${ACCOUNT}:destination:an1261-logs`) });
    template.hasOutput('ObjectIntakeQueueArn', { Value: { 'Fn::GetAtt': [intakeQueue(), 'Arn'] } });
    template.hasOutput('ObjectReaderRoleArn', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DetectorS3ObjectsFunctionServiceRole'), 'Arn'] } });
  });

  it('reads the stream with bisect-on-error, partial batch responses, retries and the ingest DLQ on failure', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [idOf(template, 'AWS::Kinesis::Stream', /^DetectorCrossAccountLogsStream/), 'Arn'] },
      FunctionName: { Ref: idOf(template, 'AWS::Lambda::Function', /^DetectorMemberLogsFunction[0-9A-F]{8}$/) },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['DetectorIngestDlq6D1ED173', 'Arn'] } } },
    });
    expect(functionEnv(template, 'an1261-cross-account-logs')).toMatchObject({ ReservedConcurrentExecutions: 20 });
  });

  it('alarms on the new functions, the intake DLQ, both backlogs and both sources going silent — and watches only metrics the handlers emit', () => {
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const silent = alarms.filter((a) => a.MetricName === 'RecordsIn').map((a) => a.Dimensions[0].Value);
    expect(silent).toEqual(expect.arrayContaining(['an1261-s3-objects', 'an1261-cross-account-logs']));
    for (const fn of ['DetectorS3ObjectsFunction', 'DetectorMemberLogsFunction']) {
      for (const metric of ['Errors', 'Throttles']) expect(alarms.filter((a) => a.MetricName === metric && JSON.stringify(a.Dimensions).includes(fn))).toHaveLength(1);
    }
    expect(alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible').map((a) => a.Dimensions[0].Value['Fn::GetAtt'][0]).sort()).toEqual(['DetectorFindingsDlq371FB21D', 'DetectorIngestDlq6D1ED173', intakeDlq()].sort());
    expect(alarms.filter((a) => a.MetricName === 'ApproximateAgeOfOldestMessage')).toEqual([expect.objectContaining({ Threshold: BACKLOG_ALARM_MINUTES * 60, Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [intakeQueue(), 'QueueName'] } }] })]);
    expect(alarms.filter((a) => a.MetricName === 'GetRecords.IteratorAgeMilliseconds')).toEqual([expect.objectContaining({ Threshold: BACKLOG_ALARM_MINUTES * 60_000 })]);
    for (const a of alarms) expect(a.AlarmActions).toHaveLength(1);
    expect(metricsNoHandlerEmits(template)).toEqual([]);
  });

  it('has no cdk-nag finding but the acknowledged ones, each where it is acknowledged', () => {
    nagCheck(stack);
  });

  it('keeps every resource and logical ID of the same config without the organisation-scale keys', () => {
    const base = Object.keys(synth({}).template.toJSON().Resources);
    expect(base.length).toBeGreaterThan(60);
    expect(Object.keys(template.toJSON().Resources)).toEqual(expect.arrayContaining(base));
  });
});

describe('An1261Stack with a Security Lake subscriber role and an organisation', () => {
  const { stack, template } = synth({
    sources: { securityLake: { queueArn: LAKE_QUEUE, bucketArn: LAKE_BUCKET, roleArn: LAKE_ROLE, externalId: 'an1261-external-id', kmsKeyArn: LAKE_KEY } },
    accounts: { organizationId: 'o-abc1234567' },
  });

  it('reads through the subscriber role: may assume it, may read and decrypt nothing itself, and has no intake queue', () => {
    const statements = policyOf(template, /^DetectorS3ObjectsFunctionServiceRoleDefaultPolicy/);
    expect(statements.filter((s) => [s.Action].flat().some((a) => /^(s3|sts):/.test(String(a))))).toEqual([{ Sid: 'AssumeSecurityLakeSubscriberRole', Action: 'sts:AssumeRole', Effect: 'Allow', Resource: LAKE_ROLE }]);
    expect(JSON.stringify(statements)).not.toContain(LAKE_KEY);
    expect(resourcesOf(template, 'AWS::SQS::Queue')).toHaveLength(3);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: LAKE_QUEUE, ScalingConfig: { MaximumConcurrency: 20 } });
    expect(template.toJSON().Outputs.ObjectIntakeQueueArn).toBeUndefined();
  });

  it('lets any account of the organisation subscribe, and CloudWatch Logs deliver for them', () => {
    const [, dest] = resourcesOf(template, 'AWS::Logs::Destination')[0]!;
    const policy = JSON.parse(Stack.of(stack).resolve(dest.Properties.DestinationPolicy)['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : 'aws')).join(''));
    expect(policy.Statement).toEqual([
      { Sid: 'Organization', Effect: 'Allow', Principal: '*', Action: 'logs:PutSubscriptionFilter', Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:destination:an1261-logs`, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc1234567' } } },
    ]);
    expect(policy.Statement.map((s: { Action: string }) => s.Action)).not.toContain('logs:PutAccountPolicy');
    const role = resourcesOf(template, 'AWS::IAM::Role').find(([id]) => id.startsWith('DetectorCrossAccountLogsRole'))![1];
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({ StringLike: { 'aws:SourceArn': [partitionArn(':logs:*:*:*')] } });
  });

  it('has no cdk-nag finding but the acknowledged ones', () => {
    nagCheck(stack);
  });
});

describe('An1261Stack with flow logs through Kinesis', () => {
  it('acknowledges the stream\u2019s customer-managed key (KDS3) and the key actions of CDK\u2019s delivery role there, and nothing else is reported', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new An1261Stack(app, 'Test', { config: parseConfig({ ...DEPLOY_CONFIG, operations: { flowLogsKinesis: { shards: 1 } } }), env: { account: ACCOUNT, region: REGION } });
    nagCheck(stack);
  });
});

describe('deployment checks of the organisation-scale keys', () => {
  it('fail synth naming the key', () => {
    expect(() => synth({ sources: { s3: [{ bucket: 'logs-b1', kmsKeyArn: 'arn:aws:kms:us-east-1:444455556666:alias/logs' }] } })).toThrow('config key "sources.s3[0].kmsKeyArn": "arn:aws:kms:us-east-1:444455556666:alias/logs" must be a key ARN');
    expect(() => synth({ sources: { s3: [{ bucket: 'logs-b1' }, { bucket: 'logs-b1', prefix: 'AWSLogs/' }] } })).toThrow('config key "sources.s3[1]": s3://logs-b1/AWSLogs/ is listed twice');
    expect(() => synth({ sources: { securityLake: { queueArn: 'arn:aws:sqs:eu-west-1:777788889999:q', bucketArn: LAKE_BUCKET } } })).toThrow('config key "sources.securityLake.queueArn": the queue is in eu-west-1, the stack in us-east-1');
    expect(() => synth({ accounts: { members: [{ id: '222233334444' }, { id: ACCOUNT }] } })).toThrow(`config key "accounts.members[1].id": ${ACCOUNT} is the account the detector is deployed in`);
  });

  it('accept an alias for a lake key read through the subscriber role, and an unbound stack', () => {
    expect(() => synth({ sources: { securityLake: { queueArn: LAKE_QUEUE, bucketArn: LAKE_BUCKET, roleArn: LAKE_ROLE, externalId: 'x1', kmsKeyArn: 'arn:aws:kms:us-east-1:777788889999:alias/lake' } } })).not.toThrow();
    expect(() => synth({ accounts: { members: [{ id: ACCOUNT }] } }, {})).not.toThrow();
  });

  it('warn, acknowledgeably, about a subscriber role without external id, an unbound Region and forwarded EventBridge events', () => {
    const { stack } = synth(
      {
        sources: { s3: [{ bucket: 'org-trail', notifications: 'eventbridge', account: '444455556666' }], securityLake: { queueArn: LAKE_QUEUE, bucketArn: LAKE_BUCKET, roleArn: LAKE_ROLE } },
      },
      {},
    );
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/Test', Match.stringLikeRegexp('^config key "sources\\.securityLake\\.roleArn": no externalId.*\\[ack: an1261:config:sources\\.securityLake\\.roleArn\\]'));
    annotations.hasWarning('/Test', Match.stringLikeRegexp('^config key "sources\\.securityLake\\.queueArn": the stack is not bound to a Region: deploy it in us-east-1'));
    annotations.hasWarning('/Test', Match.stringLikeRegexp('^config key "sources\\.s3\\[0\\]\\.notifications": "Object Created" events of s3://org-trail reach the default event bus of 444455556666.*\\[ack: an1261:config:sources\\.s3\\.0\\.notifications\\]'));
  });
});

describe('the shipped organisation example (deploy/an1261.organisation.config.json)', () => {
  it('synthesizes S3 intake, the Security Lake queue and the destination for its members, cdk-nag clean', () => {
    const config = parseConfig(JSON.parse(readFileSync(join(__dirname, '../../deploy/an1261.organisation.config.json'), 'utf8')));
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new An1261Stack(app, 'Org', { config, env: { account: ACCOUNT, region: REGION } });
    const t = Template.fromStack(stack);
    expect(resourcesOf(t, 'AWS::Logs::Destination')).toHaveLength(1);
    expect(resourcesOf(t, 'AWS::Lambda::EventSourceMapping').map(([, m]) => JSON.stringify(m.Properties.EventSourceArn))).toEqual(
      expect.arrayContaining([expect.stringContaining('AmazonSecurityLake-Subscriber-an1261-Main-Queue')]),
    );
    nagCheck(stack);
  });
});

