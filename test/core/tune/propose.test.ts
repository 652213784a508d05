/**
 * proposeConfig on two weeks of realistic activity: it proposes what recurs (the CI namespace, the
 * runners' CIDR, a shared role glob, a daily SaaS destination, the release window) and never the
 * one-off attack, which stays in `residual`.
 */
import { parseConfig } from '../../../lambdas/core/model/config';
import type { Finding } from '../../../lambdas/core/model/finding';
import type { Signal } from '../../../lambdas/core/model/signal';
import { BuildInventory } from '../../../lambdas/core/tune/inventory';
import { proposeConfig } from '../../../lambdas/core/tune/propose';
import type { Proposal } from '../../../lambdas/core/tune/proposal-types';
import { build, egress } from '../../support/chain-signals';
import { ATTACK_ANCHOR, ATTACK_DAY, KANIKO_SA, RUNNERS, SAAS, attackFinding, attackSignals, deploysOf, finding, iso, kanikoDay, runnerDay, saasDay } from './tune-fixtures';

const DAYS = 14;

function twoWeeks(opts: { kaniko?: (day: number) => Signal[]; extra?: Signal[]; findings?: Finding[] } = {}): BuildInventory {
  const inv = new BuildInventory();
  const signals: Signal[] = [];
  for (let day = 0; day < DAYS; day++) signals.push(...(opts.kaniko ?? kanikoDay)(day), ...runnerDay(day), ...saasDay(day));
  signals.push(...attackSignals(), ...deploysOf(DAYS), ...(opts.extra ?? []));
  signals.forEach((s) => inv.addSignal(s));
  const defaults = [
    attackFinding(),
    finding('f-kaniko', { anchor: { stage: 'build', signalId: 'b-k-2-0', time: iso(2, 9) }, namespace: 'ci' }),
    finding('f-runner', { anchor: { stage: 'build', signalId: 'b-r-3-1', time: iso(3, 11, 1) }, hosts: { instanceIds: [RUNNERS[1]!.instanceId], ips: [], nodeNames: [], hostnames: [], pods: [] } }),
  ];
  (opts.findings ?? defaults).forEach((f) => inv.addFinding(f));
  return inv;
}

/** As `an1261 tune --trust-destinations` proposes (destinations are left out by default: see the last case of this group). */
const propose = (inv: BuildInventory, raw: unknown = {}, options = {}): Proposal => proposeConfig(inv.snapshot(), { raw, config: parseConfig(raw) }, { trustDestinations: true, ...options });
const values = (p: Proposal, key: string) => p.entries.filter((e) => e.key === key).map((e) => e.value);
const entry = (p: Proposal, key: string, value: string) => p.entries.find((e) => e.key === key && e.value === value);

describe('proposeConfig: approvedBuilders', () => {
  const p = propose(twoWeeks());

  it('approves the daily CI namespace with one namespace entry', () => {
    expect(values(p, 'approvedBuilders.namespaces')).toEqual(['ci']);
    expect(entry(p, 'approvedBuilders.namespaces', 'ci')!.covers).toMatchObject({ events: 3 * DAYS, days: DAYS });
  });

  it('proposes the narrower service account instead when it alone covers the namespace', () => {
    const onlyKaniko = (day: number) => kanikoDay(day).map((s) => (s.kind === 'build' ? { ...s, actor: { k8sUser: KANIKO_SA } } : s));
    const q = propose(twoWeeks({ kaniko: onlyKaniko }));
    expect(values(q, 'approvedBuilders.kubernetesUsers')).toEqual([KANIKO_SA]);
    expect(values(q, 'approvedBuilders.namespaces')).toEqual([]);
  });

  it('merges the three CI runners into 10.0.200.0/26, naming the members it replaces', () => {
    expect(values(p, 'approvedBuilders.hosts')).toEqual(['10.0.200.0/26']);
    const runners = entry(p, 'approvedBuilders.hosts', '10.0.200.0/26')!;
    expect(runners.merged).toEqual(['10.0.200.17', '10.0.200.18', '10.0.200.41']);
    // Builds and the pushes of their instance role, joined through the instance's IP.
    expect(runners.covers.events).toBe(2 * 3 * DAYS);
    expect(runners.risks).toEqual([]);
  });

  it('leaves the one-off attack uncovered: its finding is residual, the CI findings are covered', () => {
    const all = p.entries.map((e) => String(e.value));
    expect(all.some((v) => /dev-admin|bmartin|payments|eks-node-role|i-0bb/.test(v))).toBe(false);
    expect(p.residual.map((f) => f.id)).toEqual(['f-attack']);
    expect(p.covered.sort()).toEqual(['f-kaniko', 'f-runner']);
  });

  it('globs two CI roles sharing "ci-build-" and lists both as merged', () => {
    const roleBuild = (day: number, role: string): Signal =>
      build({ id: `b-${role}-${day}`, time: iso(day, 15), rule: 'exec-build', method: 'exec-build', host: { pod: { namespace: `tmp-${role}-${day}`, name: 'x' } }, namespace: `tmp-${role}-${day}`, actor: { arn: `arn:aws:iam::111122223333:role/ci-build-${role}` } });
    const extra = Array.from({ length: DAYS }, (_, d) => [roleBuild(d, 'alpha'), roleBuild(d, 'beta')]).flat();
    const q = propose(twoWeeks({ extra }));
    const glob = entry(q, 'approvedBuilders.principals', 'arn:aws:iam::111122223333:role/ci-build-*');
    expect(glob?.merged).toEqual(['arn:aws:iam::111122223333:role/ci-build-alpha', 'arn:aws:iam::111122223333:role/ci-build-beta']);
    expect(glob?.risks).toEqual([]);
    expect(values(q, 'approvedBuilders.namespaces')).toEqual(['ci']);
  });

  it('flags a glob that also matches a one-off member as broad', () => {
    const roleBuild = (day: number, role: string): Signal =>
      build({ id: `b-${role}-${day}`, time: iso(day, 15), method: 'exec-build', host: { pod: { namespace: `t-${role}-${day}`, name: 'x' } }, namespace: `t-${role}-${day}`, actor: { arn: `arn:aws:iam::111122223333:role/ci-build-${role}` } });
    const extra = [...Array.from({ length: DAYS }, (_, d) => [roleBuild(d, 'alpha'), roleBuild(d, 'beta')]).flat(), roleBuild(ATTACK_DAY, 'evil')];
    const glob = entry(propose(twoWeeks({ extra })), 'approvedBuilders.principals', 'arn:aws:iam::111122223333:role/ci-build-*')!;
    expect(glob.merged).toContain('arn:aws:iam::111122223333:role/ci-build-evil');
    expect(glob.risks.map((r) => r.kind)).toContain('broad-glob');
  });

  it('proposes nothing already approved by the current config', () => {
    const q = propose(twoWeeks(), { approvedBuilders: { namespaces: ['ci'], hosts: ['10.0.200.0/24'] } });
    expect(q.entries.filter((e) => e.key.startsWith('approvedBuilders'))).toEqual([]);
    expect(q.residual.map((f) => f.id)).toEqual(['f-attack']);
  });

  it('proposes nothing for a member account whose overrides replace approvedBuilders, and says so', () => {
    const member = (day: number) => kanikoDay(day).map((x) => ({ ...x, account: '444455556666' }));
    const raw = { accounts: { members: [{ id: '444455556666', overrides: { approvedBuilders: { namespaces: ['build'] } } }] } };
    const q = propose(twoWeeks({ kaniko: member }), raw);
    expect(values(q, 'approvedBuilders.namespaces')).toEqual([]);
    expect(q.warnings).toContainEqual(expect.stringMatching(/^42 unapproved builds or pushes belong to member accounts/));
    expect(q.residual.map((f) => f.id).sort()).toEqual(['f-attack', 'f-kaniko']);
  });

  it('never proposes a value that would be read as a glob or that the schema refuses', () => {
    const odd = Array.from({ length: 5 }, (_, d) => [
      build({ id: `b-star-${d}`, time: iso(d, 16), host: undefined, actor: { k8sUser: 'ci-bot*' } }),
      build({ id: `b-name-${d}`, time: iso(d, 17), host: { hostname: 'build host 1' }, actor: undefined }),
    ]).flat();
    const q = propose(twoWeeks({ extra: odd }));
    expect(q.entries.map((e) => String(e.value))).not.toEqual(expect.arrayContaining(['ci-bot*']));
    expect(q.entries.map((e) => String(e.value))).not.toEqual(expect.arrayContaining(['build host 1']));
    expect(() => parseConfig(q.config)).not.toThrow();
  });

  it('proposes an identity seen on fewer days only when minDays allows it, marking a single occurrence', () => {
    const q = propose(twoWeeks(), {}, { minDays: 1 });
    const attacker = entry(q, 'approvedBuilders.principals', 'arn:aws:iam::111122223333:role/dev-admin');
    expect(attacker?.risks.map((r) => r.kind)).toEqual(['single-occurrence']);
    expect(q.residual).toEqual([]);
  });

  it('marks a namespace entry made from one build', () => {
    const lone = build({ id: 'b-lone', time: iso(4, 10), method: 'builder-pod', namespace: 'sandbox', host: { pod: { namespace: 'sandbox', name: 'k' } }, actor: undefined });
    const q = propose(twoWeeks({ extra: [lone] }), {}, { minDays: 1 });
    expect(entry(q, 'approvedBuilders.namespaces', 'sandbox')?.risks.map((r) => r.kind)).toEqual(['single-occurrence', 'namespace-from-one-build']);
  });
});

describe('proposeConfig: trusted destinations', () => {
  it('proposes a SaaS /24 reached daily on 443 from many pods, with a public-cidr risk', () => {
    const p = propose(twoWeeks());
    const saas = entry(p, 'trustedDestinations.cidrs', `${SAAS}0/24`);
    expect(saas?.covers.days).toBe(DAYS);
    expect(saas?.risks.map((r) => r.kind)).toEqual(['public-cidr']);
  });

  it('never proposes a public destination only the attack reached (nor its C2 port)', () => {
    const extra = [egress({ id: 'e-attack-2', time: iso(ATTACK_DAY, 13, 55), srcIp: '10.0.1.77', dstIp: '198.51.100.9', dstPort: 443, nonStandardPort: false })];
    const p = propose(twoWeeks({ extra }));
    expect(values(p, 'trustedDestinations.cidrs')).toEqual([`${SAAS}0/24`]);
  });

  it('never trusts what an unexplained build reached, however common, and says why', () => {
    const reachedSaas = attackFinding([{ srcIp: '10.0.1.77', dstIp: `${SAAS}20`, dstPort: 443, protocol: 6, bytes: 10, packets: 1, firstSeen: iso(ATTACK_DAY, 13, 52), lastSeen: iso(ATTACK_DAY, 13, 52), nonStandardPort: false }]);
    const p = propose(twoWeeks({ findings: [reachedSaas] }));
    expect(values(p, 'trustedDestinations.cidrs')).toEqual([]);
    expect(p.skipped).toEqual([expect.objectContaining({ key: 'trustedDestinations.cidrs', value: `${SAAS}0/24`, reason: expect.stringContaining('f-attack') })]);
  });

  it('leaves out AWS address space labelled AMAZON or EC2 (public compute) unless asked, then marks it', () => {
    const ecrApi = Array.from({ length: DAYS }, (_, d) => [0, 1, 2].map((n) => egress({ id: `e-ecr-${d}-${n}`, time: iso(d, 7), srcIp: `10.0.5.${n + 1}`, dstIp: '52.46.134.10', dstPort: 443, nonStandardPort: false, dstService: 'AMAZON' }))).flat();
    const p = propose(twoWeeks({ extra: ecrApi }));
    expect(values(p, 'trustedDestinations.cidrs')).not.toContain('52.46.134.0/24');
    expect(p.skipped).toContainEqual(expect.objectContaining({ value: '52.46.134.0/24', reason: expect.stringContaining('VPC endpoints') }));
    const q = propose(twoWeeks({ extra: ecrApi }), {}, { trustPublicCompute: true });
    expect(entry(q, 'trustedDestinations.cidrs', '52.46.134.0/24')?.risks.map((r) => r.kind)).toEqual(['public-cidr', 'public-compute-service']);
  });

  it('needs minSources distinct sources', () => {
    const inv = new BuildInventory();
    for (let d = 0; d < DAYS; d++) saasDay(d, 2).forEach((s) => inv.addSignal(s));
    expect(propose(inv).entries).toEqual([]);
  });

  it('proposes no destination unless asked (--trust-destinations): the recurring ones are listed as left out, with why', () => {
    const p = proposeConfig(twoWeeks().snapshot(), { raw: {}, config: parseConfig({}) });
    expect(p.entries.filter((e) => e.key === 'trustedDestinations.cidrs')).toEqual([]);
    expect(p.skipped).toContainEqual({ key: 'trustedDestinations.cidrs', value: `${SAAS}0/24`, reason: expect.stringContaining('not proposed: trusting public address space hides it from every build') });
    expect(parseConfig(p.config).trustedDestinations.cidrs).toEqual([]);
  });
});

describe('proposeConfig: registries, release windows, warnings', () => {
  const p = propose(twoWeeks());

  it('allows the registry of the repositories pushed to daily with one glob', () => {
    expect(p.entries.filter((e) => e.key === 'registryAllowList')).toEqual([
      expect.objectContaining({ value: '111122223333.dkr.ecr.us-east-1.amazonaws.com/*', merged: ['111122223333.dkr.ecr.us-east-1.amazonaws.com/orders-api', '111122223333.dkr.ecr.us-east-1.amazonaws.com/web-frontend'] }),
    ]);
  });

  it('reads the release window off the deploy histogram, without controller deploys', () => {
    const w = p.entries.find((e) => e.key === 'releaseWindows')!;
    expect(w.value).toEqual({ days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], start: '08:00', end: '18:00', timeZone: 'UTC' });
    expect(w.covers.detail).toBe('covers 101 of 101 deploys');
  });

  it('proposes no release window when the config has one', () => {
    const q = propose(twoWeeks(), { releaseWindows: [{ days: ['Mon'], start: '09:00', end: '10:00' }] });
    expect(q.entries.some((e) => e.key === 'releaseWindows')).toBe(false);
  });

  it('warns about trusted AWS services that cover public compute in the current config', () => {
    const q = propose(twoWeeks(), { trustedDestinations: { awsServices: ['S3', 'EC2'] } });
    expect(q.warnings).toEqual([expect.stringContaining('trustedDestinations.awsServices[1]')]);
  });

  it('writes a patched config that parseConfig accepts and that approves the CI builders', () => {
    const cfg = parseConfig(p.config);
    expect(cfg.approvedBuilders).toMatchObject({ namespaces: ['ci'], hosts: ['10.0.200.0/26'] });
    expect(cfg.trustedDestinations.cidrs).toEqual([`${SAAS}0/24`]);
    expect(ATTACK_ANCHOR).toBe(p.residual[0]!.anchor.signalId);
  });
});
