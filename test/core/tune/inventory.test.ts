/**
 * BuildInventory: every build and push by facet (principal, Kubernetes user, namespace, host, tool)
 * with days and examples, compact events, egress destinations by /24 and port, the deploy rhythm
 * without controllers, compact findings, all in bounded memory (overflow counted, never grown).
 */
import { BuildInventory } from '../../../lambdas/core/tune/inventory';
import { isControllerUser } from '../../../lambdas/core/tune/inventory-event';
import { ATTACK_NODE, KANIKO_ROLE, RUNNERS, SAAS, attackFinding, attackSignals, deploysOf, kanikoDay, runnerDay, saasDay } from './tune-fixtures';

function fiveDays(): BuildInventory {
  const inv = new BuildInventory();
  for (let d = 0; d < 5; d++) [...kanikoDay(d), ...runnerDay(d), ...saasDay(d)].forEach((s) => inv.addSignal(s));
  [...attackSignals(), ...deploysOf(7)].forEach((s) => inv.addSignal(s));
  inv.addFinding(attackFinding());
  return inv;
}

describe('BuildInventory', () => {
  const inv = fiveDays().snapshot();
  const facet = (kind: keyof typeof inv.facets, value: string) => inv.facets[kind].find((f) => f.value === value);

  it('counts builds, pushes and distinct UTC days of each facet value', () => {
    expect(facet('namespace', 'ci')).toMatchObject({ builds: 15, pushes: 0, days: ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'] });
    expect(facet('principal', KANIKO_ROLE)).toMatchObject({ builds: 0, pushes: 15, repositories: ['111122223333.dkr.ecr.us-east-1.amazonaws.com/orders-api'] });
    expect(facet('host', RUNNERS[0]!.instanceId)).toMatchObject({ builds: 5, pushes: 5, firstSeen: '2026-11-02T11:00:00.000Z', lastSeen: '2026-11-06T11:05:00.000Z' });
    expect(facet('tool', 'kaniko')).toMatchObject({ builds: 16 });
    expect(facet('host', RUNNERS[0]!.instanceId)!.images).toHaveLength(5);
  });

  it('keeps each event compact, saying whether a push names a host', () => {
    const kanikoPush = inv.events.find((e) => e.id === 'p-k-0-0')!;
    const runnerPush = inv.events.find((e) => e.id === 'p-r-0-0')!;
    expect(kanikoPush).toMatchObject({ kind: 'push', namesHost: false, principal: KANIKO_ROLE, day: '2026-11-02' });
    expect(runnerPush).toMatchObject({ namesHost: true, hostLabel: RUNNERS[0]!.instanceId });
    expect(inv.events.find((e) => e.id === 'b-k-0-0')).toMatchObject({ namespace: 'ci', host: { podNamespace: 'ci' }, tool: 'kaniko' });
  });

  it('learns instance IPs from instance-ip links', () => {
    expect(inv.instanceIps[RUNNERS[2]!.instanceId]).toEqual([RUNNERS[2]!.ip]);
  });

  it('aggregates egress by destination /24 and port, with days and distinct sources', () => {
    const saas = inv.destinations.find((d) => d.prefix === `${SAAS}0/24`)!;
    expect(saas).toMatchObject({ port: 443, days: ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'], records: 60 });
    expect(saas.sources).toHaveLength(6);
    expect(inv.destinations.find((d) => d.prefix === '91.92.240.0/24')).toMatchObject({ port: 4444, sources: ['10.0.1.77'] });
  });

  it('histograms deploys by weekday and UTC hour, leaving out Kubernetes controllers', () => {
    expect(inv.deploys.byController).toBe(7);
    expect(inv.deploys.total).toBe(51);
    expect(inv.deploys.histogram[0]![8]).toBe(1); // Monday 08:30
    expect(inv.deploys.histogram[5]!.every((n) => n === 0)).toBe(true); // Saturday
    expect(inv.deploys.byNamespace).toEqual({ shop: 50, payments: 1 });
    expect(isControllerUser('system:node:ip-10-0-1-23')).toBe(true);
    expect(isControllerUser('system:serviceaccount:argocd:argocd-application-controller')).toBe(false);
  });

  it('keeps findings compact with their anchors and egress, and the destinations their host reached', () => {
    expect(inv.findings).toEqual([expect.objectContaining({ id: 'f-attack', severity: 'CRITICAL', anchorIds: ['b-attack', 'p-attack'], hostLabel: ATTACK_NODE.instanceId, egress: [{ dstIp: '91.92.240.77', dstPort: 4444 }] })]);
    expect(facet('host', ATTACK_NODE.instanceId)!.destinations).toEqual(['91.92.240.77:4444']);
    expect(inv.findings[0]!.anchors).toEqual([
      { id: 'b-attack', kind: 'build', time: '2026-11-10T13:51:00.000Z', principal: 'arn:aws:iam::111122223333:role/dev-admin', kubernetesUser: 'bmartin', namespace: 'payments' },
      { id: 'p-attack', kind: 'push', time: '2026-11-10T14:01:00.000Z', principal: 'arn:aws:iam::111122223333:role/eks-node-role', hostLabel: ATTACK_NODE.instanceId },
    ]);
  });

  it('takes findings before their signals as well', () => {
    const b = new BuildInventory();
    b.addFinding(attackFinding());
    attackSignals().forEach((s) => b.addSignal(s));
    const snap = b.snapshot();
    expect(snap.facets.host.find((f) => f.value === ATTACK_NODE.instanceId)!.destinations).toEqual(['91.92.240.77:4444']);
    expect(snap.findings[0]!.anchors).toHaveLength(2);
  });

  it('counts a redelivered signal once', () => {
    const b = new BuildInventory();
    kanikoDay(0, 1).forEach((s) => { b.addSignal(s); b.addSignal(s); });
    expect(b.snapshot().facets.namespace[0]!.builds).toBe(1);
  });

  it('stays within its caps and counts the overflow', () => {
    const b = new BuildInventory({ events: 10, facetsPerKind: 3, destinations: 2, sources: 2 });
    for (let d = 0; d < 5; d++) [...kanikoDay(d), ...saasDay(d)].forEach((s) => b.addSignal(s));
    const snap = b.snapshot();
    expect(snap.events).toHaveLength(10);
    expect(snap.overflow.events).toBe(20);
    expect(snap.facets.tool.length).toBeLessThanOrEqual(3);
    expect(snap.destinations.every((d) => d.sources.length <= 2 && d.sourcesOverflow)).toBe(true);
  });
});
