/** `an1261 doctor`, host logs: the configured groups exist and carry dockerd debug API lines or auditd EXECVE records. */
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { parseConfig } from '../../lambdas/core/model/config';
import { type AccountMocks, type AccountScenario, NOW, SAMPLE_CONFIG, healthyAccount, mockAccount, row, rows, runDoctorOn } from './doctor-mocks';

const min = 60_000;

describe('an1261 doctor: host logs', () => {
  let mocks: AccountMocks;
  let scenario: AccountScenario;
  const docker = () => scenario.logGroups.find((g) => g.name === '/ec2/docker')!;
  beforeAll(() => (mocks = mockAccount(() => scenario)));
  afterAll(() => mocks.restore());
  beforeEach(() => {
    scenario = healthyAccount();
    mocks.reset();
  });

  it('WARN when the config names no host-log group', async () => {
    const config = parseConfig({ ...SAMPLE_CONFIG, sources: { ...SAMPLE_CONFIG.sources, hostLogs: [] } });
    expect(row(await runDoctorOn({ config }), 'host-logs.config')).toMatchObject({
      status: 'WARN',
      evidence: 'no host-log groups in sources.hostLogs: `docker build` on EC2 hosts outside Kubernetes is invisible',
    });
  });

  it('FAIL when a configured glob matches no log group', async () => {
    scenario.logGroups = scenario.logGroups.filter((g) => g.name !== '/ec2/docker');
    expect(row(await runDoctorOn(), 'host-logs.log-group', '/ec2/docker*')).toMatchObject({ status: 'FAIL', evidence: 'config sources.hostLogs names "/ec2/docker*", which matches no log group in us-east-1' });
  });

  it('resolves a glob across DescribeLogGroups pages and checks every matching group', async () => {
    for (const n of ['/ec2/docker-a', '/ec2/docker-b', '/ec2/docker-c', '/ec2/dockerfile-cache']) scenario.logGroups.push({ ...docker(), name: n });
    scenario.logGroups.push({ ...docker(), name: '/ec2/other' });
    const report = await runDoctorOn();
    expect(rows(report, 'host-logs.log-group').map((r) => r.subject)).toEqual(['/ec2/docker', '/ec2/docker-a', '/ec2/docker-b', '/ec2/docker-c', '/ec2/dockerfile-cache']);
    const calls = mocks.logs.commandCalls(DescribeLogGroupsCommand).filter((c) => c.args[0].input.logGroupNamePrefix === '/ec2/docker');
    expect(calls).toHaveLength(3); // 5 groups, 2 a page
  });

  describe('dockerd debug API lines', () => {
    it('PASS with an auditd EXECVE record when dockerd debug is off', async () => {
      docker().events = [{ logStreamName: 'i-0f1e2d3c4b5a69788', timestamp: NOW - 30 * min, message: 'type=EXECVE msg=audit(1793581920.118:4242): argc=4 a0="docker" a1="build" a2="-t" a3="x"' }];
      expect(row(await runDoctorOn(), 'host-logs.api-lines', '/ec2/docker').evidence).toBe('auditd EXECVE records present (30 min ago, stream i-0f1e2d3c4b5a69788)');
    });

    it('WARN, saying to turn dockerd debug on, when only info lines arrive', async () => {
      docker().events = [
        { logStreamName: 'i-0f1e2d3c4b5a69788', timestamp: NOW - 5 * min, message: 'time="2026-11-02T02:55:00Z" level=info msg="Loading containers: done."' },
        { logStreamName: 'i-0f1e2d3c4b5a69788', timestamp: NOW - 4 * min, message: 'time="2026-11-02T02:56:00Z" level=info msg="Calling home is disabled"' },
      ];
      const r = row(await runDoctorOn(), 'host-logs.api-lines', '/ec2/docker');
      expect(r.status).toBe('WARN');
      expect(r.evidence).toContain('dockerd debug logging looks off');
      expect(r.fix).toMatch(/^on each host add "debug": true to \/etc\/docker\/daemon.json and run `sudo kill -HUP \$\(pidof dockerd\)`/);
    });

    it('does not count lines older than 24 h', async () => {
      docker().events[0]!.timestamp = NOW - 25 * 3_600_000;
      expect(row(await runDoctorOn(), 'host-logs.api-lines', '/ec2/docker').status).toBe('WARN');
    });
  });
});
