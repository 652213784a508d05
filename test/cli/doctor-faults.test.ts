/**
 * `an1261 doctor` under faults: access denied on any call becomes a FAIL row naming the IAM action
 * (the other checks still run), throttling that outlived the SDK's retries is a FAIL, and missing
 * credentials give one clear row — never a crash.
 */
import { type AccountMocks, type AccountScenario, healthyAccount, mockAccount, row, runDoctorOn } from './doctor-mocks';

describe('an1261 doctor: faults', () => {
  let mocks: AccountMocks;
  let scenario: AccountScenario;
  beforeAll(() => (mocks = mockAccount(() => scenario)));
  afterAll(() => mocks.restore());
  beforeEach(() => {
    scenario = healthyAccount();
    mocks.reset();
  });

  it.each([
    ['eks:ListClusters', 'eks.clusters', 'us-east-1'],
    ['eks:DescribeCluster', 'eks.cluster', 'prod-cluster'],
    ['logs:DescribeSubscriptionFilters', 'eks-audit.subscription', '/aws/eks/prod-cluster/cluster'],
    ['logs:DescribeLogStreams', 'vpc-flow.recency', '/vpc/flow/prod'],
    ['logs:FilterLogEvents', 'host-logs.api-lines', '/ec2/docker'],
    ['cloudtrail:DescribeTrails', 'cloudtrail.management-events', 'us-east-1'],
    ['cloudtrail:LookupEvents', 'ecr.recency', 'us-east-1'],
    ['events:ListRules', 'ecr-events.rules', 'default event bus'],
    ['events:ListTargetsByRule', 'ecr-events.rules', 'default event bus'],
  ])('AccessDenied on %s → FAIL %s naming the action; the rest still runs', async (action, id, subject) => {
    scenario.denied.add(action);
    const report = await runDoctorOn();
    expect(row(report, id, subject)).toMatchObject({ status: 'FAIL', evidence: `missing IAM permission ${action} (AccessDeniedException): the check could not run`, fix: `allow ${action} for the caller (docs/doctor.md lists the whole read-only policy)` });
    expect(row(report, 'security-hub.enabled').status).toBe('PASS');
    expect(report.exitCode).toBe(2);
  });

  it('EC2 UnauthorizedOperation → FAIL naming ec2:DescribeVpcs, without the encoded message', async () => {
    scenario.denied.add('ec2:DescribeVpcs');
    const r = row(await runDoctorOn(), 'vpc-flow.coverage');
    expect(r.evidence).toBe('missing IAM permission ec2:DescribeVpcs (UnauthorizedOperation): the check could not run');
  });

  it('logs:DescribeLogGroups denied fails the log-group rows of every source, each naming it', async () => {
    scenario.denied.add('logs:DescribeLogGroups');
    const report = await runDoctorOn();
    const denied = report.checks.filter((c) => c.evidence.startsWith('missing IAM permission logs:DescribeLogGroups'));
    expect(denied.map((c) => `${c.id} ${c.subject}`)).toEqual(['eks-audit.log-group /aws/eks/prod-cluster/cluster', 'vpc-flow.log-group /vpc/flow/prod', 'vpc-flow.config /vpc/flow/*', 'host-logs.log-group /ec2/docker*']);
  });

  it('throttling that outlived the adaptive retries → FAIL saying so, with what to do', async () => {
    scenario.throttled.add('cloudtrail:LookupEvents');
    scenario.throttled.add('ec2:DescribeFlowLogs');
    const report = await runDoctorOn();
    expect(row(report, 'ecr.recency')).toMatchObject({ status: 'FAIL', evidence: "cloudtrail:LookupEvents throttled by AWS even after the SDK's adaptive retries (ThrottlingException)", fix: 'run doctor again in a few minutes, or ask for a higher API quota (Service Quotas console)' });
    expect(row(report, 'vpc-flow.coverage').evidence).toBe("ec2:DescribeFlowLogs throttled by AWS even after the SDK's adaptive retries (RequestLimitExceeded)");
  });

  it('rejected credentials: one FAIL row, nothing else is called', async () => {
    scenario.denied.add('sts:GetCallerIdentity');
    const report = await runDoctorOn();
    expect(report.checks).toEqual([
      {
        id: 'aws.credentials',
        subject: 'us-east-1',
        status: 'FAIL',
        evidence: 'missing IAM permission sts:GetCallerIdentity (AccessDenied): the check could not run',
        fix: 'allow sts:GetCallerIdentity for the caller (docs/doctor.md lists the whole read-only policy)',
      },
    ]);
    expect(report.exitCode).toBe(2);
    expect(mocks.eks.calls()).toHaveLength(0);
  });
});
