/**
 * Accounts prepared on the emulator for `an1261 doctor`, each in its own region (moto keeps one
 * state per region, and every test file shares the one moto_server): a good account that has
 * everything the product needs, and a bad one with the usual gaps — all created through the real
 * SDK clients, as an administrator would. The few calls with no client in this project (S3
 * CreateBucket for the trail, Kinesis CreateStream as subscription destination) go to moto's wire
 * API directly.
 */
import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, PutRetentionPolicyCommand, PutSubscriptionFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFlowLogsCommand, CreateNetworkInterfaceCommand, CreateSubnetCommand, CreateVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../lambdas/core/model/config';
import { EMULATOR_ACCOUNT, clientConfig, emulatorEndpoint } from './emulator';

export const SAMPLE_CONFIG = parseConfig(JSON.parse(readFileSync(join(__dirname, '../../samples/config.json'), 'utf8')));
const FLOW_FORMAT = SAMPLE_CONFIG.sources.flowLogs[0]!.format!;
const ROLE = (name: string) => `arn:aws:iam::${EMULATOR_ACCOUNT}:role/${name}`;
const LAMBDA = (region: string, fn: string) => `arn:aws:lambda:${region}:${EMULATOR_ACCOUNT}:function:${fn}`;

/** One call to moto's JSON wire API (for services without an SDK client in this project). */
async function motoJson(region: string, service: string, target: string, body: object): Promise<Record<string, unknown>> {
  const res = await fetch(`${emulatorEndpoint()}/`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': target,
      Authorization: `AWS4-HMAC-SHA256 Credential=testing/20261102/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${target}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

async function createBucket(region: string, bucket: string): Promise<void> {
  const res = await fetch(`${emulatorEndpoint()}/${bucket}`, {
    method: 'PUT',
    headers: { Authorization: `AWS4-HMAC-SHA256 Credential=testing/20261102/${region}/s3/aws4_request, SignedHeaders=host, Signature=0` },
    body: `<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>${region}</LocationConstraint></CreateBucketConfiguration>`,
  });
  if (!res.ok) throw new Error(`S3 CreateBucket ${bucket}: HTTP ${res.status} ${await res.text()}`);
}

function clients(region: string) {
  const c = clientConfig(region);
  return { ec2: new EC2Client(c), eks: new EKSClient(c), logs: new CloudWatchLogsClient(c), trail: new CloudTrailClient(c), events: new EventBridgeClient(c), hub: new SecurityHubClient(c) };
}

type Clients = ReturnType<typeof clients>;

async function vpcWithHost(c: Clients, cidr: string, name: string): Promise<{ vpcId: string; subnetId: string }> {
  const vpcId = (await c.ec2.send(new CreateVpcCommand({ CidrBlock: cidr, TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: name }] }] }))).Vpc!.VpcId!;
  const subnetId = (await c.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr.replace('.0.0/16', '.1.0/24') }))).Subnet!.SubnetId!;
  await c.ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Description: 'build host' }));
  return { vpcId, subnetId };
}

export async function defaultVpcId(region: string): Promise<string> {
  const c = clients(region);
  try {
    return (await c.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs![0]!.VpcId!;
  } finally {
    Object.values(c).forEach((x) => x.destroy());
  }
}

async function logGroup(c: Clients, name: string, retentionInDays: number, filter: { name: string; destinationArn: string } | undefined, stream: string, message: string, now: number): Promise<void> {
  await c.logs.send(new CreateLogGroupCommand({ logGroupName: name }));
  await c.logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays }));
  await c.logs.send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: stream }));
  await c.logs.send(new PutLogEventsCommand({ logGroupName: name, logStreamName: stream, logEvents: [{ timestamp: now - 3 * 60_000, message }] }));
  if (filter) await c.logs.send(new PutSubscriptionFilterCommand({ logGroupName: name, filterName: filter.name, filterPattern: '', destinationArn: filter.destinationArn, roleArn: ROLE('cwl-to-kinesis') }));
}

/**
 * Everything the product needs, as samples/config.json describes it: EKS audit logging, a VPC
 * flow log with the full format at 60 s on every VPC (the default one included), host logs, every
 * group retained, subscribed to the product and recent, a trail recording management events, the
 * two ECR rules, Security Hub on.
 */
export async function prepareGoodAccount(region: string, now: number): Promise<{ vpcId: string; defaultVpcId: string }> {
  const c = clients(region);
  try {
    const { vpcId, subnetId } = await vpcWithHost(c, '10.0.0.0/16', 'prod');
    const defaultVpc = await defaultVpcId(region);
    await c.eks.send(new CreateClusterCommand({ name: 'prod-cluster', roleArn: ROLE('eks-cluster'), resourcesVpcConfig: { subnetIds: [subnetId] }, logging: { clusterLogging: [{ types: ['api', 'audit', 'authenticator'], enabled: true }] } }));
    const stream = (await motoJson(region, 'kinesis', 'Kinesis_20131202.CreateStream', { StreamName: 'an1261-subscriptions', ShardCount: 1 }), `arn:aws:kinesis:${region}:${EMULATOR_ACCOUNT}:stream/an1261-subscriptions`);
    await logGroup(c, '/aws/eks/prod-cluster/cluster', 90, { name: 'An1261Detector-EksAudit-Subscription', destinationArn: stream }, 'kube-apiserver-audit-5c9f9b8d7e6a4b3c', '{"kind":"Event"}', now);
    await logGroup(c, '/vpc/flow/prod', 30, { name: 'An1261Detector-FlowLogs-Subscription', destinationArn: stream }, 'eni-0f9e8d7c6b5a4f3e2-all', '5 111122223333 eni-0f9e8d7c6b5a4f3e2 10.0.2.81 104.16.24.35 40112 443 6 412 3411220 1793583010 1793583070 ACCEPT OK', now);
    await logGroup(c, '/ec2/docker', 365, { name: 'An1261Detector-HostLogs-Subscription', destinationArn: stream }, 'i-0f1e2d3c4b5a69788', 'time="2026-11-02T02:57:00.118230012Z" level=debug msg="Calling POST /v1.45/build?t=app%3A1"', now);
    await c.ec2.send(
      new CreateFlowLogsCommand({ ResourceType: 'VPC', ResourceIds: [vpcId, defaultVpc], TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs', LogGroupName: '/vpc/flow/prod', DeliverLogsPermissionArn: ROLE('flow-logs'), LogFormat: FLOW_FORMAT, MaxAggregationInterval: 60 }),
    );
    await createBucket(region, `an1261-trail-${region}`);
    // Single-Region: moto serves a multi-Region trail's selectors only in its home Region, and the bad account is in another.
    await c.trail.send(new CreateTrailCommand({ Name: 'org-trail', S3BucketName: `an1261-trail-${region}`, IsMultiRegionTrail: false }));
    await c.trail.send(new StartLoggingCommand({ Name: 'org-trail' }));
    await c.trail.send(new PutEventSelectorsCommand({ TrailName: 'org-trail', EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }));
    const rules = [
      { Name: 'An1261Detector-EcrPush-9Z8Y', EventPattern: { source: ['aws.ecr'], 'detail-type': ['ECR Image Action'], detail: { 'action-type': ['PUSH'], result: ['SUCCESS'] } } },
      { Name: 'An1261Detector-PutImage-7X6W', EventPattern: { source: ['aws.ecr'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: ['ecr.amazonaws.com'], eventName: ['PutImage'] } } },
      {
        Name: 'An1261Detector-RunInstances-5V4U',
        EventPattern: { source: ['aws.ec2'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['RunInstances'], errorCode: [{ exists: false }] } },
      },
    ];
    for (const r of rules) {
      await c.events.send(new PutRuleCommand({ Name: r.Name, EventPattern: JSON.stringify(r.EventPattern), State: 'ENABLED' }));
      await c.events.send(new PutTargetsCommand({ Rule: r.Name, Targets: [{ Id: 'ecr-events', Arn: LAMBDA(region, 'An1261Detector-EcrEventsFn-4D5E') }] }));
    }
    await c.hub.send(new EnableSecurityHubCommand({}));
    return { vpcId, defaultVpcId: defaultVpc };
  } finally {
    Object.values(c).forEach((x) => x.destroy());
  }
}

/**
 * The usual gaps: EKS audit logging off, a VPC with a host in it and no flow log, the region's
 * default VPC unused and without one, no log groups, no trail, no ECR rules, Security Hub off.
 */
export async function prepareBadAccount(region: string): Promise<{ vpcId: string; defaultVpcId: string }> {
  const c = clients(region);
  try {
    const { vpcId, subnetId } = await vpcWithHost(c, '10.9.0.0/16', 'prod');
    await c.eks.send(new CreateClusterCommand({ name: 'prod-cluster', roleArn: ROLE('eks-cluster'), resourcesVpcConfig: { subnetIds: [subnetId] }, logging: { clusterLogging: [{ types: ['api'], enabled: true }] } }));
    return { vpcId, defaultVpcId: await defaultVpcId(region) };
  } finally {
    Object.values(c).forEach((x) => x.destroy());
  }
}
