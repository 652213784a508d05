/**
 * `an1261 doctor` on an account where everything AN1261 needs is in place: every check passes,
 * and the doctor asks AWS exactly the read-only questions it should.
 */
import { DescribeLogGroupsCommand, DescribeLogStreamsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeFlowLogsCommand } from '@aws-sdk/client-ec2';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { BatchImportFindingsCommand } from '@aws-sdk/client-securityhub';
import { type AccountMocks, NOW, healthyAccount, mockAccount, runDoctorOn } from './doctor-mocks';

describe('an1261 doctor: a ready account', () => {
  let mocks: AccountMocks;
  const scenario = healthyAccount();
  beforeAll(() => (mocks = mockAccount(() => scenario)));
  afterAll(() => mocks.restore());
  beforeEach(() => mocks.reset());

  it('passes every check, one row per source aspect', async () => {
    const report = await runDoctorOn();
    expect(report.checks.map((c) => `${c.status} ${c.id} ${c.subject}`)).toEqual([
      'PASS aws.credentials us-east-1',
      'PASS eks.audit-logging prod-cluster',
      'PASS eks-audit.log-group /aws/eks/prod-cluster/cluster',
      'PASS eks-audit.retention /aws/eks/prod-cluster/cluster',
      'PASS eks-audit.subscription /aws/eks/prod-cluster/cluster',
      'PASS eks-audit.recency /aws/eks/prod-cluster/cluster',
      'PASS vpc-flow.coverage vpc-0123456789abcdef0 (prod)',
      'PASS vpc-flow.format fl-0123456789abcdef0 (/vpc/flow/prod)',
      'PASS vpc-flow.aggregation fl-0123456789abcdef0 (/vpc/flow/prod)',
      'PASS vpc-flow.config fl-0123456789abcdef0 (/vpc/flow/prod)',
      'PASS vpc-flow.retention /vpc/flow/prod',
      'PASS vpc-flow.subscription /vpc/flow/prod',
      'PASS vpc-flow.recency /vpc/flow/prod',
      'PASS host-logs.log-group /ec2/docker',
      'PASS host-logs.retention /ec2/docker',
      'PASS host-logs.subscription /ec2/docker',
      'PASS host-logs.recency /ec2/docker',
      'PASS host-logs.api-lines /ec2/docker',
      'PASS cloudtrail.management-events us-east-1',
      'PASS ecr.recency us-east-1',
      'PASS ecr-events.image-action default event bus',
      'PASS ecr-events.put-image default event bus',
      'PASS ecr-events.run-instances default event bus',
      'PASS security-hub.enabled us-east-1',
      'PASS security-hub.import us-east-1',
    ]);
    expect(report).toMatchObject({ account: '111122223333', region: 'us-east-1', exitCode: 0, summary: { PASS: 25, WARN: 0, FAIL: 0 }, generatedAt: '2026-11-02T03:00:00.000Z' });
    expect(report.checks.find((c) => c.id === 'host-logs.api-lines')!.evidence).toBe('dockerd debug API lines present, e.g. "Calling POST /v1.45/build?t=app%3A1" (3 min ago, stream i-0f1e2d3c4b5a69788)');
    expect(report.checks.find((c) => c.id === 'eks-audit.recency')!.evidence).toBe('newest event 2 min ago (2026-11-02T02:58:00Z, stream kube-apiserver-audit-5c9f9b8d7e6a4b3c)');
  });

  it('asks CloudWatch Logs for exactly what it needs', async () => {
    await runDoctorOn();
    expect(mocks.logs.commandCalls(DescribeLogGroupsCommand).map((c) => c.args[0].input)).toEqual([
      { logGroupNamePrefix: '/aws/eks/prod-cluster/cluster', limit: 50 },
      { logGroupNamePrefix: '/vpc/flow/prod', limit: 50 },
      { logGroupNamePrefix: '/vpc/flow/', limit: 50 },
      { logGroupNamePrefix: '/ec2/docker', limit: 50 },
    ]);
    expect(mocks.logs.commandCalls(DescribeLogStreamsCommand)[0]!.args[0].input).toEqual({ logGroupName: '/aws/eks/prod-cluster/cluster', orderBy: 'LastEventTime', descending: true, limit: 50 });
    expect(mocks.logs.commandCalls(FilterLogEventsCommand).map((c) => c.args[0].input)).toEqual([
      { logGroupName: '/ec2/docker', filterPattern: '?"Calling" ?"EXECVE"', startTime: NOW - 86_400_000, endTime: NOW, limit: 100 },
    ]);
  });

  it('reads paginated listings to the end', async () => {
    await runDoctorOn();
    // 4 rules at 2 a page; flow logs and targets fit one page.
    expect(mocks.events.commandCalls(ListRulesCommand).map((c) => c.args[0].input)).toEqual([
      { EventBusName: 'default', Limit: 100 },
      { EventBusName: 'default', Limit: 100, NextToken: '2' },
    ]);
    expect(mocks.events.commandCalls(ListTargetsByRuleCommand).map((c) => c.args[0].input.Rule)).toEqual(['An1261Detector-EcrPush-9Z8Y', 'An1261Detector-PutImage-7X6W', 'An1261Detector-RunInstances-5V4U']);
    expect(mocks.ec2.commandCalls(DescribeFlowLogsCommand)).toHaveLength(1);
    expect(mocks.trail.commandCalls(LookupEventsCommand)[0]!.args[0].input).toEqual({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'PutImage' }], MaxResults: 50 });
  });

  it('proves the import permission with an empty batch: nothing is imported', async () => {
    await runDoctorOn();
    expect(mocks.hub.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input)).toEqual([{ Findings: [] }]);
  });
});
