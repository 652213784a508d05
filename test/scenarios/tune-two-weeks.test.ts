/**
 * "Tune in a day", end to end, on a generated 14-day environment (samples/two-weeks, light
 * background): CI kaniko pods in namespace `ci` and three CI runners building and pushing every
 * day, Argo CD rolling out their images on a working-hours schedule, monitoring agents on every
 * node, and one attack on day 12 (a developer's kaniko pod in `payments`, C2 egress, push by the
 * node's role, deploy). Starting from the configuration a team writes on day one (sources and VPC
 * CIDRs, no allowlists), `an1261 tune` proposes entries that cover the recurring CI activity and
 * nothing of the attack; with the proposal applied (`--apply-to`), `an1261 replay` of the same
 * 14 days pages exactly once — for the attack — and tune's before/after table said so.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkApprovedBuilder, HostAllowlist } from '../../lambdas/core/correlate/allowlists';
import { parseConfig } from '../../lambdas/core/model/config';
import type { Finding } from '../../lambdas/core/model/finding';
import type { BuildSignal, PushSignal } from '../../lambdas/core/model/signal';
import { CidrSet } from '../../lambdas/core/util/cidr';
import { type Manifest, writeTwoWeekEnvironment } from '../../samples/two-weeks/generate';
import { runCli } from '../cli/run-cli';

const DAY_ONE = join(__dirname, '../../samples/two-weeks/config.day-one.json');

describe('an1261 tune on two weeks of a company’s logs, then replay with the proposal', () => {
  let dir: string;
  let manifest: Manifest;
  let tune: { code: number; stdout: string; stderr: string };
  let proposed: Record<string, unknown>;
  let replayed: Finding[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'an1261-tune-'));
    manifest = await writeTwoWeekEnvironment(join(dir, 'logs'), { layout: 'by-hour', days: 14, attackDay: 11, noise: 'light' });
    tune = await runCli('tune', join(dir, 'logs'), '--config', DAY_ONE, '--apply-to', join(dir, 'proposed.json'));
    proposed = JSON.parse(readFileSync(join(dir, 'proposed.json'), 'utf8')) as Record<string, unknown>;
    const r = await runCli('replay', join(dir, 'logs'), '--config', join(dir, 'proposed.json'), '--format', 'json', '--no-details');
    expect(r.code).toBe(0);
    replayed = JSON.parse(r.stdout) as Finding[];
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const attack = () => manifest.expectedFindings[0]!;
  /** The before/after table's row, as [before, after]. */
  const row = (label: string): [number, number] => {
    const m = new RegExp(`^${label.replace(/[()≥]/g, '.')}\\s+(\\d+)\\s+(\\d+)$`, 'm').exec(tune.stdout);
    if (!m) throw new Error(`no row ${label} in:\n${tune.stdout}`);
    return [Number(m[1]), Number(m[2])];
  };

  it('pages for every CI build before, and for the attack alone after — measured on the same signals', () => {
    expect(tune.code).toBe(0);
    const [before, after] = row('would page (≥ MEDIUM, not suppressed)');
    expect(before).toBeGreaterThanOrEqual(manifest.ciBuilds * 0.9);
    expect(after).toBe(1);
    expect(row('  CRITICAL')[1]).toBe(1);
    expect(tune.stdout).toMatch(/^still paging with the proposal \(1\):\n {2}CRITICAL .*payments\/payments-api/m);
    expect(tune.stderr).toMatch(/would page \d+ → 1\n/);
  });

  it('proposes builders that cover the runners and the CI namespace, with their evidence and no risk', () => {
    expect(tune.stdout).toMatch(/^approvedBuilders\.hosts\s+10\.0\.200\.0\/26\s+\d+ events on 1\d days [^⚠]*$/m);
    expect(tune.stdout).toMatch(/^approvedBuilders\.namespaces\s+ci\s+\d+ events on 1\d days [^⚠]*$/m);
    expect(tune.stdout).toContain('10.0.200.0/26 replaces 10.0.200.17, 10.0.200.18, 10.0.200.41');
    expect(proposed).toMatchObject({ approvedBuilders: { hosts: ['10.0.200.0/26'], namespaces: ['ci'] } });
  });

  it('proposes nothing that approves the attack, trusts where it went, or hides its push', () => {
    const config = parseConfig(proposed);
    const a = attack();
    const build: BuildSignal = { kind: 'build', id: 'attack', rule: 'builder-pod', time: a.buildAt, source: 'eks-audit', ref: 'x', method: 'builder-pod', cluster: a.cluster, namespace: a.namespace, actor: { arn: a.actor, k8sUser: 'arn:aws:sts::111122223333:assumed-role/dev-admin/bmartin' }, host: { instanceId: a.host, pod: { namespace: a.namespace, name: 'kaniko-debug' } } };
    const push: PushSignal = { kind: 'push', id: 'attack-push', rule: 'cloudtrail-put-image', time: a.pushAt, source: 'cloudtrail', ref: 'y', registry: '111122223333.dkr.ecr.us-east-1.amazonaws.com', repository: 'payments-api', actor: { arn: 'arn:aws:iam::111122223333:role/eks-node-role' }, host: { instanceId: a.host } };
    const hosts = new HostAllowlist(config.approvedBuilders.hosts);
    expect(checkApprovedBuilder(build, config, hosts).approved).toBe(false);
    expect(checkApprovedBuilder(push, config, hosts).approved).toBe(false);
    for (const ip of ['91.92.240.77', '140.82.112.4']) expect(new CidrSet(config.trustedDestinations.cidrs).contains(ip)).toBe(false);
    // The day-one config is not rewritten.
    expect(JSON.parse(readFileSync(DAY_ONE, 'utf8'))).not.toHaveProperty('approvedBuilders');
  });

  it('replays the 14 days with the proposal applied: exactly one page, the attack, CRITICAL', () => {
    const config = parseConfig(proposed);
    expect(config.minNotifySeverity).toBe('MEDIUM');
    const pages = replayed.filter((f) => !f.suppressedBy && ['CRITICAL', 'HIGH', 'MEDIUM'].includes(f.severity));
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ severity: 'CRITICAL', image: attack().image, namespace: attack().namespace, stages: attack().stages });
    expect(tune.stdout).toContain(`[${pages[0]!.id}]`);
  });
});
