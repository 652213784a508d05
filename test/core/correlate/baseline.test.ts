/**
 * The first-seen baseline of who builds where, through the correlator on the embedded DynamoDB
 * (dynalite): a build by a subject never seen building raises severity one step once the baseline
 * has learnt; the same subject on later days does not; days seen expire after `retentionDays`.
 */
import { builderSubject } from '../../../lambdas/core/correlate/builder-baseline';
import type { Finding } from '../../../lambdas/core/model/finding';
import type { BuildSignal } from '../../../lambdas/core/model/signal';
import { REGISTRY, T0, build } from '../../support/chain-signals';
import { runBatches } from '../../support/correlate-run';
import { useEmbeddedStore } from '../../support/embedded-store';

const db = useEmbeddedStore();
const DAY = 86_400_000;
const CI = 'system:serviceaccount:ci:kaniko-builder';

/** A kaniko pod build by `user` in `namespace` of cluster prod on day `day` (10:00 UTC + minutes). */
function podBuild(user: string, namespace: string, day: number, minutes = 0): BuildSignal {
  const time = new Date(T0 + day * DAY + minutes * 60_000).toISOString();
  const id = `b-${user}-${namespace}-${day}-${minutes}`;
  return build({
    id, time, rule: 'builder-pod', source: 'eks-audit', method: 'builder-pod', tool: 'kaniko', cluster: 'prod', namespace,
    actor: { k8sUser: user }, host: { pod: { namespace, name: `${id}-pod` }, nodeName: 'ip-10-0-1-23.ec2.internal' },
    image: `${REGISTRY}/app-${day}-${minutes}-${namespace}:1.0.${day}`, command: undefined,
  });
}

/** One batch per build, in time order; the last version of each chain's finding, by its build. */
async function findingsOf(builds: BuildSignal[], config: unknown = {}): Promise<Map<string, Finding>> {
  const { findings } = await runBatches(await db.fresh(), builds.map((b) => [b]), config, T0);
  const byBuild = new Map<string, Finding>();
  for (const f of findings) byBuild.set(f.anchor.signalId, f);
  return byBuild;
}

const daily = (user: string, namespace: string, days: number[]) => days.map((d) => podBuild(user, namespace, d));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const modifierKinds = (f: Finding | undefined) => f?.modifiers.map((m) => m.kind);

describe('The first-seen baseline of builders', () => {
  it('names a build by who built it and where: user @ cluster/namespace in pods, the host otherwise', () => {
    expect(builderSubject(podBuild(CI, 'ci', 0))).toBe(`${CI} @ prod/ci`);
    expect(builderSubject(build())).toBe('- @ host:i-0a1b2c3d4e5f60718');
    expect(builderSubject(build({ actor: { arn: 'arn:aws:iam::111122223333:role/dev' }, scope: '444455556666' }))).toBe('444455556666:arn:aws:iam::111122223333:role/dev @ host:i-0a1b2c3d4e5f60718');
    expect(builderSubject(podBuild('x'.repeat(2000), 'ci', 0)).length).toBeLessThanOrEqual(300);
  });

  it('raises the first build of a new subject one step, once it has learnt for learningDays (default 7)', async () => {
    const attack = podBuild('bmartin', 'payments', 9, 30);
    const f = await findingsOf([...daily(CI, 'ci', range(0, 9)), attack]);
    const first = f.get(attack.id)!;
    expect(first.severity).toBe('MEDIUM');
    expect(first.baseSeverity).toBe('LOW');
    expect(first.modifiers).toEqual([{ kind: 'new-builder', reason: 'first build by bmartin @ prod/payments in 30 days', steps: 1 }]);
    expect(first.severityEvidence).toMatchObject({ builders: [{ subject: 'bmartin @ prod/payments', priorDays: 0 }], baselineDays: 9 });
  });

  it('does not raise the same subject on later days, and says it is recurring', async () => {
    const f = await findingsOf(daily(CI, 'ci', range(0, 9)));
    const day9 = f.get(podBuild(CI, 'ci', 9).id)!;
    expect(day9.severity).toBe('LOW');
    expect(day9.modifiers).toEqual([]);
    expect(day9.severityEvidence.builders).toEqual([{ subject: `${CI} @ prod/ci`, priorDays: 9, firstSeen: '2026-11-02' }]);
    expect(day9.description).toContain(`Recurring builder: ${CI} @ prod/ci built on 9 earlier days since 2026-11-02.`);
  });

  it('counts earlier days only: several builds of one day do not make a subject recurring that day', async () => {
    const f = await findingsOf([...daily(CI, 'ci', range(0, 8)), podBuild('dev', 'tools', 8, 10), podBuild('dev', 'tools', 8, 50)]);
    expect(modifierKinds(f.get(podBuild('dev', 'tools', 8, 50).id))).toEqual(['new-builder']);
  });

  it('judges nothing while it is learning: no step, nothing said, the evidence kept', async () => {
    const early = podBuild('bmartin', 'payments', 3, 30);
    const f = await findingsOf([...daily(CI, 'ci', range(0, 3)), early]);
    expect(f.get(early.id)!.modifiers).toEqual([]);
    expect(f.get(early.id)!.severityEvidence).toMatchObject({ builders: [{ subject: 'bmartin @ prod/payments', priorDays: 0 }], baselineDays: 3 });
    expect(f.get(early.id)!.description).not.toMatch(/baseline|Recurring/);
    const now = await findingsOf([...daily(CI, 'ci', range(0, 3)), early], { baseline: { learningDays: 0 } });
    expect(modifierKinds(now.get(early.id))).toEqual(['new-builder']);
  });

  it('wants baseline.minDays earlier days before a subject is recurring', async () => {
    const builds = [...daily(CI, 'ci', range(0, 7)), ...daily('dev', 'tools', [5, 6, 7])].sort((a, b) => a.time.localeCompare(b.time));
    const f = await findingsOf(builds, { baseline: { minDays: 3, learningDays: 5 } });
    expect(f.get(podBuild('dev', 'tools', 6).id)!.modifiers[0]?.reason).toBe('dev @ prod/tools seen building on 1 earlier day, fewer than baseline.minDays 3');
    expect(modifierKinds(f.get(podBuild('dev', 'tools', 7).id))).toEqual(['new-builder']);
    expect(modifierKinds(f.get(podBuild(CI, 'ci', 7).id))).toEqual([]);
  });

  it('forgets days older than retentionDays: a subject back after a long absence is new again', async () => {
    const config = { baseline: { learningDays: 3, retentionDays: 10 } };
    const keeper = daily(CI, 'ci', range(0, 20));
    const before = daily('dev', 'tools', [0, 1, 2]);
    const inTime = (x: BuildSignal) => [...keeper, ...before, x].sort((a, b) => a.time.localeCompare(b.time));
    // A day is remembered retentionDays after it ends: on day 12, only day 2 is left …
    const soon = podBuild('dev', 'tools', 12, 30);
    const f = await findingsOf(inTime(soon), config);
    expect(f.get(soon.id)!.severityEvidence.builders).toEqual([{ subject: 'dev @ prod/tools', priorDays: 1, firstSeen: '2026-11-04' }]);
    expect(modifierKinds(f.get(soon.id))).toEqual([]);
    // … on day 13, none.
    const late = podBuild('dev', 'tools', 13, 30);
    const g = await findingsOf(inTime(late), config);
    expect(g.get(late.id)!.severityEvidence).toMatchObject({ builders: [{ subject: 'dev @ prod/tools', priorDays: 0 }], baselineDays: 10 });
    expect(modifierKinds(g.get(late.id))).toEqual(['new-builder']);
  });
});
