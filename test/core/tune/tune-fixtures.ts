/**
 * Two weeks of build activity as the normalizers emit it (after samples/two-weeks): kaniko pods in
 * namespace `ci` pushed by role ci-build-kaniko, dockerd builds on three CI runners pushed by
 * gitlab-runner-role, SaaS egress from many pods, Argo CD deploys in working hours, and one attack
 * on day 8 (a kaniko pod in `payments` by bmartin, C2 egress, a push by the node role).
 */
import type { Finding } from '../../../lambdas/core/model/finding';
import type { Signal } from '../../../lambdas/core/model/signal';
import { build, deploy, egress, push } from '../../support/chain-signals';

export const ACCOUNT = '111122223333';
export const REGISTRY = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;
export const START = Date.parse('2026-11-02T00:00:00.000Z'); // a Monday
export const iso = (day: number, hour: number, minute = 0): string => new Date(START + day * 86_400_000 + hour * 3_600_000 + minute * 60_000).toISOString();

export const KANIKO_SA = 'system:serviceaccount:ci:kaniko-builder';
export const TEKTON_SA = 'system:serviceaccount:tekton-pipelines:tekton-pipelines-controller';
export const RUNNERS = [
  { instanceId: 'i-0aa0000000000017', ip: '10.0.200.17' },
  { instanceId: 'i-0aa0000000000018', ip: '10.0.200.18' },
  { instanceId: 'i-0aa0000000000041', ip: '10.0.200.41' },
];
export const RUNNER_ROLE = `arn:aws:iam::${ACCOUNT}:role/gitlab-runner-role`;
export const KANIKO_ROLE = `arn:aws:iam::${ACCOUNT}:role/ci-build-kaniko`;
export const ATTACK_ROLE = `arn:aws:iam::${ACCOUNT}:role/dev-admin`;
export const NODE_ROLE = `arn:aws:iam::${ACCOUNT}:role/eks-node-role`;
export const ATTACK_NODE = { instanceId: 'i-0bb00000000000c9', ip: '10.0.1.23' };
export const ATTACK_DAY = 8;
export const C2 = '91.92.240.77';
export const SAAS = '203.0.113.';
export const ATTACK_ANCHOR = 'b-attack';

/** A daily kaniko build in `ci` (by the Tekton controller on even builds, kaniko-builder on odd) and its push. */
export function kanikoDay(day: number, builds = 3): Signal[] {
  return Array.from({ length: builds }, (_, n) => {
    const name = `kaniko-${day}-${n}`;
    const image = `${REGISTRY}/orders-api:${day}.${n}`;
    return [
      build({ id: `b-k-${day}-${n}`, rule: 'builder-pod', source: 'eks-audit', time: iso(day, 9 + n), method: 'builder-pod', tool: 'kaniko', namespace: 'ci', workload: name, image,
        host: { pod: { namespace: 'ci', name } }, actor: { k8sUser: n % 2 === 0 ? TEKTON_SA : KANIKO_SA }, command: undefined }),
      push({ id: `p-k-${day}-${n}`, time: iso(day, 9 + n, 5), actor: { arn: KANIKO_ROLE }, host: undefined, registry: REGISTRY, repository: 'orders-api', tag: `${day}.${n}`, image }),
    ];
  }).flat();
}

/** dockerd builds on each CI runner and their pushes by the runner's instance role. */
export function runnerDay(day: number): Signal[] {
  return RUNNERS.flatMap((r, n) => {
    const image = `${REGISTRY}/web-frontend:${day}.${n}`;
    return [
      build({ id: `b-r-${day}-${n}`, time: iso(day, 11, n), host: { instanceId: r.instanceId, hostname: `ip-${r.ip.replace(/\./g, '-')}.ec2.internal` }, image }),
      push({ id: `p-r-${day}-${n}`, time: iso(day, 11, n + 5), actor: { arn: RUNNER_ROLE, sessionName: r.instanceId }, host: { instanceId: r.instanceId }, registry: REGISTRY, repository: 'web-frontend', tag: `${day}.${n}`, image }),
      { kind: 'link', link: 'instance-ip', id: `l-${day}-${n}`, rule: 'flow-instance-ip', time: iso(day, 11), source: 'vpc-flow', ref: 'flow', instanceId: r.instanceId, ip: r.ip } as Signal,
    ];
  });
}

/** SaaS egress (a /24 on 443) from `sources` pod IPs. */
export function saasDay(day: number, sources = 6): Signal[] {
  return Array.from({ length: sources }, (_, n) =>
    egress({ id: `e-s-${day}-${n}`, time: iso(day, 12), srcIp: `10.0.4.${10 + n}`, dstIp: `${SAAS}${20 + (n % 3)}`, dstPort: 443, nonStandardPort: false, firstSeen: iso(day, 12), lastSeen: iso(day, 12, 1) }),
  );
}

export const ATTACK_IMAGE = `${REGISTRY}/payments-api:v2.14.1-hotfix`;

/** The attack: a kaniko pod in `payments` by bmartin, C2 egress, the node role's push, bmartin's deploy. */
export function attackSignals(): Signal[] {
  return [
    build({ id: ATTACK_ANCHOR, rule: 'builder-pod', source: 'eks-audit', time: iso(ATTACK_DAY, 13, 51), method: 'builder-pod', tool: 'kaniko', namespace: 'payments', image: ATTACK_IMAGE,
      host: { pod: { namespace: 'payments', name: 'kaniko-debug-7f' } }, actor: { arn: ATTACK_ROLE, k8sUser: 'bmartin' }, command: undefined }),
    egress({ id: 'e-attack', time: iso(ATTACK_DAY, 13, 53), srcIp: '10.0.1.77', dstIp: C2, dstPort: 4444 }),
    push({ id: 'p-attack', time: iso(ATTACK_DAY, 14, 1), actor: { arn: NODE_ROLE, sessionName: ATTACK_NODE.instanceId }, host: { instanceId: ATTACK_NODE.instanceId }, registry: REGISTRY, repository: 'payments-api', image: ATTACK_IMAGE }),
    deploy({ id: 'd-attack', time: iso(ATTACK_DAY, 14, 7), actor: { k8sUser: 'bmartin', arn: ATTACK_ROLE }, images: [ATTACK_IMAGE], namespace: 'payments' }),
  ];
}

/** A finding as the correlator writes it (only what tuning reads is meaningful). */
export function finding(id: string, o: Partial<Finding> & Pick<Finding, 'anchor'>): Finding {
  return {
    id, version: 1, severity: 'LOW', baseSeverity: 'LOW', modifiers: [],
    severityEvidence: { stages: ['build'], pushedRepositories: [], activityTimes: [], newImageCount: 0 },
    title: `Image built on host (${id})`, description: '', stages: ['build'], images: [],
    hosts: { instanceIds: [], ips: [], nodeNames: [], hostnames: [], pods: [] }, actors: [], registries: [], egress: [],
    firstSeen: o.anchor.time, lastSeen: o.anchor.time, createdAt: o.anchor.time, updatedAt: o.anchor.time,
    timeline: [{ time: o.anchor.time, stage: o.anchor.stage, kind: o.anchor.stage, summary: '', source: 'eks-audit', rule: 'r', signalId: o.anchor.signalId, ref: '' }],
    allowlists: [], ...o,
  };
}

/** The attack's CRITICAL finding: build → egress (C2 and SaaS) → push → deploy. */
export function attackFinding(extraEgress: Finding['egress'] = []): Finding {
  const e = (dstIp: string, dstPort: number) => ({ srcIp: '10.0.1.77', dstIp, dstPort, protocol: 6, bytes: 1000, packets: 10, firstSeen: iso(ATTACK_DAY, 13, 53), lastSeen: iso(ATTACK_DAY, 13, 56), nonStandardPort: dstPort !== 443 });
  const f = finding('f-attack', {
    severity: 'CRITICAL', stages: ['build', 'egress', 'push', 'deploy'], anchor: { stage: 'build', signalId: ATTACK_ANCHOR, time: iso(ATTACK_DAY, 13, 51) },
    namespace: 'payments', actors: [ATTACK_ROLE, 'bmartin', NODE_ROLE], hosts: { instanceIds: [ATTACK_NODE.instanceId], ips: [], nodeNames: [], hostnames: [], pods: ['payments/kaniko-debug-7f'] },
    image: ATTACK_IMAGE, egress: [e(C2, 4444), ...extraEgress],
  });
  f.timeline.push({ time: iso(ATTACK_DAY, 14, 1), stage: 'push', kind: 'push', summary: '', source: 'cloudtrail', rule: 'r', signalId: 'p-attack', ref: '' });
  return f;
}

/** Business-hours deploys by Argo CD (Mon–Fri 08–17 UTC) and a few controller rollouts at night. */
export function deploysOf(days: number): Signal[] {
  const out: Signal[] = [];
  for (let day = 0; day < days; day++) {
    const weekday = (new Date(iso(day, 0)).getUTCDay() + 6) % 7;
    if (weekday < 5) for (let h = 8; h < 18; h++) out.push(deploy({ id: `d-${day}-${h}`, time: iso(day, h, 30), actor: { k8sUser: 'system:serviceaccount:argocd:argocd-application-controller' }, namespace: 'shop' }));
    out.push(deploy({ id: `d-c-${day}`, time: iso(day, 3), actor: { k8sUser: 'system:serviceaccount:kube-system:deployment-controller' }, namespace: 'shop' }));
  }
  return out;
}
