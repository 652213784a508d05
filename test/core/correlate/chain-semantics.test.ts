/**
 * The chain rules that keep on-call calm on a real cluster (issue "Calm, consistent findings"):
 * severity from the whole chain, builds as intervals, entities that outlive chains, approval
 * through every identity of a host, tag joins that need the same actor or host, push-only chains,
 * and runtime-socket mounts as capabilities. Signals are what the normalizers emit.
 */
import type { BuildSignal, CapabilitySignal, InstanceLinkSignal, LinkSignal, PushSignal } from '../../../lambdas/core/model/signal';
import { IMAGE, INSTANCE, T0, at, build, deploy, egress, push } from '../../support/chain-signals';
import { holderAt } from '../../../lambdas/core/correlate/host-identities';
import { notifyDecision } from '../../../lambdas/core/publish/notify-policy';
import { runBatches } from '../../support/correlate-run';
import { useEmbeddedStore } from '../../support/embedded-store';

const db = useEmbeddedStore();
const run = async (batches: Parameters<typeof runBatches>[1], config: unknown = {}) => runBatches(await db.fresh(), batches, config, T0);

const POD = { namespace: 'payments', name: 'kaniko-debug-7f9c' };
const NODE = 'ip-10-0-1-57.ec2.internal';
const POD_IP = '10.0.1.201';
const kaniko = (o: Partial<BuildSignal> = {}): BuildSignal =>
  build({ id: 'b-kaniko', rule: 'builder-pod', source: 'eks-audit', cluster: 'prod', method: 'builder-pod', tool: 'kaniko', host: { pod: POD }, namespace: 'payments', workload: POD.name, actor: { k8sUser: 'alice', arn: 'arn:aws:iam::111122223333:role/dev-admin' }, ...o });
const podLink = (id: string, sec: number, o: Partial<LinkSignal>): LinkSignal => ({ kind: 'link', id, rule: 'pod-status', time: at(sec), source: 'eks-audit', ref: `audit:${id}`, cluster: 'prod', link: 'pod-ip', pod: POD, ...o }) as LinkSignal;
const ecrPush = (sec: number, o: Partial<PushSignal> = {}): PushSignal => {
  const p = push({ id: `p-ecr-${sec}`, rule: 'ecr-image-push', source: 'ecr-event', time: at(sec), ...o });
  delete p.actor;
  delete p.host;
  return p;
};
const podEgress = (id: string, sec: number) => egress({ id, ref: `flow#${id}`, srcIp: POD_IP, host: { ip: POD_IP, instanceId: INSTANCE }, time: at(sec), firstSeen: at(sec), lastSeen: at(sec + 20) });

describe('A chain seen by several evaluations', () => {
  it('is graded from its merged stages: build → egress → push 8 min later → deploy is CRITICAL', async () => {
    const { emitted, findings } = await run([[kaniko(), podLink('l-ip', 2, { podIp: POD_IP })], [podEgress('e-1', 30)], [ecrPush(8 * 60)], [deploy({ time: at(10 * 60) })]]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'CRITICAL', stages: ['build', 'egress', 'push', 'deploy'], severityEvidence: { stages: ['build', 'egress', 'push', 'deploy'] } });
    expect(emitted.map((f) => f.severity)).toEqual(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
    // The push (8 min) and the deploy (10 min) were seen by different evaluations: the merged finding says 2 minutes.
    expect(findings[0]!.pushToDeploySeconds).toBe(120);
    expect(emitted.slice(0, 3).map((f) => f.pushToDeploySeconds)).toEqual([undefined, undefined, undefined]);
  });
});

describe('Builds are intervals', () => {
  it('joins a push at the end of a long builder pod (pod end at 26 min, push at 25 min)', async () => {
    const end = podLink('l-end', 26 * 60, { link: 'pod-end', reason: 'Succeeded' });
    const { findings } = await run([[kaniko()], [end], [ecrPush(25 * 60)]]);
    expect(findings[0]!.stages).toEqual(['build', 'push']);
  });

  it('does not join a push long after the builder pod ended', async () => {
    const end = podLink('l-end', 2 * 60, { link: 'pod-end', reason: 'Succeeded' });
    const { findings } = await run([[kaniko(), end], [ecrPush(20 * 60)]]);
    expect(findings[0]!.stages).toEqual(['build']);
  });

  it('times an exec build from its request to its ResponseComplete, in any delivery order', async () => {
    const started = build({ id: 'b-exec', rule: 'exec-build', source: 'eks-audit', cluster: 'prod', method: 'exec-build', host: { pod: POD } });
    const longSession = { ...started, endTime: at(12 * 60) };
    const shortSession = { ...started, endTime: at(2 * 60) };
    for (const order of [[[started], [longSession]], [[longSession], [started]]]) {
      expect((await run([...order, [ecrPush(14 * 60)]])).findings.map((f) => f.stages)).toEqual([['build', 'push']]);
    }
    // A session that ended after two minutes does not own a push 18 minutes later, whichever copy came first.
    for (const order of [[[started], [shortSession]], [[shortSession], [started]]]) {
      expect((await run([...order, [ecrPush(20 * 60)]])).findings.map((f) => f.stages)).toEqual([['build']]);
    }
  });
});

describe('Entities outlive chains', () => {
  it('ties an exec build into a pod created three days earlier to its node and pod IP', async () => {
    const daysAgo = -3 * 86_400;
    const binding = podLink('l-node', daysAgo, { rule: 'pod-binding', link: 'pod-node', nodeName: NODE, pod: { namespace: 'tools', name: 'toolbox' } });
    const ip = podLink('l-ip', daysAgo + 5, { link: 'pod-ip', podIp: POD_IP, pod: { namespace: 'tools', name: 'toolbox' } });
    const exec = build({ id: 'b-exec', rule: 'exec-build', source: 'eks-audit', cluster: 'prod', method: 'exec-build', host: { pod: { namespace: 'tools', name: 'toolbox' } }, image: undefined });
    const { findings } = await run([[binding], [ip], [exec], [podEgress('e-pod', 60)]]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'MEDIUM', hosts: { nodeNames: [NODE], ips: ['10.0.1.201', '10.0.1.57'] } });
  });
});

describe("A node's own IP", () => {
  it("finds the builds of its pods when egress from the node's IP (SNAT) arrives last, among many pods", async () => {
    const bind = (name: string, sec: number) => podLink(`l-${name}`, sec, { rule: 'pod-binding', link: 'pod-node', nodeName: NODE, pod: { namespace: 'apps', name } });
    const others = Array.from({ length: 60 }, (_, i) => bind(`web-${i}`, -86_400 + i * 600));
    const exec = build({ id: 'b-exec', rule: 'exec-build', source: 'eks-audit', cluster: 'prod', method: 'exec-build', host: { pod: { namespace: 'apps', name: 'web-7' } } });
    const fromNode = egress({ id: 'e-node', srcIp: '10.0.1.57', host: { ip: '10.0.1.57' } });
    const { findings } = await run([others, [exec], [fromNode]]);
    expect(findings.map((f) => [f.severity, f.stages])).toEqual([['MEDIUM', ['build', 'egress']]]);
  });
});

describe('Approved builders match through every identity of a host', () => {
  const ciIp = '10.0.200.15';
  const instanceLink = (sec: number): LinkSignal => ({ kind: 'link', id: `l-inst-${sec}`, rule: 'instance-ip', time: at(sec), source: 'vpc-flow', ref: 'flow#1', link: 'instance-ip', instanceId: INSTANCE, ip: ciIp });
  const byInstanceOnly = build({ host: { instanceId: INSTANCE } });

  it('approves a CI host named only by instance id when flow logs saw it use an approved IP', async () => {
    const config = { approvedBuilders: { hosts: ['10.0.200.0/24'] } };
    expect((await run([[instanceLink(-600)], [byInstanceOnly], [push({ time: at(120) })], [deploy()]], config)).findings).toEqual([]);
  });

  it("approves a node named by instance id through the node IP its kubelet reports", async () => {
    const node = 'i-0123456789abcdef0.us-east-1.compute.internal';
    const status = podLink('l-status', -3600, { nodeName: node, podIp: '10.0.5.77', host: { pod: POD, nodeName: node, ip: '10.0.5.9' } });
    const dockerd = build({ host: { instanceId: 'i-0123456789abcdef0' } });
    expect((await run([[status], [dockerd]], { approvedBuilders: { hosts: ['10.0.5.0/30', '10.0.5.8/29'] } })).findings).toEqual([]);
    expect((await run([[status], [dockerd]], { approvedBuilders: { hosts: ['10.0.6.0/24'] } })).findings).toHaveLength(1);
  });

  describe('when the identity arrives after the chain was judged (an ephemeral CI runner)', () => {
    // RunInstances through EventBridge, or the runner's first flow-log record, can arrive minutes
    // after its dockerd build: the build and push were judged while the state knew no IP for it.
    const launched = (sec: number): LinkSignal => ({ ...instanceLink(sec), id: `l-run-${sec}`, rule: 'cloudtrail-run-instances', source: 'cloudtrail', ref: 'cloudtrail:run' });
    const config = { approvedBuilders: { hosts: ['10.0.200.0/24'] } };

    it('suppresses the standing finding in its next version, says why, and pages no more', async () => {
      const { emitted } = await run([[byInstanceOnly], [push({ time: at(120) })], [launched(-90)], [deploy()]], config);
      expect(emitted.map((f) => [f.version, f.severity, f.stages, f.suppressedBy?.owner])).toEqual([
        [1, 'LOW', ['build'], undefined],
        [2, 'HIGH', ['build', 'push'], undefined],
        [3, 'HIGH', ['build', 'push'], 'an1261'],
      ]);
      const last = emitted[2]!;
      expect(last.suppressedBy!.reason).toContain(`host ${INSTANCE} matches "10.0.200.0/24" through ${ciIp}`);
      expect(notifyDecision({ finding: last, previousSeverity: 'HIGH' }, 'MEDIUM')).toEqual({ notify: false, reason: 'suppressed' });
    });

    it('is silent from the start when the launch is known before the build', async () => {
      expect((await run([[launched(-90)], [byInstanceOnly], [push({ time: at(120) })], [deploy()]], config)).emitted).toEqual([]);
    });

    it('leaves a finding alone that also lists a build the identity does not approve (another host, same tag, same day)', async () => {
      const other = build({ id: 'b-other', time: at(-50 * 60), host: { instanceId: 'i-0ffffffffffffffff' }, ref: 'cwl:/ec2/docker/i-0fff#1' });
      const { emitted } = await run([[other], [byInstanceOnly], [push({ time: at(120) })], [launched(-90)]], config);
      expect(new Set(emitted.map((f) => f.id)).size).toBe(1);
      expect(emitted.every((f) => f.suppressedBy === undefined)).toBe(true);
    });

    it('unsuppresses it if an unapproved build of the chain turns up later', async () => {
      const intruder = build({ id: 'b-intruder', time: at(30), host: { instanceId: 'i-0eeeeeeeeeeeeeeee' }, ref: 'cwl:/ec2/docker/i-0eee#1' });
      const { emitted } = await run([[byInstanceOnly], [push({ time: at(120) })], [launched(-90)], [intruder]], config);
      const last = emitted[emitted.length - 1]!;
      expect(emitted.some((f) => f.suppressedBy?.owner === 'an1261')).toBe(true);
      expect(last.suppressedBy).toBeUndefined();
      expect(notifyDecision({ finding: last, previousSeverity: 'HIGH', previouslySuppressed: true }, 'MEDIUM')).toEqual({ notify: true, reason: 'unsuppressed' });
    });
  });

  it('says which identity it checked when none matched', async () => {
    const config = { approvedBuilders: { hosts: ['10.0.100.0/24'] } };
    const { findings } = await run([[instanceLink(-600)], [byInstanceOnly]], config);
    expect(findings[0]!.allowlists.find((c) => c.list === 'approvedBuilders.hosts')?.explanation).toBe(`host ${INSTANCE} (also known as ${ciIp}) matches none of the 1 entry`);
  });
});

describe('An IP names the instance that held it when the chain happened', () => {
  const ip = '10.0.3.139';
  const link = (instanceId: string, sec: number): LinkSignal => ({ kind: 'link', id: `l-${instanceId}-${sec}`, rule: 'instance-ip', time: at(sec), source: 'vpc-flow', ref: 'flow#1', link: 'instance-ip', instanceId, ip });
  const OLD = 'i-021fada781087523d';
  const NEW = 'i-02b774858f8067a57';

  it('does not merge the terminated node that held the address days before into the chain’s host', async () => {
    // The old node used the address (as a pod IP) on days -6 to -4; the new node holds it since day -2.
    const links = [link(OLD, -6 * 86_400), link(OLD, -5 * 86_400), link(OLD, -4 * 86_400), link(NEW, -2 * 86_400), link(NEW, -86_400), link(NEW, 1800)];
    const byIp = build({ host: { ip } });
    const { findings } = await run([links, [byIp]]);
    expect(findings[0]!.hosts.instanceIds).toEqual([NEW]);
  });

  it('holderAt: the newest link up to the chain’s time (plus an hour: links trail a new instance), else the earliest', () => {
    const links = [link(OLD, -6 * 86_400), link(OLD, -4 * 86_400), link(NEW, -2 * 86_400), link(NEW, 1800)] as InstanceLinkSignal[];
    expect(holderAt(links, Date.parse(at(-5 * 86_400)))).toBe(OLD);
    expect(holderAt(links, Date.parse(at(-3 * 86_400)))).toBe(OLD);
    expect(holderAt(links, Date.parse(at(0)))).toBe(NEW);
    expect(holderAt(links, Date.parse(at(-7 * 86_400)))).toBe(OLD);
    expect(holderAt([link(NEW, 1800)] as InstanceLinkSignal[], Date.parse(at(0)))).toBe(NEW);
    expect(holderAt([], 0)).toBeUndefined();
  });
});

describe('Joins by tag need the same actor or host', () => {
  const ciPush = push({ id: 'p-ci', time: at(120), actor: { arn: 'arn:aws:iam::111122223333:role/ci-build-web' }, host: { instanceId: 'i-0ccccccccccccccc1' } });
  const config = { approvedBuilders: { principals: ['arn:aws:iam::111122223333:role/ci-build-*'] } };

  it("does not credit CI's approved push and Argo's deploy to a developer's --no-push build of the same tag", async () => {
    const dev = kaniko({ noPush: true });
    const { findings } = await run([[dev], [ciPush], [deploy({ time: at(300), actor: { k8sUser: 'system:serviceaccount:argocd:argocd-application-controller' } })]], config);
    expect(findings.map((f) => [f.severity, f.stages])).toEqual([['LOW', ['build']]]);
  });

  it('still joins a push that names nobody (an ECR event) by tag', async () => {
    const { findings } = await run([[kaniko()], [ecrPush(120)]], config);
    expect(findings[0]!.stages).toEqual(['build', 'push']);
  });

  it('joins an approved push to a build when the digests match', async () => {
    const dev = kaniko({ noPush: true, image: `${IMAGE}@${ciPush.digest}` });
    const { findings } = await run([[dev], [ciPush]], config);
    expect(findings[0]!.stages).toEqual(['build', 'push']);
  });
});

describe('Push-only chains', () => {
  it('never page for a push by an IAM user from outside, even when deployed', async () => {
    const laptop = push({ host: undefined, actor: { arn: 'arn:aws:iam::111122223333:user/bob' } });
    delete laptop.host;
    expect((await run([[laptop], [deploy()]])).findings).toEqual([]);
  });

  it('anchor on an EC2 instance-role push: LOW, HIGH once deployed', async () => {
    const { emitted } = await run([[push()], [deploy()]]);
    expect(emitted.map((f) => [f.severity, f.stages])).toEqual([
      ['LOW', ['push']],
      ['HIGH', ['push', 'deploy']],
    ]);
  });
});

describe('A runtime-socket mount is a capability', () => {
  const agent = (i: number): CapabilitySignal => ({
    kind: 'capability', id: `c-${i}`, rule: 'runtime-socket-mount', time: at(i), source: 'eks-audit', ref: `audit:c-${i}`, cluster: 'prod', capability: 'runtime-socket',
    namespace: 'datadog', owner: { kind: 'DaemonSet', name: 'datadog-agent' }, hostPaths: ['/var/run/docker.sock'], runtime: 'docker', privileged: false,
    host: { pod: { namespace: 'datadog', name: `datadog-agent-${i.toString(36)}` } },
  });

  it('raises no finding for a 200-pod monitoring DaemonSet and its SaaS egress', async () => {
    const pods = Array.from({ length: 200 }, (_, i) => agent(i));
    const egressOfAgents = Array.from({ length: 200 }, (_, i) => egress({ id: `e-${i}`, srcIp: `10.0.${Math.floor(i / 200) + 3}.${i + 1}`, host: { ip: `10.0.3.${i + 1}` }, dstIp: '3.233.146.9', dstPort: 443, nonStandardPort: false }));
    expect((await run([pods, egressOfAgents])).findings).toEqual([]);
  });

  it('joins as evidence when a build happens through it', async () => {
    const cap = agent(1);
    const exec = build({ id: 'b-exec', rule: 'exec-build', source: 'eks-audit', cluster: 'prod', method: 'exec-build', host: cap.host!, time: at(600) });
    const { findings } = await run([[cap], [exec]]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.timeline.map((e) => e.stage)).toEqual(['capability', 'build']);
    expect(findings[0]).toMatchObject({ severity: 'LOW', stages: ['build'] });
  });

  it("is not evidence for a builder pod that merely shares the node (it builds without the neighbour's socket)", async () => {
    const cap = agent(3);
    const bindAgent = podLink('l-bind-agent', 3, { rule: 'pod-binding', link: 'pod-node', nodeName: NODE, pod: cap.host!.pod! });
    const bindKaniko = podLink('l-bind-kaniko', 5, { rule: 'pod-binding', link: 'pod-node', nodeName: NODE, pod: POD });
    const { findings } = await run([[cap, bindAgent, bindKaniko], [kaniko({ time: at(60) })]]);
    expect(findings[0]!.timeline.map((e) => e.stage)).toEqual(['build']);
  });

  it('joins a dockerd build on the node the socket pod runs on', async () => {
    const cap = agent(2);
    const binding = podLink('l-bind', 3, { rule: 'pod-binding', link: 'pod-node', nodeName: NODE, pod: cap.host!.pod! });
    const dockerd = build({ time: at(900), host: { hostname: NODE } });
    for (const order of [[[cap], [binding]], [[binding], [cap]]]) {
      const { findings } = await run([...order, [dockerd]]);
      expect(findings[0]!.timeline.filter((e) => e.stage === 'capability')).toHaveLength(1);
    }
  });
});
