/**
 * A mocked AWS account for the doctor tests: the account is plain data (`AccountScenario`) and the
 * aws-sdk-client-mock fakes answer from it the way the services do — paginated (two items a page
 * with NextToken), AccessDenied or throttling for the actions a test denies.
 */
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeLogStreamsCommand, DescribeSubscriptionFiltersCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeFlowLogsCommand, DescribeNetworkInterfacesCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client, type FlowLog, type NetworkInterface } from '@aws-sdk/client-ec2';
import { DescribeClusterCommand, EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { BatchImportFindingsCommand, DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccountReader } from '../../lambdas/adapters/account-reader';
import type { CheckResult } from '../../lambdas/cli/doctor/check-result';
import { type DoctorOptions, type DoctorReport, runDoctor } from '../../lambdas/cli/doctor/run-doctor';
import { parseConfig } from '../../lambdas/core/model/config';

export const NOW = Date.parse('2026-11-02T03:00:00Z');
export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const SAMPLE_CONFIG = parseConfig(JSON.parse(readFileSync(join(__dirname, '../../samples/config.json'), 'utf8')));
export const FLOW_FORMAT = SAMPLE_CONFIG.sources.flowLogs[0]!.format!;
const min = 60_000;

export interface ScenarioGroup {
  name: string;
  retentionInDays?: number;
  filters: { filterName: string; destinationArn: string; filterPattern: string }[];
  streams: { logStreamName: string; lastEventTimestamp?: number; lastIngestionTime?: number }[];
  events: { logStreamName: string; timestamp: number; message: string }[];
}

export interface AccountScenario {
  clusters: { name: string; logTypes: string[] }[];
  logGroups: ScenarioGroup[];
  vpcs: { VpcId: string; CidrBlock: string; IsDefault?: boolean; Tags?: { Key: string; Value: string }[] }[];
  subnets: { SubnetId: string; VpcId: string }[];
  /** What runs in the VPCs: a VPC with none is unused. */
  networkInterfaces: (NetworkInterface & { NetworkInterfaceId: string; VpcId: string })[];
  flowLogs: FlowLog[];
  trails: { Name: string; TrailARN: string; HomeRegion: string; IsMultiRegionTrail: boolean; logging: boolean; selectors: { EventSelectors?: object[]; AdvancedEventSelectors?: object[] } }[];
  putImages: { EventName: string; EventSource: string; EventTime: Date; Username?: string }[];
  rules: { Name: string; State: string; EventPattern?: string; targets: string[] }[];
  hub: { HubArn: string; SubscribedAt: string } | 'not-subscribed';
  /** IAM actions answered with the service's access-denied error. */
  denied: Set<string>;
  /** IAM actions answered with throttling (as if the SDK's retries were exhausted). */
  throttled: Set<string>;
}

const lambdaArn = (fn: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn}`;

/** Every check passes on this account (with samples/config.json). */
export function healthyAccount(): AccountScenario {
  const group = (name: string, retentionInDays: number, fn: string, stream: string, message: string): ScenarioGroup => ({
    name,
    retentionInDays,
    filters: [{ filterName: `An1261Detector-${fn}-Subscription`, destinationArn: lambdaArn(`An1261Detector-${fn}Fn-1A2B3C`), filterPattern: '' }],
    streams: [{ logStreamName: stream, lastEventTimestamp: NOW - 3 * min, lastIngestionTime: NOW - 2 * min }],
    events: [{ logStreamName: stream, timestamp: NOW - 3 * min, message }],
  });
  return {
    clusters: [{ name: 'prod-cluster', logTypes: ['api', 'audit', 'authenticator'] }],
    logGroups: [
      group('/aws/eks/prod-cluster/cluster', 90, 'EksAudit', 'kube-apiserver-audit-5c9f9b8d7e6a4b3c', '{"kind":"Event"}'),
      group('/vpc/flow/prod', 30, 'FlowLogs', 'eni-0f9e8d7c6b5a4f3e2-all', '5 111122223333 eni-0f9e8d7c6b5a4f3e2 10.0.2.81 104.16.24.35 40112 443 6 412 3411220 1793583010 1793583070 ACCEPT OK'),
      group('/ec2/docker', 365, 'HostLogs', 'i-0f1e2d3c4b5a69788', 'time="2026-11-02T02:57:00.118230012Z" level=debug msg="Calling POST /v1.45/build?t=app%3A1"'),
    ],
    vpcs: [{ VpcId: 'vpc-0123456789abcdef0', CidrBlock: '10.0.0.0/16', Tags: [{ Key: 'Name', Value: 'prod' }] }],
    subnets: [
      { SubnetId: 'subnet-0aaa', VpcId: 'vpc-0123456789abcdef0' },
      { SubnetId: 'subnet-0bbb', VpcId: 'vpc-0123456789abcdef0' },
    ],
    networkInterfaces: [
      { NetworkInterfaceId: 'eni-0f9e8d7c6b5a4f3e2', VpcId: 'vpc-0123456789abcdef0', InterfaceType: 'interface', Attachment: { InstanceId: 'i-0a1b2c3d4e5f60718' } },
      { NetworkInterfaceId: 'eni-0aaaabbbbccccdddd', VpcId: 'vpc-0123456789abcdef0', InterfaceType: 'vpc_endpoint', Description: 'VPC Endpoint Interface vpce-0123' },
    ],
    flowLogs: [
      {
        FlowLogId: 'fl-0123456789abcdef0',
        ResourceId: 'vpc-0123456789abcdef0',
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: '/vpc/flow/prod',
        LogFormat: FLOW_FORMAT,
        MaxAggregationInterval: 60,
        DeliverLogsStatus: 'SUCCESS',
        FlowLogStatus: 'ACTIVE',
      },
    ],
    trails: [
      {
        Name: 'org-trail',
        TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail`,
        HomeRegion: 'us-east-1',
        IsMultiRegionTrail: true,
        logging: true,
        selectors: { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] },
      },
    ],
    putImages: [{ EventName: 'PutImage', EventSource: 'ecr.amazonaws.com', EventTime: new Date(NOW - 90 * min), Username: 'ci-build-runner' }],
    rules: [
      { Name: 'nightly-report', State: 'ENABLED', targets: [lambdaArn('report')] },
      { Name: 'An1261Detector-EcrPush-9Z8Y', State: 'ENABLED', EventPattern: JSON.stringify({ source: ['aws.ecr'], 'detail-type': ['ECR Image Action'], detail: { 'action-type': ['PUSH'], result: ['SUCCESS'] } }), targets: [lambdaArn('An1261Detector-EcrEventsFn-4D5E')] },
      {
        Name: 'An1261Detector-PutImage-7X6W',
        State: 'ENABLED',
        EventPattern: JSON.stringify({ source: ['aws.ecr'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: ['ecr.amazonaws.com'], eventName: ['PutImage'] } }),
        targets: [lambdaArn('An1261Detector-EcrEventsFn-4D5E')],
      },
      {
        Name: 'An1261Detector-RunInstances-5V4U',
        State: 'ENABLED',
        EventPattern: JSON.stringify({ source: ['aws.ec2'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['RunInstances'], errorCode: [{ exists: false }] } }),
        targets: [lambdaArn('An1261Detector-EcrEventsFn-4D5E')],
      },
    ],
    hub: { HubArn: `arn:aws:securityhub:us-east-1:${ACCOUNT}:hub/default`, SubscribedAt: '2025-03-01T10:00:00.000Z' },
    denied: new Set(),
    throttled: new Set(),
  };
}

/** An SDK-shaped service error (name, message, HTTP status), as the clients throw them. */
export function serviceError(name: string, message: string, status: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status }, $fault: 'client' });
}

const DENIED_CODE: Record<string, string> = { ec2: 'UnauthorizedOperation', sts: 'AccessDenied' };
const THROTTLE_CODE: Record<string, string> = { ec2: 'RequestLimitExceeded', sts: 'Throttling' };

/** Two items per page, with a NextToken that is the next index: pagination on every list. */
function page<T>(items: readonly T[], token: string | undefined, size = 2): { items: T[]; next?: string } {
  const start = token ? Number(token) : 0;
  const next = start + size < items.length ? String(start + size) : undefined;
  return { items: items.slice(start, start + size), ...(next ? { next } : {}) };
}

/** `?"a" ?"b"` / `"a"` / `a` filter patterns, as far as the checks use them. */
function matchesPattern(pattern: string | undefined, message: string): boolean {
  if (!pattern) return true;
  const terms = [...pattern.matchAll(/\??"([^"]+)"|\??(\S+)/g)].map((m) => m[1] ?? m[2]!);
  return pattern.includes('?') ? terms.some((t) => message.includes(t)) : terms.every((t) => message.includes(t));
}

function stubAll() {
  return {
    sts: mockClient(STSClient),
    logs: mockClient(CloudWatchLogsClient),
    eks: mockClient(EKSClient),
    ec2: mockClient(EC2Client),
    trail: mockClient(CloudTrailClient),
    events: mockClient(EventBridgeClient),
    hub: mockClient(SecurityHubClient),
  };
}

export type AccountMocks = ReturnType<typeof stubAll> & { restore(): void; reset(): void };

/** Installs fakes answering from `current()` — call in beforeAll, restore in afterAll. */
export function mockAccount(current: () => AccountScenario): AccountMocks {
  const m = stubAll();
  const gate = (action: string) => {
    const s = current();
    const service = action.split(':')[0]!;
    if (s.denied.has(action)) throw serviceError(DENIED_CODE[service] ?? 'AccessDeniedException', `User: arn:aws:sts::${ACCOUNT}:assumed-role/auditor/me is not authorized to perform: ${action}`, 403);
    if (s.throttled.has(action)) throw serviceError(THROTTLE_CODE[service] ?? 'ThrottlingException', 'Rate exceeded', 400);
  };
  const group = (name: string) => current().logGroups.find((g) => g.name === name);
  const install = () => {
    m.sts.on(GetCallerIdentityCommand).callsFake(() => (gate('sts:GetCallerIdentity'), { Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/auditor/me`, UserId: 'AROAEXAMPLE:me' }));
    m.eks.on(ListClustersCommand).callsFake((i: { nextToken?: string }) => {
      gate('eks:ListClusters');
      const p = page(current().clusters.map((c) => c.name), i.nextToken);
      return { clusters: p.items, ...(p.next ? { nextToken: p.next } : {}) };
    });
    m.eks.on(DescribeClusterCommand).callsFake((i: { name: string }) => {
      gate('eks:DescribeCluster');
      const c = current().clusters.find((x) => x.name === i.name);
      if (!c) throw serviceError('ResourceNotFoundException', `No cluster found for name: ${i.name}.`, 404);
      const off = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].filter((t) => !c.logTypes.includes(t));
      return { cluster: { name: c.name, arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${c.name}`, status: 'ACTIVE', version: '1.31', logging: { clusterLogging: [{ types: c.logTypes, enabled: true }, { types: off, enabled: false }] } } };
    });
    m.logs.on(DescribeLogGroupsCommand).callsFake((i: { logGroupNamePrefix?: string; nextToken?: string }) => {
      gate('logs:DescribeLogGroups');
      const all = current().logGroups.filter((g) => !i.logGroupNamePrefix || g.name.startsWith(i.logGroupNamePrefix)).sort((a, b) => a.name.localeCompare(b.name));
      const p = page(all, i.nextToken);
      const arn = (n: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${n}:*`;
      return { logGroups: p.items.map((g) => ({ logGroupName: g.name, arn: arn(g.name), ...(g.retentionInDays ? { retentionInDays: g.retentionInDays } : {}), storedBytes: 5 * 1048576 })), ...(p.next ? { nextToken: p.next } : {}) };
    });
    m.logs.on(DescribeSubscriptionFiltersCommand).callsFake((i: { logGroupName: string }) => (gate('logs:DescribeSubscriptionFilters'), { subscriptionFilters: (group(i.logGroupName)?.filters ?? []).map((f) => ({ ...f, logGroupName: i.logGroupName })) }));
    m.logs.on(DescribeLogStreamsCommand).callsFake((i: { logGroupName: string; nextToken?: string; limit?: number }) => {
      gate('logs:DescribeLogStreams');
      const newest = (s: ScenarioGroup['streams'][number]) => s.lastEventTimestamp ?? 0;
      const all = [...(group(i.logGroupName)?.streams ?? [])].sort((a, b) => newest(b) - newest(a));
      const p = page(all, i.nextToken, i.limit ?? 50);
      return { logStreams: p.items, ...(p.next ? { nextToken: p.next } : {}) };
    });
    m.logs.on(FilterLogEventsCommand).callsFake((i: { logGroupName: string; startTime?: number; endTime?: number; filterPattern?: string; nextToken?: string }) => {
      gate('logs:FilterLogEvents');
      const evs = (group(i.logGroupName)?.events ?? []).filter((e) => e.timestamp >= (i.startTime ?? 0) && e.timestamp <= (i.endTime ?? Infinity) && matchesPattern(i.filterPattern, e.message));
      const p = page(evs, i.nextToken);
      return { events: p.items.map((e, n) => ({ ...e, eventId: `${e.timestamp}${n}`, ingestionTime: e.timestamp + 1000 })), ...(p.next ? { nextToken: p.next } : {}) };
    });
    m.ec2.on(DescribeVpcsCommand).callsFake((i: { VpcIds?: string[]; NextToken?: string }) => {
      gate('ec2:DescribeVpcs');
      const all = current().vpcs.filter((v) => !i.VpcIds || i.VpcIds.includes(v.VpcId));
      if (i.VpcIds?.some((id) => !all.some((v) => v.VpcId === id))) throw serviceError('InvalidVpcID.NotFound', `The vpc ID '${i.VpcIds.join(',')}' does not exist`, 400);
      const p = page(all, i.NextToken);
      return { Vpcs: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    });
    m.ec2.on(DescribeSubnetsCommand).callsFake((i: { NextToken?: string }) => {
      gate('ec2:DescribeSubnets');
      const p = page(current().subnets, i.NextToken);
      return { Subnets: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    });
    m.ec2.on(DescribeNetworkInterfacesCommand).callsFake((i: { Filters?: { Name: string; Values: string[] }[]; MaxResults?: number; NextToken?: string }) => {
      gate('ec2:DescribeNetworkInterfaces');
      const vpcIds = i.Filters?.find((f) => f.Name === 'vpc-id')?.Values;
      const p = page(current().networkInterfaces.filter((n) => !vpcIds || vpcIds.includes(n.VpcId)), i.NextToken, i.MaxResults ?? 1000);
      return { NetworkInterfaces: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    });
    m.ec2.on(DescribeFlowLogsCommand).callsFake((i: { NextToken?: string }) => {
      gate('ec2:DescribeFlowLogs');
      const p = page(current().flowLogs, i.NextToken);
      return { FlowLogs: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    });
    const trail = (arn: string) => current().trails.find((t) => t.TrailARN === arn || t.Name === arn);
    m.trail.on(DescribeTrailsCommand).callsFake(() => (gate('cloudtrail:DescribeTrails'), { trailList: current().trails.map(({ logging: _l, selectors: _s, ...t }) => t) }));
    m.trail.on(GetTrailStatusCommand).callsFake((i: { Name: string }) => (gate('cloudtrail:GetTrailStatus'), { IsLogging: trail(i.Name)?.logging ?? false }));
    m.trail.on(GetEventSelectorsCommand).callsFake((i: { TrailName: string }) => (gate('cloudtrail:GetEventSelectors'), { TrailARN: i.TrailName, ...(trail(i.TrailName)?.selectors ?? {}) }));
    m.trail.on(LookupEventsCommand).callsFake(() => (gate('cloudtrail:LookupEvents'), { Events: current().putImages.map((e, n) => ({ ...e, EventId: `ev-${n}` })) }));
    m.events.on(ListRulesCommand).callsFake((i: { NextToken?: string }) => {
      gate('events:ListRules');
      const p = page(current().rules, i.NextToken);
      return { Rules: p.items.map(({ targets: _t, ...r }) => ({ ...r, Arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/${r.Name}`, EventBusName: 'default' })), ...(p.next ? { NextToken: p.next } : {}) };
    });
    m.events.on(ListTargetsByRuleCommand).callsFake((i: { Rule: string; NextToken?: string }) => {
      gate('events:ListTargetsByRule');
      const p = page(current().rules.find((r) => r.Name === i.Rule)?.targets ?? [], i.NextToken);
      return { Targets: p.items.map((arn, n) => ({ Id: `t${n}`, Arn: arn })), ...(p.next ? { NextToken: p.next } : {}) };
    });
    m.hub.on(DescribeHubCommand).callsFake(() => {
      gate('securityhub:DescribeHub');
      const h = current().hub;
      if (h === 'not-subscribed') throw serviceError('InvalidAccessException', `Account ${ACCOUNT} is not subscribed to AWS Security Hub`, 401);
      return h;
    });
    m.hub.on(BatchImportFindingsCommand).callsFake((i: { Findings: unknown[] }) => {
      gate('securityhub:BatchImportFindings');
      if (i.Findings.length === 0) throw serviceError('InvalidInputException', 'Findings must contain at least 1 item', 400);
      return { SuccessCount: i.Findings.length, FailedCount: 0, FailedFindings: [] };
    });
  };
  install();
  const all: { restore(): void; reset(): void }[] = Object.values(m);
  return {
    ...m,
    restore: () => all.forEach((s) => s.restore()),
    reset: () => {
      all.forEach((s) => s.reset());
      install();
    },
  };
}

/** Runs the doctor on the mocked account with samples/config.json, at NOW, silent after 1 h. */
export async function runDoctorOn(opts: Partial<DoctorOptions> = {}): Promise<DoctorReport> {
  const reader = new AccountReader({ region: REGION, maxAttempts: 1 });
  try {
    return await runDoctor(reader, { config: SAMPLE_CONFIG, now: NOW, staleAfterMs: 3_600_000, marker: 'an1261', vpcIds: [], ...opts });
  } finally {
    reader.destroy();
  }
}

/** The rows of one check (optionally on one subject), for assertions. */
export function rows(report: DoctorReport, id: string, subject?: string): CheckResult[] {
  return report.checks.filter((c) => c.id === id && (subject === undefined || c.subject === subject));
}

/** The single row of a check on a subject; fails the test when there is not exactly one. */
export function row(report: DoctorReport, id: string, subject?: string): CheckResult {
  const found = rows(report, id, subject);
  if (found.length !== 1) throw new Error(`expected one ${id} row${subject ? ` on ${subject}` : ''}, got ${found.length}: ${JSON.stringify(report.checks.map((c) => `${c.status} ${c.id} ${c.subject}`), null, 1)}`);
  return found[0]!;
}
