/**
 * ecr-events.handler: EventBridge events from the `aws.ecr` rules — "ECR Image Action" and
 * "AWS API Call via CloudTrail" PutImage — on dynalite with a mocked SQS client.
 */
import type { Context, EventBridgeEvent } from 'aws-lambda';
import type { FindingUpdate } from '../../lambdas/core/model/finding';
import type { IngestSummary } from '../../lambdas/handlers/ingest/ingest-report';
import { QUEUE_URL, handlerPath, lambdaContext, loadHandler, sampleEcrEvents, useIngestEnv, useFrozenClockAndCapture } from './ingest-support';

type EbHandler = (event: EventBridgeEvent<string, unknown>, context: Context) => Promise<IngestSummary>;

const DIGEST = 'sha256:e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3';
const REGISTRY = '111122223333.dkr.ecr.us-east-1.amazonaws.com';

/** PutImage through EventBridge, as the "AWS API Call via CloudTrail" rule delivers it. */
function putImageEvent(sessionArn: string, roleArn: string, id: string): EventBridgeEvent<string, unknown> {
  return {
    version: '0',
    id,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ecr',
    account: '111122223333',
    time: '2026-11-02T02:16:40Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      eventVersion: '1.08',
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLE:session',
        arn: sessionArn,
        accountId: '111122223333',
        sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: roleArn, accountId: '111122223333', userName: roleArn.split('/').pop() } },
      },
      eventTime: '2026-11-02T02:16:40Z',
      eventSource: 'ecr.amazonaws.com',
      eventName: 'PutImage',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.10',
      userAgent: 'docker/27.3.1',
      requestParameters: { registryId: '111122223333', repositoryName: 'payments-api', imageTag: 'v2.3.1-hotfix', imageManifest: '{"schemaVersion":2}' },
      responseElements: { image: { registryId: '111122223333', repositoryName: 'payments-api', imageId: { imageTag: 'v2.3.1-hotfix', imageDigest: DIGEST }, imageManifest: '{"schemaVersion":2}' } },
      requestID: 'a1b2c3d4-0000-4000-8000-000000000001',
      eventID: `${id}-ct`,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: '111122223333',
    },
  };
}

describe('ecr-events.handler', () => {
  const env = useIngestEnv();
  const capture = useFrozenClockAndCapture('2026-11-02T02:17:00.000Z');
  const load = async () => loadHandler<EbHandler>(handlerPath('ecr-events'), await env.freshEnv());

  const INSTANCE = 'i-0a1b2c3d4e5f60718';
  const NODE_SESSION = `arn:aws:sts::111122223333:assumed-role/eks-node-role/${INSTANCE}`;
  const NODE_ROLE = 'arn:aws:iam::111122223333:role/eks-node-role';

  it('a CloudTrail PutImage by an EC2 instance-role session outside the approved builders anchors a finding, sent to the findings queue', async () => {
    // Prepare
    const ecr = await load();
    // Act
    const summary = await ecr.handler(putImageEvent(NODE_SESSION, NODE_ROLE, 'eb-put-1'), lambdaContext('an1261-ecr-events'));
    // Assess
    expect(summary).toMatchObject({ records: 1, rejected: 0, signals: { build: 0, egress: 0, push: 1, deploy: 0, link: 0, capability: 0 } });
    const calls = ecr.sqs.commandCalls(ecr.SendMessageBatchCommand);
    expect(calls).toHaveLength(1);
    const input = (calls[0]!.args[0] as { input: { QueueUrl: string; Entries: Array<{ Id: string; MessageBody: string }> } }).input;
    expect(input).toEqual({ QueueUrl: QUEUE_URL, Entries: [{ Id: 'm0', MessageBody: expect.any(String) }] });
    const update = JSON.parse(input.Entries[0]!.MessageBody) as FindingUpdate;
    expect(update.previousSeverity).toBeUndefined();
    expect(update.finding).toMatchObject({
      version: 1,
      stages: ['push'],
      anchor: { stage: 'push', time: '2026-11-02T02:16:40.000Z' },
      image: `${REGISTRY}/payments-api:v2.3.1-hotfix@${DIGEST}`,
      registries: [REGISTRY],
      hosts: { instanceIds: [INSTANCE] },
      actors: [NODE_ROLE],
      account: '111122223333',
      region: 'us-east-1',
    });
    expect(summary.findings).toEqual([`${update.finding.id}@v1`]);
  });

  it('a PutImage by a person (no host in the environment) is evidence, never a finding on its own', async () => {
    const ecr = await load();
    const summary = await ecr.handler(putImageEvent('arn:aws:sts::111122223333:assumed-role/dev-admin/alice', 'arn:aws:iam::111122223333:role/dev-admin', 'eb-put-4'), lambdaContext('an1261-ecr-events'));
    expect(summary).toMatchObject({ signals: { push: 1 }, findings: [] });
    expect(ecr.sqs.calls()).toHaveLength(0);
  });

  it('a redelivered event changes nothing and sends nothing', async () => {
    const ecr = await load();
    const event = putImageEvent(NODE_SESSION, NODE_ROLE, 'eb-put-2');
    await ecr.handler(event, lambdaContext('an1261-ecr-events'));
    const again = await ecr.handler(event, lambdaContext('an1261-ecr-events'));
    expect(again.findings).toEqual([]);
    expect(ecr.sentUpdates()).toHaveLength(1);
  });

  it('a push by an approved CI role is a signal but no finding', async () => {
    const ecr = await load();
    const summary = await ecr.handler(putImageEvent('arn:aws:sts::111122223333:assumed-role/ci-build-payments/codebuild-42', 'arn:aws:iam::111122223333:role/ci-build-payments', 'eb-put-3'), lambdaContext('an1261-ecr-events'));
    expect(summary.signals.push).toBe(1);
    expect(ecr.sqs.calls()).toHaveLength(0);
  });

  it('an "ECR Image Action" PUSH names nobody: evidence for a chain, never an anchor on its own', async () => {
    const ecr = await load();
    const push = sampleEcrEvents()[2]!;
    expect(push.detail['action-type']).toBe('PUSH');
    const summary = await ecr.handler(push, lambdaContext('an1261-ecr-events'));
    expect(summary).toMatchObject({ records: 1, signals: { push: 1 }, findings: [] });
    expect(ecr.sqs.calls()).toHaveLength(0);
  });

  it('ignores other ECR actions and detail types, and counts an event that is no EventBridge event, without throwing', async () => {
    const ecr = await load();
    const deleted = sampleEcrEvents()[1]!;
    const scan = { ...deleted, id: 'scan-1', 'detail-type': 'ECR Scan Resource Change', detail: { 'action-type': 'SCAN_FREQUENCY_CHANGE', 'scan-type': 'ENHANCED' } };
    expect(await ecr.handler(deleted, lambdaContext('an1261-ecr-events'))).toMatchObject({ records: 1, ignored: 1, rejected: 0 });
    expect(await ecr.handler(scan, lambdaContext('an1261-ecr-events'))).toMatchObject({ records: 1, ignored: 1, rejected: 0 });
    expect(await ecr.handler({ nothing: 'here' } as never, lambdaContext('an1261-ecr-events'))).toMatchObject({ records: 1, rejected: 1 });
    const done = capture().lines().filter((l) => l.message === 'ingest done');
    expect(done.map((l) => l.ignoredByReason)).toEqual([{ 'ecr-event:action-ignored:DELETE': 1 }, { 'ecr-event:detail-type-ignored:ECR Scan Resource Change': 1 }, {}]);
    expect(ecr.sqs.calls()).toHaveLength(0);
  });
});
