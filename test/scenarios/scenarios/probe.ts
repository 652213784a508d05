/**
 * Probes: cluster software and attack variants the other families do not cover. Benign: an Argo
 * Workflows / GitLab CI in the approved namespace, node agents with hostNetwork and host-root
 * mounts, runtime inspection through `kubectl exec` (crictl, ctr, nerdctl pulls), pods that compile
 * code, a Karpenter scale-out with an image pre-puller and a human `helm upgrade`. Attacks:
 * `nerdctl build` and `buildctl build` through exec (the latter into a pod created six days
 * earlier), a `chroot /host` build in a `kubectl debug node/…` pod (never bound by the scheduler),
 * a privileged podman pod pushing to Docker Hub, a CI-looking EC2 host outside the approved
 * builders, a kaniko push seen only in CloudTrail, an `img` pod, `nerdctl build` on a node.
 */
import { AGENTS, type Agent } from '../agents';
import { REGISTRY } from '../base-config';
import { type Env, MIN, type Node } from '../env';
import { ORDINARY_COMMANDS } from '../formats/auditd';
import type { Caller } from '../formats/cloudtrail';
import { buildCall, noiseCall, pushCall } from '../formats/dockerd';
import { type AuditUser, controller, iamUser, serviceAccount } from '../formats/eks-audit';
import type { PodArgs } from '../formats/k8s';
import { pulls, runAgent } from '../noise';
import type { Scenario } from '../types';
import { evilDestination, kanikoPod, names, person, repoAndTag, world } from './helpers';

const DAY = 24 * 60 * MIN;
const ARGO = serviceAccount('argocd', 'argocd-application-controller');
const FLUX = serviceAccount('flux-system', 'kustomize-controller');
const RS = controller('replicaset-controller');
const ARGO_AGENT = 'argocd-application-controller/v2.13.1';

const nodeRole = (env: Env, node: Node): Caller => ({ type: 'AssumedRole', account: env.account, role: 'eks-node-role', session: node.instanceId });

/** A CI build's sources and packages (GitHub, a CDN-fronted package registry: untrusted) and layer traffic (S3). */
function fetchSources(env: Env, node: Node, src: string, at: number): void {
  env.connect(node, src, `140.82.112.${env.rng.int(3, 6)}`, 443, at);
  env.connect(node, src, `104.16.${env.rng.int(0, 31)}.${env.rng.int(2, 250)}`, 443, at + 20_000, { minutes: 2, bytes: 3e7 });
  env.connect(node, src, `52.217.${env.rng.int(0, 200)}.${env.rng.int(2, 250)}`, 443, at + 90_000, { service: 'S3', bytes: 6e7 });
}

/** The CI role's PutImage (an IRSA session: no host) and ECR's event of it. */
function ciPush(env: Env, role: string, session: string, repo: string, tag: string, at: number): void {
  const digest = env.ecrPush(repo, tag, at + 500);
  env.putImage({ type: 'AssumedRole', account: env.account, role, session }, repo, tag, digest, at);
}

/** A long-lived pod that mounts host paths and sleeps (a toolbox someone execs into). */
function toolboxPod(namespace: string, name: string, image: string, hostPaths: Record<string, string>, privileged = false): PodArgs {
  const mounts = Object.fromEntries(Object.entries(hostPaths).map(([volume, path]) => [volume, `/host${path}`]));
  return { namespace, name, containers: [{ name: 'shell', image, command: ['sleep', 'infinity'], mounts, ...(privileged ? { privileged } : {}) }], hostPaths };
}

/** GitLab Runner's Kubernetes executor detects a shell with this script before it streams the job. */
const GITLAB_DETECT_SHELL =
  'if [ -x /usr/local/bin/bash ]; then\n\texec /usr/local/bin/bash \nelif [ -x /usr/bin/bash ]; then\n\texec /usr/bin/bash \nelif [ -x /bin/bash ]; then\n\texec /bin/bash \nelif [ -x /busybox/sh ]; then\n\texec /busybox/sh \nelif [ -x /bin/sh ]; then\n\texec /bin/sh \nelse\n\techo shell not found\n\texit 1\nfi\n\n';

/** Node agents with hostNetwork and host-root or runtime-socket mounts, and the SaaS they report to. */
const NODE_AGENTS: Agent[] = [
  {
    namespace: 'dynatrace',
    daemonSet: 'dynakube-oneagent',
    containers: [{ name: 'dynatrace-oneagent', image: 'public.ecr.aws/dynatrace/dynatrace-oneagent:1.301.55.20241010-090112', args: ['--set-host-id-source=auto', '--set-network-zone=eks-prod'], privileged: true, mounts: { 'host-root': '/mnt/root' } }],
    hostPaths: { 'host-root': '/' },
    saas: { prefix: '35.169.97', port: 443, service: 'AMAZON' },
    hostNetwork: true,
  },
  {
    namespace: 'newrelic',
    daemonSet: 'newrelic-bundle-nrk8s-kubelet',
    containers: [
      { name: 'kubelet', image: 'newrelic/nri-kubernetes:3.29.6', args: ['nri-kubernetes', '--config', '/etc/newrelic-infra/nri-kubernetes.yml'] },
      { name: 'agent', image: 'newrelic/infrastructure-bundle:3.2.50', privileged: true, mounts: { 'host-root': '/host', 'docker-sock': '/var/run/docker.sock', dev: '/dev' } },
    ],
    hostPaths: { 'host-root': '/', 'docker-sock': '/var/run/docker.sock', dev: '/dev' },
    saas: { prefix: '162.247.241', port: 443 },
    hostNetwork: true,
  },
  {
    namespace: 'kube-system',
    daemonSet: 'node-problem-detector',
    containers: [{ name: 'node-problem-detector', image: 'registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.20', command: ['/node-problem-detector', '--logtostderr', '--config.system-log-monitor=/config/kernel-monitor.json,/config/docker-monitor.json'], privileged: true, mounts: { log: '/var/log', kmsg: '/dev/kmsg', localtime: '/etc/localtime' } }],
    hostPaths: { log: '/var/log/', kmsg: '/dev/kmsg', localtime: '/etc/localtime' },
  },
  {
    namespace: 'spegel',
    daemonSet: 'spegel',
    containers: [{ name: 'registry', image: 'ghcr.io/spegel-org/spegel:v0.0.27', args: ['registry', '--containerd-sock=/run/containerd/containerd.sock', '--containerd-namespace=k8s.io', '--containerd-registry-config-path=/etc/containerd/certs.d'], mounts: { 'containerd-sock': '/run/containerd/containerd.sock', 'containerd-config': '/etc/containerd/certs.d' } }],
    hostPaths: { 'containerd-sock': '/run/containerd/containerd.sock', 'containerd-config': '/etc/containerd/certs.d' },
  },
];

/** A prefix-free repository set for the probes' own releases (not the names the attacks use). */
const SHOP = ['storefront', 'basket', 'pricing', 'reviews', 'wishlist', 'coupons', 'shipping', 'tax-calc', 'returns', 'loyalty', 'gift-cards', 'search-ui'];

export function probe(variant: number): Scenario[] {
  const nerdctl = names('probe-exec-nerdctl-build', variant);
  const buildctl = names('probe-exec-buildctl-six-day-pod', variant);
  const podman = names('probe-podman-privileged-dockerhub', variant);
  const lookalike = names('probe-ec2-ci-lookalike-host', variant);
  const trailOnly = names('probe-kaniko-cloudtrail-only-push', variant);
  const img = names('probe-img-pod-exec-build', variant);
  const onNode = names('probe-auditd-nerdctl-on-node', variant);
  const debugNode = names('probe-debug-node-chroot-build', variant);
  const hubImage = `docker.io/${podman.rng.pick(['qa-bot7', 'tmp-builds', 'jdoe-x'])}/${podman.repo}:${podman.tag}`;

  return [
    {
      name: 'probe-exec-nerdctl-build',
      kind: 'attack',
      description:
        'kubectl exec into a privileged toolbox pod that mounts /run/containerd runs `nerdctl --address … -n k8s.io build -t …` (the node’s BuildKit talks to a C2 port), then `nerdctl push`; ECR reports the push and the image is rolled out.',
      build(rng, t0) {
        const env = world(rng, t0);
        const node = env.node(rng.int(1, 9));
        const pod = `node-debug-${rng.suffix()}`;
        env.runPod(person(env), toolboxPod('ops', pod, `${REGISTRY}/ops-toolbox:2.4.1`, { containerd: '/run/containerd' }, true), node, env.at(-90));
        const attacker = person(env);
        env.exec(attacker, 'ops', pod, 'shell', ['nerdctl', '--address', '/host/run/containerd/containerd.sock', '-n', 'k8s.io', 'build', '-t', nerdctl.image, '--build-arg', 'GIT_REF=quickfix', '/tmp/src'], t0, env.at(4));
        env.exec(attacker, 'ops', pod, 'shell', ['nerdctl', '--address', '/host/run/containerd/containerd.sock', '-n', 'k8s.io', 'push', nerdctl.image], env.at(4.2), env.at(5));
        const evil = evilDestination(rng);
        env.connect(node, node.ip, evil.ip, evil.port, env.at(1.5), { minutes: 2 });
        env.ecrPush(nerdctl.repo, nerdctl.tag, env.at(4.9));
        env.deploy(attacker, { kind: 'Deployment', namespace: nerdctl.ns, name: nerdctl.repo, verb: 'patch', at: env.at(9), pod: { containers: [{ name: nerdctl.repo, image: nerdctl.image }] } });
        return env.files();
      },
      expected: [{ severity: 'CRITICAL', stages: ['build', 'egress', 'push', 'deploy'], image: nerdctl.image, pages: true }],
    },
    {
      name: 'probe-exec-buildctl-six-day-pod',
      kind: 'attack',
      description:
        'The platform runs an approved BuildKit DaemonSet in namespace ci (hostNetwork, /run/buildkit on the node). Six days after a person created a toolbox pod mounting /run/buildkit, someone execs `buildctl --addr unix:///… build … push=true` into it; the node talks out mid-build, ECR reports the push, the image is deployed as a StatefulSet.',
      build(rng, t0) {
        const env = world(rng, t0);
        const node = env.node(rng.int(1, 9));
        const buildkitd: PodArgs = {
          namespace: 'ci',
          name: `buildkitd-${rng.suffix()}`,
          owner: { kind: 'DaemonSet', name: 'buildkitd' },
          serviceAccount: 'buildkitd',
          hostNetwork: true,
          containers: [{ name: 'buildkitd', image: 'moby/buildkit:v0.16.0', args: ['--addr', 'unix:///run/buildkit/buildkitd.sock', '--addr', 'tcp://0.0.0.0:1234'], privileged: true, mounts: { 'buildkit-run': '/run/buildkit' } }],
          hostPaths: { 'buildkit-run': '/run/buildkit' },
        };
        env.runPod(controller('daemon-set-controller'), buildkitd, node, t0 - 6 * DAY - rng.int(60, 600) * MIN);
        const pod = `platform-tools-${rng.suffix()}`;
        env.runPod(person(env), toolboxPod('platform', pod, `${REGISTRY}/platform-toolbox:3.1.0`, { buildkit: '/run/buildkit' }), node, t0 - 6 * DAY + rng.int(0, 300) * MIN);
        const attacker = person(env);
        const args = ['buildctl', '--addr', 'unix:///host/run/buildkit/buildkitd.sock', 'build', '--frontend', 'dockerfile.v0', '--local', 'context=/tmp/w', '--local', 'dockerfile=/tmp/w', '--output', `type=image,name=${buildctl.image},push=true`];
        env.exec(attacker, 'platform', pod, 'shell', args, t0, env.at(7));
        const evil = evilDestination(rng);
        env.connect(node, node.ip, evil.ip, evil.port, env.at(2), { minutes: 3 });
        env.ecrPush(buildctl.repo, buildctl.tag, env.at(6.8));
        env.deploy(attacker, { kind: 'StatefulSet', namespace: buildctl.ns, name: buildctl.repo, verb: 'create', at: env.at(12), pod: { containers: [{ name: buildctl.repo, image: buildctl.image }] } });
        return env.files();
      },
      expected: [{ severity: 'CRITICAL', stages: ['build', 'egress', 'push', 'deploy'], image: buildctl.image, pages: true }],
    },
    {
      name: 'probe-podman-privileged-dockerhub',
      kind: 'attack',
      description:
        'A person runs a privileged podman pod (`podman build -t docker.io/… && podman push docker.io/…`) that clones from GitHub and uploads to Docker Hub; no registry log of Docker Hub reaches the product, so the chain is the build and its egress.',
      build(rng, t0) {
        const env = world(rng, t0);
        const node = env.node(rng.int(1, 9));
        const pod: PodArgs = {
          namespace: podman.ns,
          name: podman.pod,
          restartPolicy: 'Never',
          containers: [{ name: 'podman', image: 'quay.io/podman/stable:v5.2', privileged: true, command: ['/bin/sh', '-c', `git clone https://github.com/jdoe-x/tools.git /src && podman build --tag ${hubImage} /src && podman push --creds "$HUB_USER:$HUB_TOKEN" ${hubImage}`] }],
        };
        const [ip] = env.runPod(person(env), pod, node, t0, { end: { at: env.at(6), phase: 'Succeeded' } });
        env.connect(node, ip!, `140.82.113.${rng.int(3, 6)}`, 443, env.at(0.4));
        env.connect(node, ip!, `44.205.64.${rng.int(2, 250)}`, 443, env.at(4.5), { minutes: 1, bytes: 7e7, service: 'AMAZON' });
        return env.files();
      },
      expected: [{ severity: 'MEDIUM', stages: ['build', 'egress'], image: hubImage, pages: true }],
    },
    {
      name: 'probe-ec2-ci-lookalike-host',
      kind: 'attack',
      description:
        'An EC2 instance set up like the CI runners (same gitlab-runner-role, dockerd debug logs) but in 10.0.201.0/24, outside approvedBuilders.hosts, builds with sources from GitHub, pushes with its instance role (CloudTrail and ECR event), and Argo CD rolls the image out.',
      build(rng, t0) {
        const env = world(rng, t0);
        const host = env.node(201);
        const lines = [
          { at: t0, msg: buildCall(lookalike.image, true) },
          { at: env.at(3.2), msg: pushCall(`${REGISTRY}/${lookalike.repo}`, lookalike.tag) },
          ...Array.from({ length: 8 }, (_, i) => ({ at: env.at(-12 + i * 3), msg: noiseCall(i, 'public.ecr.aws/docker/library/node:22') })),
        ];
        env.dockerd(host.instanceId, 'logrus', lines);
        fetchSources(env, host, host.ip, env.at(0.3));
        const digest = env.ecrPush(lookalike.repo, lookalike.tag, env.at(3.6));
        env.putImage({ type: 'AssumedRole', account: env.account, role: 'gitlab-runner-role', session: host.instanceId }, lookalike.repo, lookalike.tag, digest, env.at(3.5));
        env.deploy(ARGO, { kind: 'Deployment', namespace: lookalike.ns, name: lookalike.repo, verb: 'apply', at: env.at(10), agent: ARGO_AGENT, pod: { containers: [{ name: lookalike.repo, image: lookalike.image }] } });
        return env.files();
      },
      expected: [{ severity: 'CRITICAL', stages: ['build', 'egress', 'push', 'deploy'], image: lookalike.image, pages: true }],
    },
    {
      name: 'probe-kaniko-cloudtrail-only-push',
      kind: 'attack',
      description:
        'A kaniko pod in an application namespace pushes with the node’s instance role: the push is seen only as CloudTrail PutImage by the node’s session (no ECR EventBridge event); the image is rolled out as a StatefulSet.',
      build(rng, t0) {
        const env = world(rng, t0, { trailGzip: false });
        const user = person(env);
        const node = env.node(rng.int(1, 9));
        env.runPod(user, kanikoPod(trailOnly.ns, trailOnly.pod, trailOnly.image), node, t0, { end: { at: env.at(5.3), phase: 'Succeeded' } });
        env.putImage(nodeRole(env, node), trailOnly.repo, trailOnly.tag, rng.digest(), env.at(5), node.ip);
        env.deploy(user, { kind: 'StatefulSet', namespace: trailOnly.ns, name: trailOnly.repo, verb: 'patch', at: env.at(11), pod: { containers: [{ name: trailOnly.repo, image: trailOnly.image }] } });
        return env.files();
      },
      expected: [{ severity: 'HIGH', stages: ['build', 'push', 'deploy'], image: trailOnly.image, pages: true }],
    },
    {
      name: 'probe-img-pod-exec-build',
      kind: 'attack',
      description:
        'A person starts an `img` pod that only sleeps (an image builder by its image: an image-less LOW build), and two hours later execs `img build -t …` then `img push …` into it; the pod talks to a C2 port, ECR reports the push.',
      build(rng, t0) {
        const env = world(rng, t0);
        const user = person(env);
        const node = env.node(rng.int(1, 9));
        const pod: PodArgs = { namespace: img.ns, name: img.pod, containers: [{ name: 'img', image: 'r.j3ss.co/img:v0.5.11', command: ['sleep', 'infinity'] }] };
        const [ip] = env.runPod(user, pod, node, env.at(-120));
        env.exec(user, img.ns, img.pod, 'img', ['img', 'build', '-t', img.image, '.'], t0, env.at(5));
        env.exec(user, img.ns, img.pod, 'img', ['img', 'push', img.image], env.at(5.2), env.at(5.9));
        const evil = evilDestination(rng);
        env.connect(node, ip!, evil.ip, evil.port, env.at(1), { minutes: 2 });
        env.ecrPush(img.repo, img.tag, env.at(5.8));
        return env.files();
      },
      expected: [
        { severity: 'HIGH', stages: ['build', 'egress', 'push'], image: img.image, pages: true },
        { severity: 'LOW', stages: ['build'], pages: false },
      ],
    },
    {
      name: 'probe-auditd-nerdctl-on-node',
      kind: 'attack',
      description:
        'On an EKS node (a Datadog pod mounts its runtime socket), an SSM session runs `sudo nerdctl -n k8s.io build -t …` and `sudo nerdctl push …` (auditd EXECVE of sudo and of nerdctl); the node talks out; the node role’s PutImage and the ECR event follow.',
      build(rng, t0) {
        const env = world(rng, t0);
        const node = env.node(rng.int(1, 9));
        runAgent(env, AGENTS[0]!, node, env.at(-600), env.at(-15), env.at(25));
        const hostname = node.name.replace('.ec2.internal', '');
        const base = rng.int(1000, 90000);
        const who = { node: hostname, auid: 1001, auidName: 'ssm-user', cwd: '/home/ssm-user/src' };
        const build = ['nerdctl', '-n', 'k8s.io', 'build', '-t', onNode.image, '-f', 'Dockerfile', '.'];
        const push = ['nerdctl', '-n', 'k8s.io', 'push', onNode.image];
        env.auditd(node.instanceId, [
          ...ORDINARY_COMMANDS.slice(0, 4).map((argv, i) => ({ at: env.at(-10 + i * 2), serial: base + i, argv, ...who })),
          { at: t0, serial: base + 10, argv: ['sudo', ...build], ...who },
          { at: t0 + 40, serial: base + 11, argv: ['/usr/local/bin/nerdctl', ...build.slice(1)], ...who },
          { at: env.at(3), serial: base + 12, argv: ['sudo', ...push], ...who },
          { at: env.at(3) + 35, serial: base + 13, argv: ['/usr/local/bin/nerdctl', ...push.slice(1)], ...who },
        ]);
        const evil = evilDestination(rng);
        env.connect(node, node.ip, evil.ip, evil.port, env.at(0.8), { minutes: 2 });
        const digest = env.ecrPush(onNode.repo, onNode.tag, env.at(3.6));
        env.putImage(nodeRole(env, node), onNode.repo, onNode.tag, digest, env.at(3.5), node.ip);
        return env.files();
      },
      expected: [{ severity: 'HIGH', stages: ['build', 'egress', 'push'], image: onNode.image, pages: true }],
    },
    {
      name: 'probe-debug-node-chroot-build',
      kind: 'attack',
      description:
        '`kubectl debug node/… -- sleep 3600` creates a node-debugger pod with spec.nodeName set (never bound by the scheduler), hostNetwork, hostPID and the node’s / at /host; an exec runs `chroot /host …/buildctl-daemonless.sh build … push=true`; the node talks to a C2 port mid-build, ECR reports the push, the image is rolled out.',
      build(rng, t0) {
        const env = world(rng, t0);
        const node = env.node(rng.int(1, 9));
        const attacker = person(env);
        const pod = `node-debugger-${node.name}-${rng.suffix()}`;
        const debuggerPod: PodArgs = {
          namespace: 'default',
          name: pod,
          nodeName: node.name,
          hostNetwork: true,
          hostPID: true,
          restartPolicy: 'Never',
          containers: [{ name: 'debugger', image: 'busybox:1.36', command: ['sleep', '3600'], privileged: true, mounts: { 'host-root': '/host' } }],
          hostPaths: { 'host-root': '/' },
        };
        env.runPod(attacker, debuggerPod, node, env.at(-3), { agent: 'kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46' });
        const bk = '/tmp/.bk';
        const args = ['chroot', '/host', `${bk}/bin/buildctl-daemonless.sh`, 'build', '--frontend', 'dockerfile.v0', '--local', `context=${bk}/ctx`, '--local', `dockerfile=${bk}/ctx`, '--output', `type=image,name=${debugNode.image},push=true`];
        env.exec(attacker, 'default', pod, 'debugger', args, t0, env.at(6));
        const evil = evilDestination(rng);
        env.connect(node, node.ip, evil.ip, evil.port, env.at(1.5), { minutes: 2 });
        env.ecrPush(debugNode.repo, debugNode.tag, env.at(5.8));
        env.deploy(attacker, { kind: 'Deployment', namespace: debugNode.ns, name: debugNode.repo, verb: 'patch', at: env.at(10), pod: { containers: [{ name: debugNode.repo, image: debugNode.image }] } });
        return env.files();
      },
      expected: [{ severity: 'CRITICAL', stages: ['build', 'egress', 'push', 'deploy'], image: debugNode.image, pages: true }],
    },
    {
      name: 'probe-ci-argo-workflows-gitlab',
      kind: 'benign',
      description:
        'CI in the approved namespace ci: Argo Workflows step pods run rootless BuildKit (`buildctl-daemonless.sh … push=true`, registry cache export) and GitLab Runner’s Kubernetes executor runs kaniko:debug pods it drives by exec of its shell-detection script; both fetch sources, the CI roles push (IRSA sessions), Argo CD and Flux roll out.',
      build(rng, t0) {
        const env = world(rng, t0);
        const nodes = [env.node(rng.int(61, 99)), env.node(rng.int(61, 99))];
        for (let i = 0; i < 2; i++) {
          const { repo, tag, image } = repoAndTag(rng);
          const at = env.at(i * 7);
          const node = rng.pick(nodes);
          const pod: PodArgs = {
            namespace: 'ci',
            name: `${repo}-release-${rng.suffix()}-build-image-${rng.int(1e9, 4e9)}`,
            serviceAccount: 'workflow-builder',
            restartPolicy: 'Never',
            labels: { 'workflows.argoproj.io/workflow': `${repo}-release` },
            containers: [
              { name: 'wait', image: 'quay.io/argoproj/argoexec:v3.5.11', command: ['argoexec', 'wait', '--loglevel', 'info'] },
              {
                name: 'main',
                image: 'moby/buildkit:v0.16.0-rootless',
                command: ['buildctl-daemonless.sh'],
                args: ['build', '--frontend', 'dockerfile.v0', '--local', 'context=/work/src', '--local', 'dockerfile=/work/src', '--output', `type=image,name=${image},push=true`, '--export-cache', `type=registry,ref=${REGISTRY}/${repo}:buildcache`],
                mounts: { work: '/work' },
              },
            ],
          };
          const [ip] = env.runPod(serviceAccount('argo', 'argo'), pod, node, at, { agent: 'workflow-controller/v3.5.11', end: { at: at + 5 * MIN, phase: 'Succeeded' } });
          fetchSources(env, node, ip!, at + 8000);
          const session = `botocore-session-${rng.int(1_700_000_000, 1_799_999_999)}`;
          ciPush(env, 'ci-build-argo', session, repo, 'buildcache', at + 4.2 * MIN);
          ciPush(env, 'ci-build-argo', session, repo, tag, at + 4.5 * MIN);
          env.deploy(ARGO, { kind: 'Deployment', namespace: 'apps', name: repo, verb: 'apply', at: at + rng.int(8, 12) * MIN, agent: ARGO_AGENT, pod: { containers: [{ name: repo, image }] } });
        }
        const runnerSa = serviceAccount('ci', 'gitlab-runner');
        const { repo, tag, image } = repoAndTag(rng);
        const node = rng.pick(nodes);
        const pod = `runner-${rng.suffix(8)}-project-${rng.int(100, 999)}-concurrent-0`;
        const detect = ['sh', '-c', GITLAB_DETECT_SHELL];
        const containers = [
          { name: 'build', image: 'gcr.io/kaniko-project/executor:v1.23.2-debug', command: detect },
          { name: 'helper', image: 'registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-v17.4.0', command: detect },
        ];
        const at = env.at(3);
        const [ip] = env.runPod(runnerSa, { namespace: 'ci', name: pod, serviceAccount: 'gitlab-runner', containers }, node, at, { agent: 'gitlab-runner 17.4.0', end: { at: at + 6 * MIN, phase: 'Succeeded' } });
        env.exec(runnerSa, 'ci', pod, 'helper', detect, at + 20_000, at + 60_000, 'create');
        env.exec(runnerSa, 'ci', pod, 'build', detect, at + 65_000, at + 5 * MIN, 'create');
        fetchSources(env, node, ip!, at + 70_000);
        ciPush(env, 'ci-build-gitlab', `gitlab-job-${rng.int(1e6, 9e6)}`, repo, tag, at + 4.6 * MIN);
        env.deploy(FLUX, { kind: 'Deployment', namespace: 'apps', name: repo, verb: 'apply', at: at + 11 * MIN, agent: 'kustomize-controller/v1.4.0', pod: { containers: [{ name: repo, image }] } });
        return env.files();
      },
      expected: [],
    },
    {
      name: 'probe-node-agents-saas',
      kind: 'benign',
      description:
        'Dynatrace OneAgent and New Relic (privileged, hostNetwork, the node’s / mounted, New Relic also docker.sock), node-problem-detector, spegel (containerd.sock) and Falco run on a fleet and report to their SaaS from the node addresses; trivy-operator scan jobs mount containerd.sock and download their database from ghcr.io.',
      build(rng, t0) {
        const env = world(rng, t0, { noise: { agents: [] } });
        const agents = [...NODE_AGENTS, AGENTS[3]!];
        for (const a of agents) env.deploy(ARGO, { kind: 'DaemonSet', namespace: a.namespace, name: a.daemonSet, verb: 'apply', at: env.at(-12), agent: ARGO_AGENT, pod: { containers: a.containers, hostPaths: a.hostPaths, ...(a.hostNetwork ? { hostNetwork: true } : {}) } });
        const fleet = Array.from({ length: rng.int(14, 18) }, () => env.node(rng.int(100, 180)));
        for (const node of fleet) for (const a of agents) runAgent(env, a, node, env.at(-11 + rng.next() * 5), env.at(-5), env.at(20));
        const operator = serviceAccount('trivy-system', 'trivy-operator');
        for (let i = 0; i < 4; i++) {
          const job = `scan-vulnerabilityreport-${rng.hex(10)}`;
          const at = env.at(i * 4);
          const node = rng.pick(fleet);
          const target = `${REGISTRY}/${rng.pick(['checkout', 'catalog', 'ledger'])}:3.${i}.0`;
          const spec = {
            restartPolicy: 'Never' as const,
            serviceAccount: 'trivy-operator',
            containers: [{ name: 'checkout', image: 'mirror.gcr.io/aquasec/trivy:0.56.2', command: ['trivy'], args: ['image', '--slow', '--cache-dir', '/tmp/trivy/.cache', '--format', 'json', '--image-src', 'containerd', target], mounts: { 'containerd-sock': '/run/containerd/containerd.sock' } }],
            hostPaths: { 'containerd-sock': '/run/containerd/containerd.sock' },
          };
          env.deploy(operator, { kind: 'Job', namespace: 'trivy-system', name: job, verb: 'create', at, agent: 'trivy-operator/v0.22.0', pod: spec });
          const name = `${job}-${rng.suffix()}`;
          const [ip] = env.runPod(controller('job-controller'), { namespace: 'trivy-system', name, owner: { kind: 'Job', name: job }, ...spec }, node, at + 800, { end: { at: at + 3 * MIN, phase: 'Succeeded' } });
          env.connect(node, ip!, `140.82.114.${rng.int(3, 40)}`, 443, at + 20_000, { bytes: 6e7 });
        }
        return env.files();
      },
      expected: [],
    },
    {
      name: 'probe-exec-runtime-inspection',
      kind: 'benign',
      description:
        'An SRE execs into a debug pod that mounts the node’s containerd socket and inspects the runtime: crictl ps/images/rmi --prune, ctr images ls and pull, nerdctl images, pull, image inspect and builder prune; the node pulls from public.ecr.aws and Docker Hub meanwhile.',
      build(rng, t0) {
        const env = world(rng, t0);
        const node = env.node(rng.int(1, 9));
        const pod = `containerd-debug-${rng.suffix()}`;
        env.runPod(person(env), toolboxPod('ops', pod, `${REGISTRY}/ops-toolbox:2.4.1`, { containerd: '/run/containerd' }), node, env.at(-40));
        const sre = iamUser(env.account, 'sre-breakglass', 'hana.s');
        const commands = [
          ['crictl', '--runtime-endpoint', 'unix:///host/run/containerd/containerd.sock', 'ps', '-a'],
          ['crictl', 'images'],
          ['ctr', '--address', '/host/run/containerd/containerd.sock', '-n', 'k8s.io', 'images', 'ls'],
          ['ctr', '-n', 'k8s.io', 'images', 'pull', 'public.ecr.aws/docker/library/busybox:1.36'],
          ['nerdctl', '-n', 'k8s.io', 'images'],
          ['nerdctl', '-n', 'k8s.io', 'pull', 'docker.io/library/alpine:3.20'],
          ['nerdctl', '-n', 'k8s.io', 'image', 'inspect', `${REGISTRY}/checkout:3.2.0`],
          ['sh', '-c', 'crictl ps -a | grep -i -e build -e kaniko'],
          ['nerdctl', '-n', 'k8s.io', 'builder', 'prune', '--force'],
          ['crictl', 'rmi', '--prune'],
        ];
        commands.forEach((argv, i) => env.exec(sre, 'ops', pod, 'shell', argv, env.at(i * 1.2), env.at(i * 1.2 + 0.5), i % 3 === 0 ? 'create' : 'get'));
        env.connect(node, node.ip, `52.46.${rng.int(128, 191)}.${rng.int(2, 250)}`, 443, env.at(3.7), { service: 'AMAZON', bytes: 2e6 });
        env.connect(node, node.ip, `44.205.64.${rng.int(2, 250)}`, 443, env.at(6.1), { service: 'AMAZON', bytes: 4e6 });
        env.connect(node, node.ip, `104.16.${rng.int(96, 111)}.${rng.int(2, 250)}`, 443, env.at(6.2), { bytes: 3e6 });
        return env.files();
      },
      expected: [],
    },
    {
      name: 'probe-compile-not-image-build',
      kind: 'benign',
      description:
        'Pods and Jobs whose commands say build but compile code: a CronJob’s `build-report` (python -m reports.build), `npm ci && npm run build`, `go build`, `mvn -B package`, `gradle build`, `cargo build --release`, `bazel build //...`; they fetch packages from the internet.',
      build(rng, t0) {
        const env = world(rng, t0);
        const node = env.node(rng.int(1, 9));
        const jobs: Array<{ ns: string; name: string; image: string; command?: string[]; args?: string[] }> = [
          { ns: 'data', name: 'build-report', image: `${REGISTRY}/report-builder:1.3.0`, command: ['python', '-m', 'reports.build', '--date', new Date(t0).toISOString().slice(0, 10)] },
          { ns: 'web', name: 'web-assets-build', image: 'node:22-alpine', command: ['sh', '-c', 'npm ci && npm run build && aws s3 sync dist/ s3://web-assets-prod/'] },
          { ns: 'platform', name: 'go-build', image: 'golang:1.23', command: ['go', 'build', '-o', '/out/server', './cmd/server'] },
          { ns: 'payments', name: 'mvn-package', image: 'maven:3.9-eclipse-temurin-21', command: ['mvn', '-B', 'package', '-DskipTests'] },
          { ns: 'orders', name: 'gradle-build', image: 'gradle:8.10-jdk21', args: ['gradle', 'build', '--no-daemon'] },
          { ns: 'data', name: 'cargo-build', image: 'rust:1.82', command: ['cargo', 'build', '--release'] },
          { ns: 'platform', name: 'bazel-build', image: 'gcr.io/bazel-public/bazel:7.3.1', args: ['build', '//...'] },
        ];
        jobs.forEach((j, i) => {
          const at = env.at(i * 2);
          const job = i === 0 ? `build-report-${rng.int(29000000, 29999999)}` : `${j.name}-${rng.suffix()}`;
          const container = { name: j.name, image: j.image, ...(j.command ? { command: j.command } : {}), ...(j.args ? { args: j.args } : {}) };
          env.deploy(i === 0 ? controller('cronjob-controller') : person(env), { kind: 'Job', namespace: j.ns, name: job, verb: 'create', at, pod: { restartPolicy: 'Never', containers: [container] } });
          const [ip] = env.runPod(controller('job-controller'), { namespace: j.ns, name: `${job}-${rng.suffix()}`, owner: { kind: 'Job', name: job }, restartPolicy: 'Never', containers: [container] }, node, at + 900, { end: { at: at + 4 * MIN, phase: 'Succeeded' } });
          env.connect(node, ip!, `104.16.${rng.int(0, 31)}.${rng.int(2, 250)}`, 443, at + 5000, { minutes: 2, bytes: 4e7 });
          env.connect(node, ip!, `140.82.112.${rng.int(3, 6)}`, 443, at + 8000);
        });
        return env.files();
      },
      expected: [],
    },
    {
      name: 'probe-karpenter-helm-release',
      kind: 'benign',
      description:
        'During a release, Karpenter adds 30 nodes; Datadog and an image pre-puller DaemonSet (containerd.sock, `crictl pull` in a loop) start on each and pull; a release manager runs `helm upgrade` that patches 12 Deployments to images CI pushed that morning, and their pods start on the new nodes.',
      build(rng, t0) {
        const env = world(rng, t0);
        const prepuller: Agent = {
          namespace: 'kube-system',
          daemonSet: 'image-prepuller',
          containers: [{ name: 'prepull', image: `${REGISTRY}/platform/prepuller:1.2.0`, command: ['/bin/sh', '-c', `for i in $(cat /etc/prepull/images); do crictl --runtime-endpoint unix:///run/containerd/containerd.sock pull "$i"; done; sleep infinity`], mounts: { 'containerd-sock': '/run/containerd/containerd.sock' } }],
          hostPaths: { 'containerd-sock': '/run/containerd/containerd.sock' },
        };
        const nodes: Node[] = [];
        for (let i = 0; i < 30; i++) {
          const node = env.node(rng.int(100, 180));
          const joined = env.at(-5 + i * 0.2);
          for (const a of [AGENTS[0]!, prepuller]) runAgent(env, a, node, joined + rng.int(20, 60) * 1000, joined, env.at(25));
          pulls(env, node, joined + 70_000);
          nodes.push(node);
        }
        const releaser: AuditUser = iamUser(env.account, 'platform-engineer', 'release-mgr');
        const repos = [...SHOP];
        for (let i = repos.length - 1; i > 0; i--) {
          const j = rng.int(0, i);
          [repos[i], repos[j]] = [repos[j]!, repos[i]!];
        }
        repos.forEach((repo, i) => {
          const tag = `2.${rng.int(0, 40)}.${rng.int(0, 9)}`;
          const image = `${REGISTRY}/${repo}:${tag}`;
          ciPush(env, 'ci-build-main', `gitlab-ci-${rng.int(100000, 999999)}`, repo, tag, env.at(-240 + i * 3));
          const at = env.at(2 + i * 0.1);
          env.deploy(releaser, { kind: 'Deployment', namespace: 'shop', name: repo, verb: 'patch', at, agent: 'Helm/3.16.2', pod: { containers: [{ name: repo, image }] } });
          const rs = `${repo}-${rng.hex(9)}`;
          env.deploy(controller('deployment-controller'), { kind: 'ReplicaSet', namespace: 'shop', name: rs, verb: 'create', at: at + 400, pod: { containers: [{ name: repo, image }] } });
          for (let r = 0; r < 2; r++) env.runPod(RS, { namespace: 'shop', name: `${rs}-${rng.suffix()}`, owner: { kind: 'ReplicaSet', name: rs }, containers: [{ name: repo, image }] }, rng.pick(nodes), at + 900 + r * 200);
        });
        return env.files();
      },
      expected: [],
    },
  ];
}
