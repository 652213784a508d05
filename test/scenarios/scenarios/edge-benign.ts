/** Benign look-alikes: a laptop push, a developer's --no-push build of CI's tag, exec without builds, denied requests, a suppressed sandbox. */
import { REGISTRY } from '../base-config';
import { auditEvent, serviceAccount } from '../formats/eks-audit';
import { podCreate } from '../formats/k8s';
import type { Scenario } from '../types';
import { evilDestination, kanikoPod, names, person, world } from './helpers';

const ARGO = serviceAccount('argocd', 'argocd-application-controller');

export function edgeBenign(variant: number): Scenario[] {
  const laptop = names('iam-user-laptop-push', variant);
  const devTag = names('dev-no-push-ci-tag', variant);
  const sandbox = names('sandbox-suppressed-build', variant);
  return [
    {
      name: 'iam-user-laptop-push',
      kind: 'benign',
      description: 'An IAM user pushes from a laptop (PutImage by the user, no host), ECR reports it, Argo CD deploys it: no host, no build, no finding.',
      build(rng, t0) {
        const env = world(rng, t0);
        const digest = env.ecrPush(laptop.repo, laptop.tag, env.at(0.1));
        env.putImage({ type: 'IAMUser', account: env.account, user: rng.pick(['bob', 'release-mgr', 'k.ito']) }, laptop.repo, laptop.tag, digest, t0, `198.51.100.${rng.int(2, 250)}`);
        env.deploy(ARGO, { kind: 'Deployment', namespace: laptop.ns, name: laptop.repo, verb: 'apply', at: env.at(9), agent: 'argocd-application-controller/v2.13.1', pod: { containers: [{ name: laptop.repo, image: laptop.image }] } });
        return env.files();
      },
      expected: [],
    },
    {
      name: 'dev-no-push-ci-tag',
      kind: 'benign',
      description: 'A developer runs kaniko --no-push with CI’s destination tag while CI builds and pushes that tag (PutImage by the CI role, ECR event) and Argo CD deploys it.',
      build(rng, t0) {
        const env = world(rng, t0);
        const devNode = env.node(rng.int(1, 9));
        env.runPod(person(env), kanikoPod(`dev-${rng.pick(['alice', 'farid', 'hana'])}`, devTag.pod, devTag.image, { noPush: true }), devNode, t0, { end: { at: env.at(3), phase: 'Succeeded' } });
        const ciNode = env.node(rng.int(61, 99));
        env.runPod(serviceAccount('tekton-pipelines', 'tekton-pipelines-controller'), kanikoPod('ci', `${devTag.repo}-build-${rng.suffix()}-pod`, devTag.image, { serviceAccount: 'kaniko-builder' }), ciNode, env.at(1), { end: { at: env.at(4), phase: 'Succeeded' } });
        const digest = env.ecrPush(devTag.repo, devTag.tag, env.at(3.9));
        env.putImage({ type: 'AssumedRole', account: env.account, role: 'ci-build-kaniko', session: `tekton-${rng.hex(10)}` }, devTag.repo, devTag.tag, digest, env.at(3.8));
        env.deploy(ARGO, { kind: 'Deployment', namespace: devTag.ns, name: devTag.repo, verb: 'apply', at: env.at(8), agent: 'argocd-application-controller/v2.13.1', pod: { containers: [{ name: devTag.repo, image: devTag.image }] } });
        return env.files();
      },
      expected: [],
      tolerated: [{ maxSeverity: 'LOW', image: devTag.image, reason: 'the developer’s kaniko build is not by an approved builder (LOW anchor); with --no-push it must not join CI’s push of the tag nor Argo’s deploy, so it stays LOW and pages nobody' }],
    },
    {
      name: 'exec-non-build',
      kind: 'benign',
      description: 'People exec into pods (one with docker.sock on a node with SaaS egress) to run ls, cat, echo docker build, make build and git commit: no build.',
      build(rng, t0) {
        const env = world(rng, t0);
        const node = env.node(rng.int(1, 9));
        const tool = `toolbox-${rng.suffix()}`;
        const [ip] = env.runPod(person(env), { namespace: 'ops', name: tool, containers: [{ name: 'shell', image: `${REGISTRY}/ops-toolbox:2.4.1`, command: ['sleep', 'infinity'], mounts: { sock: '/var/run/docker.sock' } }], hostPaths: { sock: '/var/run/docker.sock' } }, node, env.at(-120));
        const app = `web-${rng.suffix()}`;
        env.runPod(person(env), { namespace: 'web', name: app, containers: [{ name: 'web', image: `${REGISTRY}/web-frontend:1.42.0` }] }, node, env.at(-60));
        const commands = [['ls', '-la', '/app'], ['cat', '/etc/os-release'], ['echo', 'docker', 'build'], ['make', 'build'], ['git', 'commit', '-m', 'fix build']];
        commands.forEach((argv, i) => env.exec(person(env), i % 2 ? 'web' : 'ops', i % 2 ? app : tool, i % 2 ? 'web' : 'shell', argv, env.at(i), env.at(i + 0.3)));
        env.connect(node, node.ip, `3.233.146.${rng.int(2, 250)}`, 443, env.at(1), { service: 'AMAZON' });
        env.connect(node, ip!, evilDestination(rng).ip, 443, env.at(2));
        return env.files();
      },
      expected: [],
    },
    {
      name: 'denied-builder-pod',
      kind: 'benign',
      description: 'A kaniko pod create (RequestReceived, then ResponseComplete 403), a privileged dind pod and a `docker build` exec are all refused: nothing happened.',
      build(rng, t0) {
        const env = world(rng, t0);
        const user = person(env);
        const image = `${REGISTRY}/payments-api:9.9.9`;
        const kaniko = kanikoPod('payments', `kaniko-${rng.suffix()}`, image);
        const id = rng.uuid();
        env.audit.push(podCreate(rng, user, kaniko, t0 - 20, { stage: 'RequestReceived', auditID: id }), podCreate(rng, user, kaniko, t0, { code: 403, auditID: id }));
        env.audit.push(podCreate(rng, user, { namespace: 'kube-system', name: 'debug-root', containers: [{ name: 'dind', image: 'docker:27-dind', privileged: true }] }, env.at(1), { code: 403 }));
        env.audit.push(auditEvent(rng, { user, verb: 'create', code: 403, at: env.at(2), uri: `/api/v1/namespaces/ci/pods/runner-0/exec?command=docker&command=build&command=-t&command=${encodeURIComponent(image)}&command=.&container=build&stdin=true&stdout=true`, objectRef: { resource: 'pods', namespace: 'ci', name: 'runner-0', subresource: 'exec' } }));
        return env.files();
      },
      expected: [],
    },
    {
      name: 'sandbox-suppressed-build',
      kind: 'benign',
      description: 'A developer builds in namespace sandbox with egress and pushes to ECR; a suppression (owner, reason, expiry) covers the namespace: recorded SUPPRESSED, nobody paged.',
      config: { suppressions: [{ match: { namespace: 'sandbox' }, owner: 'platform-team', reason: 'developer sandbox builds, reviewed weekly', expires: '2027-06-30' }] },
      build(rng, t0) {
        const env = world(rng, t0);
        const node = env.node(rng.int(1, 9));
        const [ip] = env.runPod(person(env), kanikoPod('sandbox', sandbox.pod, sandbox.image), node, t0, { end: { at: env.at(5), phase: 'Succeeded' } });
        env.connect(node, ip!, `104.16.${rng.int(0, 31)}.${rng.int(2, 250)}`, 443, env.at(1), { minutes: 2 });
        env.ecrPush(sandbox.repo, sandbox.tag, env.at(4.8));
        return env.files();
      },
      expected: [{ severity: 'HIGH', stages: ['build', 'egress', 'push'], image: sandbox.image, pages: false }],
    },
  ];
}
