/**
 * The bundled sample scenario (samples/logs) as it would sit in an account's CloudWatch Logs, served
 * as FilterLogEvents pages: EKS audit events in /aws/eks/prod-cluster/cluster (audit stream plus an
 * authenticator stream that must be skipped), flow records per ENI stream in /vpc/flow/prod, dockerd
 * lines in /ec2/docker, and the ECR EventBridge events a rule copies to /aws/events/ecr.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CwlPayload } from '../../lambdas/core/envelopes/cwl-payload';

const LOGS = join(__dirname, '../../samples/logs');
export const ACCOUNT = '111122223333';

export interface StoredEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  eventId: string;
}

function eksEvents(): StoredEvent[] {
  const p = JSON.parse(readFileSync(join(LOGS, 'eks-audit-prod-cluster.cwl.json'), 'utf8')) as CwlPayload;
  const audit = p.logEvents.map((e) => ({ logStreamName: p.logStream, timestamp: e.timestamp, message: e.message, eventId: e.id }));
  const first = audit[0]!.timestamp;
  // Another control-plane stream of the same group: not audit, must not be pulled.
  return [...audit, { logStreamName: 'authenticator-9f8e7d6c', timestamp: first + 500, message: 'time="2026-11-02T01:12:00Z" level=info msg="access granted" arn="arn:aws:iam::111122223333:role/dev-admin"', eventId: 'auth-1' }];
}

function flowEvents(): StoredEvent[] {
  const file = 'vpc-flow-111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261102T0200Z.log.gz';
  const lines = gunzipSync(readFileSync(join(LOGS, file))).toString('utf8').split('\n');
  // CloudWatch Logs delivery has no header line: one record per event, one stream per ENI.
  return lines
    .filter((l) => l.trim() && !l.startsWith('version'))
    .map((l, i) => {
      const f = l.split(' ');
      return { logStreamName: `${f[2]}-all`, timestamp: Number(f[10]) * 1000, message: l, eventId: `flow-${i}` };
    });
}

function dockerdEvents(): StoredEvent[] {
  return readFileSync(join(LOGS, 'ci-runner-dockerd.log'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => ({ logStreamName: 'i-0c1d2e3f4a5b6c7d9', timestamp: Date.parse(/time="([^"]+)"/.exec(l)![1]!), message: l, eventId: `dockerd-${i}` }));
}

function ecrEvents(): StoredEvent[] {
  return readFileSync(join(LOGS, 'ecr-events.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => ({ logStreamName: 'an1261-ecr-rule', timestamp: Date.parse((JSON.parse(l) as { time: string }).time), message: l, eventId: `ecr-${i}` }));
}

export const SAMPLE_GROUPS: Record<string, StoredEvent[]> = {
  '/aws/eks/prod-cluster/cluster': eksEvents(),
  '/vpc/flow/prod': flowEvents(),
  '/ec2/docker': dockerdEvents(),
  '/aws/events/ecr': ecrEvents(),
};

export interface FilterInput {
  logGroupName: string;
  startTime?: number;
  endTime?: number;
  logStreamNamePrefix?: string;
  nextToken?: string;
}

/**
 * One FilterLogEvents answer: events in time order, `pageSize` a page, and — as the service does —
 * an empty page carrying a nextToken after the first one.
 */
export function filterPage(groups: Record<string, StoredEvent[]>, i: FilterInput, pageSize = 4): { events: (StoredEvent & { ingestionTime: number })[]; nextToken?: string } {
  const all = (groups[i.logGroupName] ?? [])
    .filter((e) => e.timestamp >= (i.startTime ?? 0) && e.timestamp <= (i.endTime ?? Infinity) && (!i.logStreamNamePrefix || e.logStreamName.startsWith(i.logStreamNamePrefix)))
    .sort((a, b) => a.timestamp - b.timestamp);
  const [start, empty] = i.nextToken ? i.nextToken.split(':').map(Number) : [0, 0];
  if (start === pageSize && empty === 0) return { events: [], nextToken: `${start}:1` };
  const slice = all.slice(start, start! + pageSize).map((e) => ({ ...e, ingestionTime: e.timestamp + 1500 }));
  const next = start! + pageSize < all.length ? `${start! + pageSize}:0` : undefined;
  return { events: slice, ...(next ? { nextToken: next } : {}) };
}

export function describeGroups(names: string[], prefix: string | undefined): { logGroups: { logGroupName: string; arn: string; retentionInDays: number }[] } {
  return {
    logGroups: names
      .filter((n) => !prefix || n.startsWith(prefix))
      .sort()
      .map((n) => ({ logGroupName: n, arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${n}:*`, retentionInDays: 90 })),
  };
}

/**
 * The sample's ECR pushes as the CloudTrail event history holds them (LookupEvents, EventName =
 * PutImage), newest first as the service returns them: a CloudTrail `PutImage` record each, pushed
 * by the role of the build (the EventBridge events name no principal).
 */
export interface LookedUp {
  EventId: string;
  EventName: string;
  EventSource: string;
  EventTime: Date;
  CloudTrailEvent: string;
}

export function samplePutImages(): LookedUp[] {
  return readFileSync(join(LOGS, 'ecr-events.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; time: string; region: string; account: string; detail: Record<string, string> })
    .filter((e) => e.detail['action-type'] === 'PUSH')
    .map((e) => {
      const record = {
        eventVersion: '1.08',
        userIdentity: { type: 'AssumedRole', principalId: 'AROAEXAMPLEDEVADMIN:alice', arn: `arn:aws:sts::${e.account}:assumed-role/dev-admin/alice`, accountId: e.account },
        eventTime: e.time,
        eventSource: 'ecr.amazonaws.com',
        eventName: 'PutImage',
        awsRegion: e.region,
        sourceIPAddress: '203.0.113.12',
        userAgent: 'docker/24.0.7',
        requestParameters: { repositoryName: e.detail['repository-name'], imageTag: e.detail['image-tag'], registryId: e.account },
        responseElements: { image: { repositoryName: e.detail['repository-name'], registryId: e.account, imageId: { imageDigest: e.detail['image-digest'], imageTag: e.detail['image-tag'] } } },
        eventID: e.id,
        eventType: 'AwsApiCall',
        recipientAccountId: e.account,
      };
      return { EventId: e.id, EventName: 'PutImage', EventSource: 'ecr.amazonaws.com', EventTime: new Date(e.time), CloudTrailEvent: JSON.stringify(record) };
    })
    .sort((a, b) => b.EventTime.getTime() - a.EventTime.getTime());
}

/**
 * The CI runner of the sample (dockerd stream i-0c1d2e3f4a5b6c7d9, 10.0.200.17: approvedBuilders.hosts
 * 10.0.200.0/24) as the event history holds its launch: a RunInstances record by Auto Scaling two
 * minutes before its first build, naming the instance and its private IP.
 */
export const RUNNER = { instanceId: 'i-0c1d2e3f4a5b6c7d9', ip: '10.0.200.17', launched: '2026-11-02T01:48:02Z' };

export function sampleRunInstances(): LookedUp[] {
  const record = {
    eventVersion: '1.10',
    userIdentity: { type: 'AssumedRole', principalId: 'AROAEXAMPLEASGSLR:AutoScaling', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling`, accountId: ACCOUNT, invokedBy: 'autoscaling.amazonaws.com' },
    eventTime: RUNNER.launched,
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    awsRegion: 'us-east-1',
    sourceIPAddress: 'autoscaling.amazonaws.com',
    userAgent: 'autoscaling.amazonaws.com',
    requestParameters: { instancesSet: { items: [{ minCount: 1, maxCount: 1 }] }, instanceType: 'c6i.2xlarge', launchTemplate: { launchTemplateId: 'lt-0ci1runner', version: '7' } },
    responseElements: {
      reservationId: 'r-0c1d2e3f4a5b6c7d9',
      ownerId: ACCOUNT,
      instancesSet: {
        items: [
          {
            instanceId: RUNNER.instanceId,
            instanceState: { code: 0, name: 'pending' },
            privateIpAddress: RUNNER.ip,
            networkInterfaceSet: { items: [{ networkInterfaceId: 'eni-0c1d2e3f4a5b6c7d9', privateIpAddress: RUNNER.ip, privateIpAddressesSet: { items: [{ privateIpAddress: RUNNER.ip, primary: true }] } }] },
          },
        ],
      },
    },
    eventID: 'b7c1d2e3-run-4f5a-8b9c-0d1e2f3a4b5c',
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
  };
  return [{ EventId: record.eventID, EventName: 'RunInstances', EventSource: 'ec2.amazonaws.com', EventTime: new Date(record.eventTime), CloudTrailEvent: JSON.stringify(record) }];
}

export interface LookupInput {
  LookupAttributes?: { AttributeKey?: string; AttributeValue?: string }[];
  StartTime?: Date;
  EndTime?: Date;
  NextToken?: string;
}

/** One LookupEvents answer: events of the looked-up name and the period, newest first, one per page (to exercise paging). */
export function lookupPage(events: LookedUp[], i: LookupInput): { Events: LookedUp[]; NextToken?: string } {
  const name = i.LookupAttributes?.find((a) => a.AttributeKey === 'EventName')?.AttributeValue;
  const inRange = events.filter((e) => (name === undefined || e.EventName === name) && (!i.StartTime || e.EventTime >= i.StartTime) && (!i.EndTime || e.EventTime <= i.EndTime));
  const start = i.NextToken ? Number(i.NextToken) : 0;
  return { Events: inRange.slice(start, start + 1), ...(start + 1 < inRange.length ? { NextToken: String(start + 1) } : {}) };
}
