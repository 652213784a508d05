/**
 * `an1261 doctor` on the command line: exit status 0 / 1 / 2 for all PASS / any WARN / any FAIL,
 * `--json`, option errors, and the sample output in docs/doctor.md (regenerated from these mocks).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DoctorReport } from '../../lambdas/cli/doctor/run-doctor';
import { type AccountMocks, type AccountScenario, NOW, healthyAccount, mockAccount } from './doctor-mocks';
import { runCli } from './run-cli';

const CONFIG = join(__dirname, '../../samples/config.json');
const DOC = join(__dirname, '../../docs/doctor.md');

/** The account before the product is deployed: no subscriptions or rules yet, some telemetry gaps. */
export function notYetDeployedAccount(): AccountScenario {
  const s = healthyAccount();
  for (const g of s.logGroups) g.filters = [];
  s.logGroups.find((g) => g.name === '/vpc/flow/prod')!.filters = [{ filterName: 'to-siem', destinationArn: 'arn:aws:firehose:us-east-1:111122223333:deliverystream/siem', filterPattern: '' }];
  s.logGroups.find((g) => g.name === '/ec2/docker')!.events = [{ logStreamName: 'i-0f1e2d3c4b5a69788', timestamp: NOW - 60_000, message: 'level=info msg="API listen on /run/docker.sock"' }];
  s.logGroups.find((g) => g.name === '/ec2/docker')!.retentionInDays = 14;
  s.flowLogs[0]!.MaxAggregationInterval = 600;
  s.clusters.push({ name: 'staging', logTypes: ['api'] });
  s.rules = s.rules.slice(0, 1);
  return s;
}

describe('an1261 doctor (CLI)', () => {
  let mocks: AccountMocks;
  let scenario: AccountScenario;
  beforeAll(() => {
    mocks = mockAccount(() => scenario);
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });
  afterAll(() => {
    mocks.restore();
    jest.restoreAllMocks();
  });
  beforeEach(() => {
    scenario = healthyAccount();
    mocks.reset();
  });

  it('exit 0 and a table when every check passes', async () => {
    const { code, stdout } = await runCli('doctor', '--region', 'us-east-1', '--config', CONFIG);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^an1261 doctor · account 111122223333 · us-east-1 · arn:aws:sts::111122223333:assumed-role\/auditor\/me · 2026-11-02T03:00:00Z$/m);
    expect(stdout).toMatch(/^STATUS {2}CHECK +SUBJECT +EVIDENCE$/m);
    expect(stdout).toMatch(/^PASS {4}eks\.audit-logging +prod-cluster +control-plane log types on: api, audit, authenticator$/m);
    expect(stdout).not.toContain('fix:');
    expect(stdout).toContain('25 checks: 25 PASS, 0 WARN, 0 FAIL (exit 0)');
  });

  it('exit 1 when the worst is a WARN, with the fix under the row', async () => {
    scenario.logGroups[0]!.retentionInDays = 7;
    const { code, stdout } = await runCli('doctor', '--region', 'us-east-1', '--config', CONFIG);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^WARN {4}eks-audit\.retention +\/aws\/eks\/prod-cluster\/cluster +events kept only 7 days: .*\n {8}fix: aws logs put-retention-policy --region us-east-1 --log-group-name '\/aws\/eks\/prod-cluster\/cluster' --retention-in-days 90$/m);
  });

  it('exit 2 on any FAIL; --json gives the whole report', async () => {
    scenario.hub = 'not-subscribed';
    const { code, stdout } = await runCli('doctor', '--region', 'us-east-1', '--config', CONFIG, '--json');
    expect(code).toBe(2);
    const report = JSON.parse(stdout) as DoctorReport;
    expect(report).toMatchObject({ account: '111122223333', region: 'us-east-1', exitCode: 2, summary: { PASS: 23, WARN: 0, FAIL: 1 } });
    expect(report.checks.find((c) => c.status === 'FAIL')).toMatchObject({ id: 'security-hub.enabled', subject: 'us-east-1' });
  });

  it('escapes control characters an account could smuggle into names', async () => {
    scenario.logGroups[0]!.filters = [{ filterName: 'evil\u001b[31m\nAN1261', destinationArn: 'arn:aws:lambda:us-east-1:1:function:x', filterPattern: '' }];
    const { stdout } = await runCli('doctor', '--region', 'us-east-1', '--config', CONFIG);
    expect(stdout).not.toContain('\u001b');
    // ESC is shown as the text \x1b (not dropped: what was smuggled stays visible), the newline as a space.
    expect(stdout).toContain('subscription evil\\x1b[31m AN1261 → arn:aws:lambda:us-east-1:1:function:x');
  });

  it('rejects a bad --stale-after with a message naming the option', async () => {
    const { code, stderr } = await runCli('doctor', '--region', 'us-east-1', '--stale-after', 'soon');
    expect(code).toBe(2);
    expect(stderr).toBe('an1261: --stale-after "soon": expected a duration such as 30m, 24h, 7d or 1d12h\n');
  });

  it('checks only the VPCs named with repeated --vpc', async () => {
    scenario.vpcs.push({ VpcId: 'vpc-0b', CidrBlock: '10.1.0.0/16' });
    const { stdout } = await runCli('doctor', '--region', 'us-east-1', '--config', CONFIG, '--vpc', 'vpc-0b', '--vpc', 'vpc-0123456789abcdef0', '--json');
    expect((JSON.parse(stdout) as DoctorReport).checks.filter((c) => c.id === 'vpc-flow.coverage').map((c) => c.subject)).toEqual(['vpc-0123456789abcdef0 (prod)', 'vpc-0b']);
  });

  it('docs/doctor.md shows the real output for an account where the product is not deployed yet', async () => {
    scenario = notYetDeployedAccount();
    const { code, stdout } = await runCli('doctor', '--region', 'us-east-1', '--config', CONFIG);
    expect(code).toBe(2);
    const doc = readFileSync(DOC, 'utf8');
    const block = /<!-- sample-output:start -->\n```text\n([\s\S]*?)```\n<!-- sample-output:end -->/.exec(doc);
    if (process.env.UPDATE_DOCTOR_SAMPLE === '1' && block) writeFileSync(DOC, doc.replace(block[1]!, stdout));
    expect(block?.[1]).toBe(stdout);
  });
});
