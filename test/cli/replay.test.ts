/**
 * `an1261 replay` on the bundled samples: the main job end to end — raw AWS logs through the
 * real normalizers, the DynamoDB adapter on the embedded dynalite, the correlator and ASFF.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateAsff } from '../../lambdas/core/publish/asff';
import type { Finding } from '../../lambdas/core/model/finding';
import { runCli } from './run-cli';

const SAMPLES = join(__dirname, '../../samples');
const LOGS = join(SAMPLES, 'logs');
const CONFIG = join(SAMPLES, 'config.json');
const files = ['eks-audit-prod-cluster.cwl.json', 'ecr-events.jsonl', 'ci-runner-dockerd.log', 'vpc-flow-111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261102T0200Z.log.gz'].map((f) => join(LOGS, f));

async function replayJson(...inputs: string[]): Promise<Finding[]> {
  const { code, stdout } = await runCli('replay', ...inputs, '--config', CONFIG, '--format', 'json');
  expect(code).toBe(0);
  return JSON.parse(stdout) as Finding[];
}

describe('an1261 replay (samples)', () => {
  it('finds the attack chain as one CRITICAL finding and stays silent on the approved CI build', async () => {
    const findings = await replayJson(LOGS);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'CRITICAL',
      stages: ['build', 'egress', 'push', 'deploy'],
      image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments-api:v2.3.1-hotfix',
      cluster: 'prod-cluster',
      namespace: 'prod',
      workload: 'payments-api',
      hosts: { instanceIds: ['i-0a1b2c3d4e5f60718'], ips: ['10.0.1.23', '10.0.1.57'], nodeNames: ['ip-10-0-1-23.ec2.internal'], pods: ['payments/kaniko-debug-7f9c'] },
      firstSeen: '2026-11-02T02:14:05.131Z',
      lastSeen: '2026-11-02T02:21:13.072Z',
    });
    expect(findings[0]!.egress.map((e) => `${e.dstIp}:${e.dstPort}`)).toEqual(['185.220.101.47:4444', '140.82.112.3:443']);
    expect(findings[0]!.modifiers.map((m) => m.reason)).toEqual(['activity outside every release window (2026-11-02T02:14:05.131Z)']);
  });

  it('gives the same finding whatever the order the files are replayed in', async () => {
    const forward = await replayJson(...files);
    const backward = await replayJson(...[...files].reverse());
    expect(backward.map((f) => [f.id, f.severity, f.stages])).toEqual(forward.map((f) => [f.id, f.severity, f.stages]));
  });

  it('prints a table with the finding and its evidence, and a summary on stderr', async () => {
    const { code, stdout, stderr } = await runCli('replay', LOGS, '--config', CONFIG);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^SEVERITY\s+TITLE\s+HOST\s+IMAGE\s+STAGES\s+FIRST SEEN\s+LAST SEEN$/m);
    expect(stdout).toMatch(/^CRITICAL\s+AN1261 image built on host i-0a1b2c3d4e5f60718 pushed and deployed/m);
    expect(stdout).toContain('checked approvedBuilders.namespaces: namespace payments matches none of the 1 entry');
    expect(stderr).toMatch(/^state: embedded DynamoDB \(dynalite\)/m);
    expect(stderr).toContain('findings: 1');
  });

  it('writes valid ASFF for Security Hub with --out', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'an1261-replay-')), 'findings.json');
    const { code } = await runCli('replay', LOGS, '--config', CONFIG, '--out', out, '--account', '111122223333', '--region', 'us-east-1');
    expect(code).toBe(0);
    const asff = JSON.parse(readFileSync(out, 'utf8'));
    expect(asff).toHaveLength(1);
    expect(validateAsff(asff[0])).toEqual([]);
    expect(asff[0]).toMatchObject({ AwsAccountId: '111122223333', SchemaVersion: '2018-10-08', ProductArn: 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default', Severity: { Label: 'CRITICAL' } });
  });

  it('finds nothing without the attack files', async () => {
    expect(await replayJson(files[2]!)).toEqual([]);
  });
});
