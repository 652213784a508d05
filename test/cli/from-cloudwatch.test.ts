/**
 * `an1261 replay --from-cloudwatch`: the sample scenario served as FilterLogEvents pages goes through
 * the same decoder, router and pipeline as files, and finds the same CRITICAL chain; the period's ECR
 * pushes and EC2 launches come from the CloudTrail event history (LookupEvents).
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { join } from 'node:path';
import type { Finding } from '../../lambdas/core/model/finding';
import { type FilterInput, type LookedUp, type LookupInput, RUNNER, SAMPLE_GROUPS, type StoredEvent, describeGroups, filterPage, lookupPage, samplePutImages, sampleRunInstances } from './from-cloudwatch-pages';
import { runCli } from './run-cli';
import { serviceError } from './doctor-mocks';

const SAMPLES = join(__dirname, '../../samples');
const CONFIG = join(SAMPLES, 'config.json');
const DAY = ['--since', '2026-11-02T00:00:00Z', '--until', '2026-11-03T00:00:00Z'];

describe('an1261 replay --from-cloudwatch', () => {
  const logs = mockClient(CloudWatchLogsClient);
  const trail = mockClient(CloudTrailClient);
  const serve = () => {
    trail.on(LookupEventsCommand).callsFake((i: LookupInput) => (lookups.push({ ...i }), lookupPage(history, i)));
    logs.on(DescribeLogGroupsCommand).callsFake((i: { logGroupNamePrefix?: string }) => describeGroups(Object.keys(groups), i.logGroupNamePrefix));
    // Inputs are recorded by value: the SDK paginator reuses one input object across pages.
    logs.on(FilterLogEventsCommand).callsFake((i: FilterInput) => (seen.push({ ...i }), filterPage(groups, i)));
  };
  let seen: FilterInput[] = [];
  let lookups: LookupInput[] = [];
  let groups: Record<string, StoredEvent[]> = SAMPLE_GROUPS;
  let history: LookedUp[] = [];
  beforeAll(serve);
  afterAll(() => {
    logs.restore();
    trail.restore();
  });
  beforeEach(() => {
    seen = [];
    lookups = [];
    groups = SAMPLE_GROUPS;
    history = [...samplePutImages(), ...sampleRunInstances()];
    logs.reset();
    trail.reset();
    serve();
  });

  async function replayJson(...args: string[]): Promise<{ findings: Finding[]; stderr: string }> {
    const { code, stdout, stderr } = await runCli('replay', '--from-cloudwatch', '--region', 'us-east-1', '--config', CONFIG, '--format', 'json', ...args);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    return { findings: JSON.parse(stdout) as Finding[], stderr };
  }

  it('pulls the config’s sources and the ECR pushes of the CloudTrail event history, and finds the CRITICAL build → egress → push → deploy chain', async () => {
    const { findings, stderr } = await replayJson(...DAY);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'CRITICAL',
      stages: ['build', 'egress', 'push', 'deploy'],
      image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments-api:v2.3.1-hotfix',
      cluster: 'prod-cluster',
      namespace: 'prod',
      workload: 'payments-api',
      account: '111122223333',
    });
    expect(findings[0]!.egress.map((e) => `${e.dstIp}:${e.dstPort}`)).toEqual(['185.220.101.47:4444', '140.82.112.3:443']);
    expect(logs.commandCalls(DescribeLogGroupsCommand).map((c) => c.args[0].input.logGroupNamePrefix)).toEqual(['/aws/eks/prod-cluster/cluster', '/vpc/flow/', '/ec2/docker']);
    expect(stderr).toMatch(/^cloudwatch: \d+ events \(0\.0 MB\) in \d+ pages from 3 log groups, 2026-11-02T00:00:00Z → 2026-11-03T00:00:00Z: \/aws\/eks\/prod-cluster\/cluster, \/vpc\/flow\/prod, \/ec2\/docker$/m);
    expect(stderr).toContain('findings: 1');
    // PutImage pages, newest first, one event a page here: every page followed, within the period.
    expect(stderr).toContain(
      'cloudtrail: 2 ECR PutImage events from the event history (LookupEvents), 2026-11-02T00:00:00Z → 2026-11-03T00:00:00Z\n' +
        'cloudtrail: 1 EC2 RunInstances events from the event history (LookupEvents), 2026-11-02T00:00:00Z → 2026-11-03T00:00:00Z\n',
    );
    expect(lookups.map((i) => [i.LookupAttributes?.[0]?.AttributeValue, i.NextToken])).toEqual([
      ['PutImage', undefined],
      ['PutImage', '1'],
      ['RunInstances', undefined],
    ]);
    for (const [n, name] of [[0, 'PutImage'], [2, 'RunInstances']] as const) {
      expect(trail.commandCalls(LookupEventsCommand)[n]!.args[0].input).toMatchObject({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }],
        StartTime: new Date('2026-11-02T00:00:00Z'),
        EndTime: new Date(Date.parse('2026-11-03T00:00:00Z') - 1),
      });
    }
  });

  it('pulls the period’s EC2 launches: a CI runner named only by instance id is an approved builder from its first build', async () => {
    // dockerd lines shipped without their syslog prefix (no ip-10-0-200-17 host name): the runner is
    // named only by its log stream, the instance id, and no flow record of the period names its IP.
    const bare = SAMPLE_GROUPS['/ec2/docker']!.map((e) => ({ ...e, message: e.message.replace(/^\w{3} \d{2} [\d:]{8} \S+ \S+\[\d+\]: /, '') }));
    expect(bare.every((e) => e.logStreamName === RUNNER.instanceId && !e.message.includes('ip-10-0-200'))).toBe(true);
    groups = { ...SAMPLE_GROUPS, '/ec2/docker': bare };
    const withLaunch = await replayJson(...DAY);
    expect(withLaunch.stderr).toContain('cloudtrail: 1 EC2 RunInstances events from the event history (LookupEvents)');
    expect(withLaunch.findings.map((f) => f.workload)).toEqual(['payments-api']);
    // Without RunInstances in the history, the runner's build is judged before anything names its IP.
    history = samplePutImages();
    const without = await replayJson(...DAY);
    expect(without.stderr).toContain('cloudtrail: 0 EC2 RunInstances events from the event history (LookupEvents)');
    expect(without.findings.map((f) => [f.severity, f.stages, f.image, f.hosts.instanceIds, f.hosts.ips])).toEqual([
      ['CRITICAL', ['build', 'push'], '111122223333.dkr.ecr.us-east-1.amazonaws.com/billing-worker:3.8.0', [RUNNER.instanceId], []],
      ['CRITICAL', ['build', 'egress', 'push', 'deploy'], '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments-api:v2.3.1-hotfix', ['i-0a1b2c3d4e5f60718'], ['10.0.1.23', '10.0.1.57']],
    ]);
  });

  it('without cloudtrail:LookupEvents: the backtest runs, says the pushes and launches are missing, and exits 1 (incomplete)', async () => {
    trail.on(LookupEventsCommand).rejects(serviceError('AccessDeniedException', 'not authorized to perform: cloudtrail:LookupEvents', 400));
    const { code, stdout, stderr } = await runCli('replay', '--from-cloudwatch', '--region', 'us-east-1', '--config', CONFIG, '--format', 'json', ...DAY);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as Finding[]).map((f) => f.stages)).toEqual([['build', 'egress', 'deploy']]);
    expect(stderr).toContain('cloudtrail: cannot read ECR pushes from the event history: missing IAM permission cloudtrail:LookupEvents (AccessDeniedException); the backtest has no push stage');
    expect(stderr).toContain('cloudtrail: cannot read EC2 launches from the event history: missing IAM permission cloudtrail:LookupEvents (AccessDeniedException); launched instances’ private IPs come from their flow logs only');
    expect(stderr).toContain('unreadable input: cloudtrail:LookupEvents(PutImage): missing IAM permission cloudtrail:LookupEvents (AccessDeniedException)\n');
    expect(stderr).toContain('unreadable input: cloudtrail:LookupEvents(RunInstances): missing IAM permission cloudtrail:LookupEvents (AccessDeniedException)\n');
  });

  it('a RunInstances pull that fails after the PutImage pull keeps the pushes: only the launches are missing', async () => {
    trail.on(LookupEventsCommand).callsFake((i: LookupInput) => {
      if (i.LookupAttributes?.[0]?.AttributeValue === 'RunInstances') throw serviceError('ThrottlingException', 'Rate exceeded', 400);
      return lookupPage(history, i);
    });
    const { code, stdout, stderr } = await runCli('replay', '--from-cloudwatch', '--region', 'us-east-1', '--config', CONFIG, '--format', 'json', ...DAY);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as Finding[]).map((f) => f.stages)).toEqual([['build', 'egress', 'push', 'deploy']]);
    expect(stderr).toContain('cloudtrail: 2 ECR PutImage events from the event history');
    expect(stderr).toMatch(/^unreadable input: cloudtrail:LookupEvents\(RunInstances\): .*\(ThrottlingException\)$/m);
    expect(stderr).not.toContain('unreadable input: cloudtrail:LookupEvents(PutImage)');
  });

  it('asks for the period, the audit streams only, and follows nextToken through empty pages', async () => {
    await replayJson(...DAY);
    const eks = seen.filter((i) => i.logGroupName === '/aws/eks/prod-cluster/cluster');
    expect(eks[0]).toEqual({ logGroupName: '/aws/eks/prod-cluster/cluster', startTime: Date.parse('2026-11-02T00:00:00Z'), endTime: Date.parse('2026-11-03T00:00:00Z') - 1, logStreamNamePrefix: 'kube-apiserver-audit-' });
    const auditEvents = SAMPLE_GROUPS['/aws/eks/prod-cluster/cluster']!.filter((e) => e.logStreamName.startsWith('kube-apiserver-audit-')).length;
    // 4 events a page, plus the empty page the service returns after the first.
    expect(auditEvents).toBeGreaterThan(8);
    expect(eks.map((i) => i.nextToken)).toEqual([undefined, '4:0', '4:1', ...Array.from({ length: Math.ceil(auditEvents / 4) - 2 }, (_, n) => `${(n + 2) * 4}:0`)]);
    expect(seen.filter((i) => i.logGroupName === '/vpc/flow/prod')[0]).not.toHaveProperty('logStreamNamePrefix');
  });

  it('with repeated --log-group (globs allowed) pulls exactly those, and gives the same finding as replaying the files', async () => {
    const { findings } = await replayJson(...DAY, '--log-group', '/aws/eks/prod-cluster/cluster', '--log-group', '/vpc/flow/*', '--log-group', '/ec2/docker', '--log-group', '/aws/events/ecr');
    expect(trail.commandCalls(LookupEventsCommand)).toHaveLength(0);
    const files = await runCli('replay', join(SAMPLES, 'logs'), '--config', CONFIG, '--format', 'json');
    const fromFiles = JSON.parse(files.stdout) as Finding[];
    expect(findings.map((f) => [f.id, f.severity, f.stages, f.image, f.firstSeen, f.lastSeen, f.hosts])).toEqual(fromFiles.map((f) => [f.id, f.severity, f.stages, f.image, f.firstSeen, f.lastSeen, f.hosts]));
    expect(findings[0]!.stages).toEqual(['build', 'egress', 'push', 'deploy']);
  });

  it('--since 24h counts back from now', async () => {
    const now = Date.parse('2026-11-02T12:00:00Z');
    const spy = jest.spyOn(Date, 'now').mockReturnValue(now);
    try {
      const { findings } = await replayJson('--since', '24h');
      expect(findings.map((f) => f.severity)).toEqual(['CRITICAL']);
      expect(seen[0]).toMatchObject({ startTime: now - 86_400_000, endTime: now - 1 });
    } finally {
      spy.mockRestore();
    }
  });

  it('finds nothing outside the period', async () => {
    const { findings, stderr } = await replayJson('--since', '2026-10-01T00:00:00Z', '--until', '2026-10-02T00:00:00Z');
    expect(findings).toEqual([]);
    expect(stderr).toMatch(/^cloudwatch: 0 events/m);
  });

  it('AccessDenied on FilterLogEvents: exit 2 naming the permission', async () => {
    logs.on(FilterLogEventsCommand).rejects(serviceError('AccessDeniedException', 'not authorized to perform: logs:FilterLogEvents', 400));
    const { code, stderr } = await runCli('replay', '--from-cloudwatch', '--region', 'us-east-1', '--config', CONFIG, ...DAY);
    expect(code).toBe(2);
    expect(stderr).toContain('an1261: missing IAM permission logs:FilterLogEvents (AccessDeniedException)\n');
  });

  it.each([
    [['--log-group', '/nope'], 'an1261: --log-group /nope: no such log group in this region\n'],
    [['samples/logs'], "an1261: --from-cloudwatch reads the account's log groups; do not also name files (samples/logs)\n"],
    [['--since', 'yesterday'], 'an1261: --since "yesterday": expected a duration such as 30m, 24h, 7d or 1d12h\n'],
    [['--since', '2026-11-03T00:00:00Z', '--until', '2026-11-02T00:00:00Z'], 'an1261: --since (2026-11-03T00:00:00Z) must be before --until (2026-11-02T00:00:00Z)\n'],
  ])('usage error %j', async (args, message) => {
    const { code, stderr } = await runCli('replay', '--from-cloudwatch', '--region', 'us-east-1', '--config', CONFIG, ...args);
    expect({ code, stderr }).toEqual({ code: 2, stderr: message });
  });

  it.each([
    [[], 'an1261: replay: name files or directories to replay, or use --from-cloudwatch\n'],
    [['samples/logs', '--since', '24h'], 'an1261: --since and --until apply only with --from-cloudwatch\n'],
    [['samples/logs', '--log-group', '/a', '--log-group', '/b'], 'an1261: --log-group given 2 times: plain files come from one log group (repeat it only with --from-cloudwatch)\n'],
  ])('file mode usage error %j', async (args, message) => {
    const { code, stderr } = await runCli('replay', ...args);
    expect({ code, stderr }).toEqual({ code: 2, stderr: message });
  });
});
