/**
 * `an1261 doctor` (runDoctor over the real AccountReader: every SDK client on the wire) against
 * accounts prepared on the emulator, each in its own Region: a good one and a bad one, each with its
 * expected status table. One check the emulator cannot serve — CloudTrail LookupEvents, which moto
 * does not implement (it answers HTTP 500 with an HTML page) — is expected as exactly that failure
 * and marked in the tables; the mocked doctor tests (test/cli/doctor-*.test.ts) cover its logic.
 */
import { DeleteFlowLogsCommand, DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AccountReader } from '../../lambdas/adapters/account-reader';
import { type DoctorReport, runDoctor } from '../../lambdas/cli/doctor/run-doctor';
import { clientConfig, describeIfEmulator, emulatorEnv, useProcessEnv } from './emulator';
import { SAMPLE_CONFIG, defaultVpcId as defaultVpcIdOf, prepareBadAccount, prepareGoodAccount } from './emulator-accounts';

const GOOD = 'eu-west-1';
const BAD = 'eu-west-2';
const FLOW_LOG = expect.stringMatching(/^fl-[0-9a-f]+ \(\/vpc\/flow\/prod\)$/) as unknown as string;

async function doctor(region: string, now: number): Promise<DoctorReport> {
  // Two attempts, not the CLI's ten: the emulator answers at once, and the unserved call fails fast.
  const reader = new AccountReader({ region, maxAttempts: 2 });
  try {
    return await runDoctor(reader, { config: SAMPLE_CONFIG, now, staleAfterMs: 3_600_000, marker: 'an1261', vpcIds: [] });
  } finally {
    reader.destroy();
  }
}

const statusTable = (r: DoctorReport) => r.checks.map((c) => [c.status, c.id, c.subject]);
const evidenceOf = (r: DoctorReport, id: string, subject: string) => r.checks.find((c) => c.id === id && c.subject === subject)?.evidence;

/** The emulator cannot serve CloudTrail LookupEvents: this row FAILs on it and on it alone. */
const UNSERVED_LOOKUP_EVENTS = (region: string) => ['FAIL', 'ecr.recency', region];

describeIfEmulator('an1261 doctor on the emulator', () => {
  useProcessEnv(() => emulatorEnv(GOOD));

  it('passes every check on a good account (but the one the emulator cannot serve)', async () => {
    const now = Date.now();
    const { vpcId, defaultVpcId } = await prepareGoodAccount(GOOD, now);

    const report = await doctor(GOOD, now);

    expect(statusTable(report)).toEqual([
      ['PASS', 'aws.credentials', GOOD],
      ['PASS', 'eks.audit-logging', 'prod-cluster'],
      ['PASS', 'eks-audit.log-group', '/aws/eks/prod-cluster/cluster'],
      ['PASS', 'eks-audit.retention', '/aws/eks/prod-cluster/cluster'],
      ['PASS', 'eks-audit.subscription', '/aws/eks/prod-cluster/cluster'],
      ['PASS', 'eks-audit.recency', '/aws/eks/prod-cluster/cluster'],
      // moto lists the default VPC first; it has a flow log too.
      ['PASS', 'vpc-flow.coverage', defaultVpcId],
      ['PASS', 'vpc-flow.format', FLOW_LOG],
      ['PASS', 'vpc-flow.aggregation', FLOW_LOG],
      ['PASS', 'vpc-flow.config', FLOW_LOG],
      ['PASS', 'vpc-flow.retention', '/vpc/flow/prod'],
      ['PASS', 'vpc-flow.subscription', '/vpc/flow/prod'],
      ['PASS', 'vpc-flow.recency', '/vpc/flow/prod'],
      ['PASS', 'vpc-flow.coverage', `${vpcId} (prod)`],
      ['PASS', 'vpc-flow.format', FLOW_LOG],
      ['PASS', 'vpc-flow.aggregation', FLOW_LOG],
      ['PASS', 'vpc-flow.config', FLOW_LOG],
      ['PASS', 'host-logs.log-group', '/ec2/docker'],
      ['PASS', 'host-logs.retention', '/ec2/docker'],
      ['PASS', 'host-logs.subscription', '/ec2/docker'],
      ['PASS', 'host-logs.recency', '/ec2/docker'],
      ['PASS', 'host-logs.api-lines', '/ec2/docker'],
      ['PASS', 'cloudtrail.management-events', GOOD],
      UNSERVED_LOOKUP_EVENTS(GOOD),
      ['PASS', 'ecr-events.image-action', 'default event bus'],
      ['PASS', 'ecr-events.put-image', 'default event bus'],
      ['PASS', 'ecr-events.run-instances', 'default event bus'],
      ['PASS', 'security-hub.enabled', GOOD],
      ['PASS', 'security-hub.import', GOOD],
    ]);
    expect(evidenceOf(report, 'ecr.recency', GOOD)).toMatch(/^cloudtrail:LookupEvents failed: SyntaxError: Unexpected token '<'/);
    expect(evidenceOf(report, 'eks-audit.subscription', '/aws/eks/prod-cluster/cluster')).toBe(`subscription An1261Detector-EksAudit-Subscription → arn:aws:kinesis:${GOOD}:123456789012:stream/an1261-subscriptions`);
    expect(evidenceOf(report, 'cloudtrail.management-events', GOOD)).toMatch(/^org-trail \(.*logging\): event selector: management events, All; records ECR PutImage and EC2 RunInstances$/);
  });

  it('fails the gaps of a bad account, and only WARNs its unused default VPC', async () => {
    const { vpcId, defaultVpcId } = await prepareBadAccount(BAD);

    const report = await doctor(BAD, Date.now());

    expect(statusTable(report)).toEqual([
      ['PASS', 'aws.credentials', BAD],
      ['FAIL', 'eks.audit-logging', 'prod-cluster'],
      ['FAIL', 'eks-audit.log-group', '/aws/eks/prod-cluster/cluster'],
      ['WARN', 'vpc-flow.coverage', defaultVpcId],
      ['FAIL', 'vpc-flow.coverage', `${vpcId} (prod)`],
      ['FAIL', 'vpc-flow.config', '/vpc/flow/*'],
      ['FAIL', 'host-logs.log-group', '/ec2/docker*'],
      ['FAIL', 'cloudtrail.management-events', BAD],
      UNSERVED_LOOKUP_EVENTS(BAD),
      ['WARN', 'ecr-events.image-action', 'default event bus'],
      ['WARN', 'ecr-events.put-image', 'default event bus'],
      ['WARN', 'ecr-events.run-instances', 'default event bus'],
      ['FAIL', 'security-hub.enabled', BAD],
    ]);
    expect(evidenceOf(report, 'vpc-flow.coverage', defaultVpcId)).toMatch(/^no flow log on the VPC or its subnets, but nothing runs in the default VPC: it has no network interface/);
    expect(evidenceOf(report, 'vpc-flow.coverage', `${vpcId} (prod)`)).toMatch(/; in use: eni-[0-9a-f]+ \("build host"\)$/);
    expect(evidenceOf(report, 'eks.audit-logging', 'prod-cluster')).toBe('audit logging is off (control-plane log types on: api): builder pods, exec and deploys are invisible');
    expect(report.exitCode).toBe(2);
  });

  it('does not fail the good account once its unused default VPC loses its flow log: that row is a WARN', async () => {
    // After the first test, in the same Region: only the default VPC's flow log removed.
    const defaultVpcId = await defaultVpcIdOf(GOOD);
    const ec2 = new EC2Client(clientConfig(GOOD));
    try {
      const logs = (await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [defaultVpcId] }] }))).FlowLogs ?? [];
      await ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: logs.map((f) => f.FlowLogId!) }));
    } finally {
      ec2.destroy();
    }

    const report = await doctor(GOOD, Date.now());

    expect(report.checks.find((c) => c.id === 'vpc-flow.coverage' && c.subject === defaultVpcId)?.status).toBe('WARN');
    // The one FAIL left is the check the emulator cannot serve.
    expect(report.checks.filter((c) => c.status === 'FAIL').map((c) => [c.status, c.id, c.subject])).toEqual([UNSERVED_LOOKUP_EVENTS(GOOD)]);
  });
});
