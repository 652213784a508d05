/** `an1261 doctor`, EKS: audit control-plane logging, its log group's retention, subscription and recency. */
import { DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListClustersCommand } from '@aws-sdk/client-eks';
import { parseConfig } from '../../lambdas/core/model/config';
import { type AccountMocks, type AccountScenario, NOW, SAMPLE_CONFIG, healthyAccount, mockAccount, row, rows, runDoctorOn } from './doctor-mocks';

const GROUP = '/aws/eks/prod-cluster/cluster';
const min = 60_000;

describe('an1261 doctor: EKS audit logs', () => {
  let mocks: AccountMocks;
  let scenario: AccountScenario;
  const eksGroup = () => scenario.logGroups.find((g) => g.name === GROUP)!;
  beforeAll(() => (mocks = mockAccount(() => scenario)));
  afterAll(() => mocks.restore());
  beforeEach(() => {
    scenario = healthyAccount();
    mocks.reset();
  });

  describe('audit logging', () => {
    it('PASS when audit is among the enabled control-plane log types', async () => {
      expect(row(await runDoctorOn(), 'eks.audit-logging', 'prod-cluster')).toEqual({ id: 'eks.audit-logging', subject: 'prod-cluster', status: 'PASS', evidence: 'control-plane log types on: api, audit, authenticator' });
    });

    it('FAIL with the exact update-cluster-config command when audit is off', async () => {
      scenario.clusters[0]!.logTypes = ['api'];
      const r = row(await runDoctorOn(), 'eks.audit-logging', 'prod-cluster');
      expect(r.status).toBe('FAIL');
      expect(r.evidence).toBe('audit logging is off (control-plane log types on: api): builder pods, exec and deploys are invisible');
      expect(r.fix).toBe(`aws eks update-cluster-config --region us-east-1 --name prod-cluster --logging '{"clusterLogging":[{"types":["audit"],"enabled":true}]}'`);
    });

    it('FAIL when a configured cluster does not exist in the region', async () => {
      scenario.clusters = [];
      const report = await runDoctorOn();
      expect(row(report, 'eks.cluster', 'prod-cluster')).toMatchObject({ status: 'FAIL', evidence: 'cluster prod-cluster (from config) does not exist in us-east-1' });
      expect(report.exitCode).toBe(2);
    });

    it('WARN for a cluster of the region that the config does not name, and still checks it', async () => {
      scenario.clusters.push({ name: 'staging', logTypes: ['audit'] });
      const report = await runDoctorOn();
      expect(row(report, 'eks.config', 'staging')).toMatchObject({ status: 'WARN', fix: 'add "staging" to sources.eksClusters in the config, then `npx cdk deploy`' });
      expect(row(report, 'eks.audit-logging', 'staging').status).toBe('PASS');
      expect(row(report, 'eks-audit.log-group', '/aws/eks/staging/cluster').status).toBe('FAIL');
    });

    it('with an empty config checks every cluster of the region, read across ListClusters pages', async () => {
      scenario.clusters = ['a', 'b', 'c'].map((name) => ({ name, logTypes: ['audit'] }));
      const report = await runDoctorOn({ config: parseConfig({}) });
      expect(rows(report, 'eks.config').map((r) => r.subject)).toEqual(['a', 'b', 'c']);
      // The SDK paginator reuses one input object, so only the count and the last token can be asserted.
      const calls = mocks.eks.commandCalls(ListClustersCommand);
      expect(calls).toHaveLength(2);
      expect(calls[1]!.args[0].input.nextToken).toBe('2');
    });

    it('WARN when the region has no cluster and the config names none', async () => {
      scenario.clusters = [];
      const r = row(await runDoctorOn({ config: parseConfig({}) }), 'eks.clusters');
      expect(r).toMatchObject({ status: 'WARN', subject: 'us-east-1' });
    });
  });

  describe('log group', () => {
    it('FAIL when /aws/eks/<cluster>/cluster does not exist', async () => {
      scenario.logGroups = scenario.logGroups.filter((g) => g.name !== GROUP);
      const report = await runDoctorOn();
      expect(row(report, 'eks-audit.log-group', GROUP)).toMatchObject({ status: 'FAIL', evidence: `log group ${GROUP} does not exist (EKS creates it with the first delivery, within minutes of enabling logging)` });
      expect(rows(report, 'eks-audit.retention')).toEqual([]);
    });

    it('retention: PASS at 30 days or more, PASS when events never expire, WARN below 30 days with put-retention-policy', async () => {
      expect(row(await runDoctorOn(), 'eks-audit.retention', GROUP)).toMatchObject({ status: 'PASS', evidence: 'events kept 90 days' });
      delete eksGroup().retentionInDays;
      expect(row(await runDoctorOn(), 'eks-audit.retention', GROUP)).toMatchObject({ status: 'PASS', evidence: 'events never expire' });
      eksGroup().retentionInDays = 7;
      expect(row(await runDoctorOn(), 'eks-audit.retention', GROUP)).toEqual({
        id: 'eks-audit.retention',
        subject: GROUP,
        status: 'WARN',
        evidence: 'events kept only 7 days: investigations and `replay --from-cloudwatch` cannot look back further',
        fix: `aws logs put-retention-policy --region us-east-1 --log-group-name '${GROUP}' --retention-in-days 90`,
      });
    });

    it('subscription: WARN when no filter is the product’s, naming the filters there', async () => {
      eksGroup().filters = [{ filterName: 'to-splunk', destinationArn: 'arn:aws:firehose:us-east-1:111122223333:deliverystream/splunk', filterPattern: '' }];
      const r = row(await runDoctorOn(), 'eks-audit.subscription', GROUP);
      expect(r.status).toBe('WARN');
      expect(r.evidence).toBe('no subscription filter whose name or destination contains "an1261": the product is not reading this group yet (other filters: to-splunk → arn:aws:firehose:us-east-1:111122223333:deliverystream/splunk)');
      expect(r.fix).toBe('keep "prod-cluster" in sources.eksClusters and run `npx cdk deploy`: the stack subscribes the detector to /aws/eks/prod-cluster/cluster');
    });

    it('subscription: FAIL when two foreign filters leave no slot (CloudWatch Logs allows two)', async () => {
      eksGroup().filters = [
        { filterName: 'to-splunk', destinationArn: 'arn:aws:firehose:us-east-1:111122223333:deliverystream/splunk', filterPattern: '' },
        { filterName: 'to-siem', destinationArn: 'arn:aws:kinesis:us-east-1:111122223333:stream/siem', filterPattern: '{ $.verb = "create" }' },
      ];
      const r = row(await runDoctorOn(), 'eks-audit.subscription', GROUP);
      expect(r.status).toBe('FAIL');
      expect(r.evidence).toContain('CloudWatch Logs allows 2 per log group');
      expect(r.fix).toMatch(/^free a slot: aws logs delete-subscription-filter --region us-east-1 --log-group-name '\/aws\/eks\/prod-cluster\/cluster' --filter-name 'to-splunk'/);
    });

    it('subscription: the marker is configurable (stacks are named freely)', async () => {
      eksGroup().filters = [{ filterName: 'SecOpsStack-AuditSub', destinationArn: 'arn:aws:lambda:us-east-1:111122223333:function:SecOpsStack-Eks', filterPattern: '' }];
      expect(row(await runDoctorOn(), 'eks-audit.subscription', GROUP).status).toBe('WARN');
      expect(row(await runDoctorOn({ marker: 'secops' }), 'eks-audit.subscription', GROUP).status).toBe('PASS');
    });
  });

  describe('recency', () => {
    it('uses only kube-apiserver-audit-* streams even when another stream is newer', async () => {
      eksGroup().streams = [
        { logStreamName: 'authenticator-0a1b', lastEventTimestamp: NOW - min, lastIngestionTime: NOW - min },
        { logStreamName: 'kube-apiserver-audit-0c2d', lastEventTimestamp: NOW - 5 * 3_600_000, lastIngestionTime: NOW - 5 * 3_600_000 },
      ];
      const r = row(await runDoctorOn(), 'eks-audit.recency', GROUP);
      expect(r.status).toBe('WARN');
      expect(r.evidence).toBe('newest event 5.0 h ago (2026-11-01T22:00:00Z, stream kube-apiserver-audit-0c2d): silent for longer than 1 h — a blind spot while it lasts');
    });

    it('FAIL when no audit stream was ever written', async () => {
      eksGroup().streams = [{ logStreamName: 'authenticator-0a1b', lastEventTimestamp: NOW - min }];
      const r = row(await runDoctorOn(), 'eks-audit.recency', GROUP);
      expect(r).toMatchObject({ status: 'FAIL', evidence: 'no log stream starting with kube-apiserver-audit-: nothing was ever delivered — a blind spot' });
    });

    it('scans newest-first pages for the audit prefix (DescribeLogStreams cannot order and filter at once)', async () => {
      eksGroup().streams = [
        ...Array.from({ length: 60 }, (_, i) => ({ logStreamName: `authenticator-${i}`, lastEventTimestamp: NOW - i * 1000 })),
        { logStreamName: 'kube-apiserver-audit-0c2d', lastEventTimestamp: NOW - 10 * min },
      ];
      expect(row(await runDoctorOn(), 'eks-audit.recency', GROUP).status).toBe('PASS');
      expect(mocks.logs.commandCalls(DescribeLogStreamsCommand).filter((c) => c.args[0].input.logGroupName === GROUP).map((c) => c.args[0].input.nextToken)).toEqual([undefined, '50']);
    });

    it('the silence threshold follows --stale-after', async () => {
      expect(row(await runDoctorOn({ staleAfterMs: 60_000 }), 'eks-audit.recency', GROUP).status).toBe('WARN');
      expect(SAMPLE_CONFIG.sources.eksClusters).toEqual(['prod-cluster']);
    });
  });
});
