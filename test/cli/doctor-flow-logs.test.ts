/** `an1261 doctor`, VPC flow logs: coverage, the fields the product needs, aggregation, the config's format, and the log group. */
import { DescribeFlowLogsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { parseConfig } from '../../lambdas/core/model/config';
import { DEFAULT_FLOW_FORMAT } from '../../lambdas/core/sources/vpc-flow/flow-format';
import { type AccountMocks, type AccountScenario, FLOW_FORMAT, SAMPLE_CONFIG, healthyAccount, mockAccount, row, rows, runDoctorOn } from './doctor-mocks';

const VPC = 'vpc-0123456789abcdef0';
const FL = 'fl-0123456789abcdef0 (/vpc/flow/prod)';

describe('an1261 doctor: VPC flow logs', () => {
  let mocks: AccountMocks;
  let scenario: AccountScenario;
  const flow = () => scenario.flowLogs[0]!;
  beforeAll(() => (mocks = mockAccount(() => scenario)));
  afterAll(() => mocks.restore());
  beforeEach(() => {
    scenario = healthyAccount();
    mocks.reset();
  });

  describe('coverage', () => {
    it('PASS for a VPC-level flow log to CloudWatch Logs', async () => {
      expect(row(await runDoctorOn(), 'vpc-flow.coverage').evidence).toBe(`fl-0123456789abcdef0 on ${VPC} → cloud-watch-logs /vpc/flow/prod (ALL traffic, delivery SUCCESS)`);
    });

    it('FAIL with a create-flow-logs command when the VPC has no flow log', async () => {
      scenario.flowLogs = [];
      const r = row(await runDoctorOn(), 'vpc-flow.coverage');
      expect(r.status).toBe('FAIL');
      expect(r.evidence).toBe(
        'no flow log on the VPC or its subnets: egress from its hosts is invisible (the product reads flow logs from CloudWatch Logs); in use: eni-0f9e8d7c6b5a4f3e2 (instance i-0a1b2c3d4e5f60718), eni-0aaaabbbbccccdddd (vpc_endpoint)',
      );
      expect(r.fix).toBe(
        `aws ec2 create-flow-logs --region us-east-1 --resource-type VPC --resource-ids ${VPC} --traffic-type ALL --max-aggregation-interval 60 --log-destination-type cloud-watch-logs --log-group-name '/vpc/flow/${VPC}' ` +
          `--deliver-logs-permission-arn arn:aws:iam::111122223333:role/<flow-logs-delivery-role> --log-format '${FLOW_FORMAT}'`,
      );
    });

    it('FAIL when flow logs go only to S3, or only record rejects, or cannot deliver', async () => {
      scenario.flowLogs = [
        { FlowLogId: 'fl-s3', ResourceId: VPC, LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::flow-bucket', TrafficType: 'ALL', DeliverLogsStatus: 'SUCCESS' },
        { FlowLogId: 'fl-rej', ResourceId: VPC, LogDestinationType: 'cloud-watch-logs', LogGroupName: '/vpc/flow/rej', TrafficType: 'REJECT', DeliverLogsStatus: 'SUCCESS' },
        { FlowLogId: 'fl-broken', ResourceId: VPC, LogDestinationType: 'cloud-watch-logs', LogGroupName: '/vpc/flow/x', TrafficType: 'ALL', DeliverLogsStatus: 'FAILED', DeliverLogsErrorMessage: 'Access error' },
      ];
      const r = row(await runDoctorOn(), 'vpc-flow.coverage');
      expect(r.status).toBe('FAIL');
      expect(r.evidence).toBe(
        `fl-s3 on ${VPC} → s3 arn:aws:s3:::flow-bucket (ALL traffic, delivery SUCCESS); fl-rej records only REJECTed traffic (egress is ACCEPTed traffic); fl-broken cannot deliver: Access error: egress from its hosts is invisible (the product reads flow logs from CloudWatch Logs); in use: eni-0f9e8d7c6b5a4f3e2 (instance i-0a1b2c3d4e5f60718), eni-0aaaabbbbccccdddd (vpc_endpoint)`,
      );
    });

    describe('a VPC nothing runs in', () => {
      const DEFAULT_VPC = 'vpc-0defa017defa017de';
      beforeEach(() => {
        scenario.vpcs.push({ VpcId: DEFAULT_VPC, CidrBlock: '172.31.0.0/16', IsDefault: true });
        scenario.subnets.push({ SubnetId: 'subnet-0def1', VpcId: DEFAULT_VPC });
      });

      it('WARNs, not FAILs, for an unused default VPC without a flow log, saying nothing runs there', async () => {
        const report = await runDoctorOn();
        const r = rows(report, 'vpc-flow.coverage').find((c) => c.subject === DEFAULT_VPC)!;

        expect(r.status).toBe('WARN');
        expect(r.evidence).toBe(
          'no flow log on the VPC or its subnets, but nothing runs in the default VPC: it has no network interface (no instance, node, Lambda or endpoint), so no egress is missed today; a host started there later would be invisible',
        );
        expect(r.fix).toMatch(new RegExp(`^if the default VPC stays unused, aws ec2 delete-vpc --region us-east-1 --vpc-id ${DEFAULT_VPC} \\(after deleting its subnets, internet gateway and security groups\\) or run doctor with --vpc <the VPCs your hosts use>; before hosts run there: aws ec2 create-flow-logs `));
        expect(report.summary.FAIL).toBe(0);
        expect(report.exitCode).toBe(1);
      });

      it('FAILs the same VPC once anything runs in it, naming what', async () => {
        scenario.networkInterfaces.push({ NetworkInterfaceId: 'eni-0def', VpcId: DEFAULT_VPC, InterfaceType: 'lambda', Description: 'AWS Lambda VPC ENI-report' });

        const r = rows(await runDoctorOn(), 'vpc-flow.coverage').find((c) => c.subject === DEFAULT_VPC)!;

        expect(r.status).toBe('FAIL');
        expect(r.evidence).toMatch(/; in use: eni-0def \(lambda\)$/);
      });

      it('WARNs for an unused VPC that is not the default one too, without offering to delete the default VPC', async () => {
        scenario.vpcs[1] = { VpcId: DEFAULT_VPC, CidrBlock: '172.31.0.0/16', Tags: [{ Key: 'Name', Value: 'staging' }] };

        const r = row(await runDoctorOn(), 'vpc-flow.coverage', `${DEFAULT_VPC} (staging)`);

        expect(r.status).toBe('WARN');
        expect(r.evidence).toContain('but nothing runs in the VPC: it has no network interface');
        expect(r.fix).toMatch(/^if the VPC stays unused, delete it or run doctor with --vpc/);
      });

      it('FAILs as before when it cannot tell whether the VPC is used, naming the missing permission', async () => {
        scenario.denied.add('ec2:DescribeNetworkInterfaces');

        const r = rows(await runDoctorOn(), 'vpc-flow.coverage').find((c) => c.subject === DEFAULT_VPC)!;

        expect(r.status).toBe('FAIL');
        expect(r.evidence).toMatch(/; whether anything runs in it is unknown: missing IAM permission ec2:DescribeNetworkInterfaces \(UnauthorizedOperation\)$/);
      });
    });

    it('WARN when only some subnets carry flow logs', async () => {
      flow().ResourceId = 'subnet-0aaa';
      const r = row(await runDoctorOn(), 'vpc-flow.coverage');
      expect(r.status).toBe('WARN');
      expect(r.evidence).toMatch(/^only subnets are covered \(fl-0123456789abcdef0 on subnet-0aaa → /);
    });

    it('reads VPCs, subnets and flow logs across pages and checks only --vpc when given', async () => {
      scenario.vpcs.push({ VpcId: 'vpc-0b', CidrBlock: '10.1.0.0/16' }, { VpcId: 'vpc-0c', CidrBlock: '10.2.0.0/16' });
      scenario.flowLogs.push(
        { FlowLogId: 'fl-b', ResourceId: 'vpc-0b', LogDestinationType: 'cloud-watch-logs', LogGroupName: '/vpc/flow/prod', LogFormat: FLOW_FORMAT, MaxAggregationInterval: 60, TrafficType: 'ALL', DeliverLogsStatus: 'SUCCESS' },
        { FlowLogId: 'fl-c', ResourceId: 'vpc-0c', LogDestinationType: 'cloud-watch-logs', LogGroupName: '/vpc/flow/prod', LogFormat: FLOW_FORMAT, MaxAggregationInterval: 60, TrafficType: 'ALL', DeliverLogsStatus: 'SUCCESS' },
      );
      const all = await runDoctorOn();
      expect(rows(all, 'vpc-flow.coverage').map((r) => `${r.status} ${r.subject}`)).toEqual([`PASS ${VPC} (prod)`, 'PASS vpc-0b', 'PASS vpc-0c']);
      // One log group shared by three flow logs is checked once.
      expect(rows(all, 'vpc-flow.retention')).toHaveLength(1);
      expect(mocks.ec2.commandCalls(DescribeVpcsCommand)).toHaveLength(2);
      expect(mocks.ec2.commandCalls(DescribeFlowLogsCommand)).toHaveLength(2);
      mocks.reset();
      const one = await runDoctorOn({ vpcIds: ['vpc-0c'] });
      expect(rows(one, 'vpc-flow.coverage').map((r) => r.subject)).toEqual(['vpc-0c']);
      expect(mocks.ec2.commandCalls(DescribeVpcsCommand)[0]!.args[0].input).toEqual({ VpcIds: ['vpc-0c'] });
    });
  });

  describe('format', () => {
    it('WARN for the default format, naming each missing field and what it buys', async () => {
      flow().LogFormat = DEFAULT_FLOW_FORMAT;
      const r = row(await runDoctorOn(), 'vpc-flow.format', FL);
      expect(r.status).toBe('WARN');
      expect(r.evidence).toBe(
        'format lacks instance-id (ties traffic to the EC2 host that built the image); pkt-srcaddr (the original source behind an ENI, such as a pod, not only the ENI address); pkt-dstaddr (the real destination through NAT and load balancers); tcp-flags (tells new connections from replies by the SYN flag); flow-direction (tells egress from ingress); pkt-dst-aws-service (trusts AWS service destinations such as S3 or ECR by name)',
      );
      expect(r.fix).toMatch(/^a flow log's format cannot be changed: aws ec2 create-flow-logs .* --log-format '\$\{version\} .*\$\{traffic-path\}', then aws ec2 delete-flow-logs --region us-east-1 --flow-log-ids fl-0123456789abcdef0, and set the new format in sources.flowLogs$/);
    });

    it('WARN names only the fields a v3 format lacks', async () => {
      flow().LogFormat = '${version} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${instance-id} ${tcp-flags} ${pkt-srcaddr} ${pkt-dstaddr}';
      expect(row(await runDoctorOn(), 'vpc-flow.format', FL).evidence).toBe('format lacks flow-direction (tells egress from ingress); pkt-dst-aws-service (trusts AWS service destinations such as S3 or ECR by name)');
    });
  });

  describe('aggregation interval', () => {
    it('PASS at 60 s, WARN at 600 s (the default)', async () => {
      expect(row(await runDoctorOn(), 'vpc-flow.aggregation', FL).status).toBe('PASS');
      flow().MaxAggregationInterval = 600;
      expect(row(await runDoctorOn(), 'vpc-flow.aggregation', FL)).toMatchObject({ status: 'WARN', evidence: 'records aggregated over 600 s: egress reaches the detector up to 10 min (+ ~5 min delivery) after it happened' });
    });
  });

  describe('config', () => {
    it('FAIL when the config reads the group with another format: columns would be misread', async () => {
      const config = parseConfig({ sources: { flowLogs: [{ logGroup: '/vpc/flow/*', format: DEFAULT_FLOW_FORMAT }] } });
      const r = row(await runDoctorOn({ config }), 'vpc-flow.config', FL);
      expect(r.status).toBe('FAIL');
      expect(r.evidence).toMatch(/^config entry "\/vpc\/flow\/\*" has a different format than the flow log \(version account-id interface-id .* traffic-path\): every column after the first difference would be misread$/);
      expect(r.fix).toBe(`set "format": ${JSON.stringify(FLOW_FORMAT)} on the sources.flowLogs entry for /vpc/flow/prod`);
    });

    it('FAIL when the config entry has no format and the flow log is custom (the default v2 would be assumed)', async () => {
      const config = parseConfig({ sources: { flowLogs: [{ logGroup: '/vpc/flow/prod' }] } });
      expect(row(await runDoctorOn({ config }), 'vpc-flow.config', FL).evidence).toContain('has no format (default v2 assumed)');
    });

    it('PASS for a default-format flow log and a config entry without format', async () => {
      flow().LogFormat = DEFAULT_FLOW_FORMAT;
      const config = parseConfig({ sources: { flowLogs: [{ logGroup: '/vpc/flow/prod' }] } });
      expect(row(await runDoctorOn({ config }), 'vpc-flow.config', FL).status).toBe('PASS');
    });

    it('WARN when no sources.flowLogs glob matches the group, with the entry to add', async () => {
      const r = row(await runDoctorOn({ config: parseConfig({}) }), 'vpc-flow.config', FL);
      expect(r.status).toBe('WARN');
      expect(r.fix).toBe(`add {"logGroup": "/vpc/flow/prod", "format": ${JSON.stringify(FLOW_FORMAT)}} to sources.flowLogs, then \`npx cdk deploy\``);
    });

    it('FAIL when a sources.flowLogs glob matches no log group', async () => {
      const config = parseConfig({ ...SAMPLE_CONFIG, sources: { ...SAMPLE_CONFIG.sources, flowLogs: [...SAMPLE_CONFIG.sources.flowLogs, { logGroup: '/flowlogs/*' }] } });
      expect(row(await runDoctorOn({ config }), 'vpc-flow.config', '/flowlogs/*')).toMatchObject({ status: 'FAIL', evidence: 'config sources.flowLogs names "/flowlogs/*", which matches no log group in us-east-1' });
    });
  });

  describe('log group', () => {
    it('FAIL when the flow log delivers to a group that does not exist yet', async () => {
      scenario.logGroups = scenario.logGroups.filter((g) => g.name !== '/vpc/flow/prod');
      expect(row(await runDoctorOn(), 'vpc-flow.log-group', '/vpc/flow/prod').status).toBe('FAIL');
    });

    it('recency WARN when flow records stopped arriving', async () => {
      scenario.logGroups.find((g) => g.name === '/vpc/flow/prod')!.streams[0]!.lastIngestionTime = Date.parse('2026-11-01T03:00:00Z');
      scenario.logGroups.find((g) => g.name === '/vpc/flow/prod')!.streams[0]!.lastEventTimestamp = Date.parse('2026-11-01T02:59:00Z');
      const r = row(await runDoctorOn(), 'vpc-flow.recency', '/vpc/flow/prod');
      expect(r).toMatchObject({ status: 'WARN', evidence: 'newest event 1.0 d ago (2026-11-01T03:00:00Z, stream eni-0f9e8d7c6b5a4f3e2-all): silent for longer than 1 h — a blind spot while it lasts' });
      expect(r.fix).toBe('check flow log fl-0123456789abcdef0 is ACTIVE and its delivery role may write to /vpc/flow/prod (aws ec2 describe-flow-logs --region us-east-1 --flow-log-ids fl-0123456789abcdef0)');
    });
  });
});
