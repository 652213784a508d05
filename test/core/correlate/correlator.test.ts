/**
 * The correlation engine against the embedded DynamoDB (dynalite), through the same adapter that
 * runs on AWS: one finding per chain, whatever the order and the number of deliveries.
 */
import { Correlator } from '../../../lambdas/core/correlate/correlator';
import { parseConfig } from '../../../lambdas/core/model/config';
import { compileSettings } from '../../../lambdas/core/model/settings';
import type { LinkSignal, Signal } from '../../../lambdas/core/model/signal';
import { DIGEST, HOST_IP, IMAGE, INSTANCE, ROLE, T0, at, build, deploy, egress, push } from '../../support/chain-signals';
import { runBatches } from '../../support/correlate-run';
import { useEmbeddedStore } from '../../support/embedded-store';

const db = useEmbeddedStore();

/** Delivers batches one after the other on a replay clock; returns every finding version emitted. */
const run = async (batches: Signal[][], config: unknown = {}) => runBatches(await db.fresh(), batches, config, T0);

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

const CHAIN = { build: build(), egress: egress(), push: push(), deploy: deploy() };

describe('Correlator', () => {
  it('escalates one finding LOW → MEDIUM → HIGH → CRITICAL as the stages arrive', async () => {
    const { emitted, findings } = await run([[CHAIN.build], [CHAIN.egress], [CHAIN.push], [CHAIN.deploy]]);
    expect(emitted.map((f) => [f.severity, f.version, f.stages.join('+')])).toEqual([
      ['LOW', 1, 'build'],
      ['MEDIUM', 2, 'build+egress'],
      ['HIGH', 3, 'build+egress+push'],
      ['CRITICAL', 4, 'build+egress+push+deploy'],
    ]);
    expect(new Set(emitted.map((f) => f.id)).size).toBe(1);
    const updated = emitted.map((f) => Date.parse(f.updatedAt));
    updated.slice(1).forEach((u, i) => expect(u).toBeGreaterThan(updated[i]!));
    expect(emitted.every((f) => f.createdAt === emitted[0]!.createdAt)).toBe(true);

    const f = findings[0]!;
    expect(f).toMatchObject({
      severity: 'CRITICAL',
      image: IMAGE,
      hosts: { instanceIds: [INSTANCE], ips: [HOST_IP] },
      registries: ['111122223333.dkr.ecr.us-east-1.amazonaws.com'],
      namespace: 'prod',
      workload: 'payments-api',
      cluster: 'prod',
      firstSeen: at(0),
      lastSeen: at(420),
      egress: [{ dstIp: '198.51.100.23', dstPort: 4444, bytes: 48_213, nonStandardPort: true }],
    });
    expect(f.timeline.map((e) => [e.stage, e.ref])).toEqual([
      ['build', CHAIN.build.ref],
      ['egress', CHAIN.egress.ref],
      ['push', CHAIN.push.ref],
      ['deploy', CHAIN.deploy.ref],
    ]);
    expect(f.title).toBe('AN1261 image built on host i-0a1b2c3d4e5f60718 pushed and deployed, with untrusted egress (prod/payments-api)');
  });

  it('gives the same finding (id, severity) for all 24 orders of the four stages', async () => {
    const results = new Set<string>();
    for (const order of permutations(Object.values(CHAIN))) {
      const { findings } = await run(order.map((s) => [s]));
      expect(findings).toHaveLength(1);
      results.add(`${findings[0]!.id} ${findings[0]!.severity} ${findings[0]!.stages.join('+')}`);
    }
    expect([...results]).toHaveLength(1);
    expect([...results][0]).toMatch(/ CRITICAL build\+egress\+push\+deploy$/);
  });

  it('gives the same findings, with no extra version, when every batch is delivered three times', async () => {
    const once = await run([[CHAIN.build, CHAIN.egress], [CHAIN.push], [CHAIN.deploy]]);
    const thrice = await run([[CHAIN.build, CHAIN.egress], [CHAIN.build, CHAIN.egress], [CHAIN.push], [CHAIN.build, CHAIN.egress], [CHAIN.push], [CHAIN.deploy], [CHAIN.push], [CHAIN.deploy], [CHAIN.deploy]]);
    expect(thrice.findings.map((f) => [f.id, f.severity, f.version])).toEqual(once.findings.map((f) => [f.id, f.severity, f.version]));
    expect(thrice.emitted).toHaveLength(once.emitted.length);
    // Egress bytes are not doubled by redelivery.
    expect(thrice.findings[0]!.egress[0]!.bytes).toBe(48_213);
  });

  it('raises no finding for approved builders, and explains a match when one would have anchored', async () => {
    const approved = { approvedBuilders: { hosts: [INSTANCE] } };
    expect((await run([[CHAIN.build], [CHAIN.egress], [CHAIN.push], [CHAIN.deploy]], approved)).findings).toEqual([]);
    const byCidr = { approvedBuilders: { hosts: ['10.0.1.0/24'], principals: [ROLE] } };
    expect((await run([[CHAIN.build], [CHAIN.push]], byCidr)).findings).toEqual([]);
  });

  it('explains which allowlists were checked and why none matched', async () => {
    const config = { approvedBuilders: { hosts: ['10.0.200.0/24'], principals: ['arn:aws:iam::111122223333:role/ci-build-*'] }, registryAllowList: ['111122223333.dkr.ecr.us-east-1.amazonaws.com/platform/*'] };
    const { findings } = await run([[CHAIN.build], [CHAIN.push]], config);
    const checks = Object.fromEntries(findings[0]!.allowlists.map((c) => [c.list, c.explanation]));
    expect(checks).toEqual({
      'approvedBuilders.hosts': `host ${INSTANCE} matches none of the 1 entry`,
      'approvedBuilders.principals': `principal ${ROLE} matches none of the 1 entry`,
      registryAllowList: 'repository 111122223333.dkr.ecr.us-east-1.amazonaws.com/payments-api matches none of the 1 entry',
    });
    // Outside the registry allowlist: one step up from HIGH.
    expect(findings[0]!.severity).toBe('CRITICAL');
    expect(findings[0]!.modifiers.map((m) => m.reason)).toEqual(['pushed to 111122223333.dkr.ecr.us-east-1.amazonaws.com/payments-api, outside registryAllowList']);
  });

  it('does not join events outside their windows', async () => {
    const early = egress({ id: 'e-early', time: at(-1800), firstSeen: at(-1800), lastSeen: at(-1700), bucket: at(-1800) });
    const late = deploy({ id: 'd-late', time: at(180 + 3600) });
    const { findings } = await run([[CHAIN.build], [early], [CHAIN.push], [late]]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'HIGH', stages: ['build', 'push'] });
  });

  it('joins a deploy that names the image only by the pushed digest', async () => {
    const byDigest = deploy({ images: [`${'111122223333.dkr.ecr.us-east-1.amazonaws.com/payments-api'}@${DIGEST}`] });
    const { findings } = await run([[CHAIN.build], [CHAIN.push], [byDigest]]);
    expect(findings[0]!.stages).toEqual(['build', 'push', 'deploy']);
  });

  it('joins a deploy by digest that arrives after a host-less push (an ECR event): the push leads from the digest to the build of its tag', async () => {
    const ecrPush = push({ source: 'ecr-event', rule: 'ecr-push', host: undefined, actor: undefined });
    const byDigest = deploy({ images: [`111122223333.dkr.ecr.us-east-1.amazonaws.com/payments-api@${DIGEST}`] });
    for (const batches of [[[CHAIN.build], [ecrPush], [byDigest]], [[CHAIN.build, ecrPush], [byDigest]], [[CHAIN.build], [byDigest], [ecrPush]]]) {
      const { findings } = await run(batches);
      expect(findings.map((f) => f.stages)).toEqual([['build', 'push', 'deploy']]);
    }
  });

  it('applies an unexpired suppression (recorded, marked) and ignores an expired one, saying so', async () => {
    const suppression = (expires: string) => ({ suppressions: [{ match: { host: INSTANCE }, owner: 'platform-team', reason: 'golden-image host', expires }] });
    const active = (await run([[CHAIN.build]], suppression('2026-12-31'))).findings[0]!;
    expect(active.suppressedBy).toEqual({ owner: 'platform-team', reason: 'golden-image host', expires: '2026-12-31', match: { host: INSTANCE } });
    const expired = (await run([[CHAIN.build]], suppression('2026-11-01'))).findings[0]!;
    expect(expired.suppressedBy).toBeUndefined();
    expect(expired.allowlists.find((c) => c.list === 'suppressions[0]')?.explanation).toBe(
      'suppression by platform-team (golden-image host) matches but expired on 2026-11-01: it no longer applies',
    );
  });

  it('raises one step outside release windows and above newImageThreshold', async () => {
    const windows = { releaseWindows: [{ days: ['Mon'], start: '13:00', end: '17:00', timeZone: 'UTC' }] };
    // 2026-11-02 is a Monday; the build is at 10:00 UTC.
    expect((await run([[CHAIN.build]], windows)).findings[0]!.severity).toBe('MEDIUM');
    const inside = { releaseWindows: [{ days: ['Mon'], start: '09:00', end: '17:00', timeZone: 'UTC' }] };
    expect((await run([[CHAIN.build]], inside)).findings[0]!.severity).toBe('LOW');

    const pushes = [1, 2, 3].map((i) => push({ id: `p-${i}`, digest: `sha256:${String(i).repeat(64)}`, image: `${IMAGE}@sha256:${String(i).repeat(64)}`, time: at(100 + i) }));
    const threshold = (await run([[CHAIN.build], pushes], { newImageThreshold: 2 })).findings[0]!;
    expect(threshold.modifiers.map((m) => m.reason)).toEqual(['3 new images within 5 min exceed newImageThreshold 2']);
    expect(threshold.severity).toBe('CRITICAL');
  });

  it('sends a stored version again when the findings queue never accepted it, and only until it did', async () => {
    const correlator = new Correlator(await db.fresh(), compileSettings(parseConfig({})));
    const first = await correlator.process([CHAIN.build], T0);
    expect(first.updates.map((u) => [u.finding.version, u.previousSeverity])).toEqual([[1, undefined]]);
    // The queue failed: nothing marked sent. The redelivered batch emits the same version again.
    const again = await correlator.process([CHAIN.build], T0);
    expect(again.updates.map((u) => [u.finding.id, u.finding.version])).toEqual([[first.updates[0]!.finding.id, 1]]);
    await correlator.markSent(again.updates);
    expect((await correlator.process([CHAIN.build], T0)).updates).toEqual([]);
  });

  it('keeps the severity of the last version sent as the previous one when a version was never sent', async () => {
    const correlator = new Correlator(await db.fresh(), compileSettings(parseConfig({})));
    await correlator.markSent((await correlator.process([CHAIN.build], T0)).updates); // LOW, sent
    await correlator.process([CHAIN.egress], T0 + 120_000); // MEDIUM, queue failed
    const high = await correlator.process([CHAIN.push], T0 + 180_000); // HIGH
    expect(high.updates.map((u) => [u.finding.severity, u.previousSeverity])).toEqual([['HIGH', 'LOW']]);
  });

  it('caps the evidence timeline of a chain with thousands of egress records, keeping every stage', async () => {
    const many = Array.from({ length: 400 }, (_, i) =>
      egress({ id: `e-${i}`, ref: `flow#${i}`, dstIp: `198.51.${Math.floor(i / 250)}.${i % 250}`, time: at(10 + (i % 200)), firstSeen: at(10 + (i % 200)), lastSeen: at(20 + (i % 200)) }),
    );
    const { findings } = await run([[CHAIN.build], many, [CHAIN.push]]);
    expect(findings[0]!.timeline).toHaveLength(200);
    expect(new Set(findings[0]!.timeline.map((e) => e.stage))).toEqual(new Set(['build', 'egress', 'push']));
  });

  it('joins egress from a pod IP only while the builder pod held it (IPs are reused)', async () => {
    const POD_IP = '10.0.1.57';
    const podBuild = build({ id: 'b-pod', rule: 'builder-pod', source: 'eks-audit', cluster: 'prod', host: { pod: { namespace: 'payments', name: 'kaniko-7f9c' } }, method: 'builder-pod', tool: 'kaniko' });
    const link = (id: string, pod: string, sec: number): LinkSignal => ({
      kind: 'link', id, rule: 'pod-status', time: at(sec), source: 'eks-audit', ref: `audit:${id}`, cluster: 'prod', link: 'pod-ip', pod: { namespace: 'payments', name: pod }, podIp: POD_IP,
    });
    const fromPod = (id: string, sec: number) => egress({ id, ref: `flow#${id}`, srcIp: POD_IP, host: { ip: POD_IP }, time: at(sec), firstSeen: at(sec), lastSeen: at(sec + 30) });
    const { findings } = await run([[podBuild, link('l-a', 'kaniko-7f9c', 5)], [fromPod('e-while-held', 40)], [link('l-b', 'web-6d5f', 120)], [fromPod('e-after-reuse', 200)]]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.timeline.filter((e) => e.stage === 'egress').map((e) => e.signalId)).toEqual(['e-while-held']);
  });

  it('never builds state keys from an unusable time (year 9999, NaN): counted, and the other signals still correlate', async () => {
    const correlator = new Correlator(await db.fresh(), compileSettings(parseConfig({})));
    const hostile = [build({ id: 'b-9999', time: '9999-12-31T23:59:59.000Z' }), build({ id: 'b-nan', time: 'not a time' }), egress({ id: 'e-9999', lastSeen: '+275760-09-13T00:00:00.000Z' })];
    const { stats, findings } = await correlator.process([...hostile, CHAIN.build, CHAIN.egress], T0 + 120_000);
    expect(stats.tooLate).toBe(3);
    expect(findings.map((f) => [f.severity, f.stages])).toEqual([['MEDIUM', ['build', 'egress']]]);
  });

  it('drops signals older than the state retention, counting them', async () => {
    const correlator = new Correlator(await db.fresh(), compileSettings(parseConfig({})));
    const { stats, findings } = await correlator.process([build()], T0 + 24 * 3600_000);
    expect(findings).toEqual([]);
    expect(stats.tooLate).toBe(1);
  });
});
