/** Benign: approved CI builds — kaniko in namespace ci, CI runner hosts in 10.0.200.0/24 (dockerd and auditd; ephemeral runners known by RunInstances only), an approved exec. */
import { REGISTRY } from '../base-config';
import type { Env, Node } from '../env';
import { runInstancesRecord } from '../formats/cloudtrail';
import { buildCall, noiseCall, pushCall } from '../formats/dockerd';
import { serviceAccount } from '../formats/eks-audit';
import type { Scenario } from '../types';
import { kanikoPod, repoAndTag, world } from './helpers';

const ARGO = serviceAccount('argocd', 'argocd-application-controller');
const TEKTON = serviceAccount('tekton-pipelines', 'tekton-pipelines-controller');

/** What every CI build does on the network: fetch sources and packages (untrusted, but approved), upload layers to S3. */
function ciTraffic(env: Env, node: Node, src: string, at: number): void {
  env.connect(node, src, `140.82.112.${env.rng.int(3, 6)}`, 443, at);
  env.connect(node, src, `104.16.${env.rng.int(0, 31)}.${env.rng.int(2, 250)}`, 443, at + 20_000, { minutes: 2, bytes: 3e7 });
  env.connect(node, src, `52.217.${env.rng.int(0, 200)}.${env.rng.int(2, 250)}`, 443, at + 150_000, { service: 'S3', bytes: 9e7 });
}

/** The CI role pushes (CloudTrail) and ECR reports it; Argo CD rolls it out. */
function ciPushAndDeploy(env: Env, repo: string, tag: string, at: number, session: string, role = 'ci-build-kaniko'): void {
  const digest = env.ecrPush(repo, tag, at + 400);
  env.putImage({ type: 'AssumedRole', account: env.account, role, session }, repo, tag, digest, at);
  env.deploy(ARGO, { kind: 'Deployment', namespace: env.rng.pick(['web', 'apps', 'payments']), name: repo, verb: 'apply', at: at + env.rng.int(4, 12) * 60_000, agent: 'argocd-application-controller/v2.13.1', pod: { containers: [{ name: repo, image: `${REGISTRY}/${repo}:${tag}` }] } });
}

export const CI: Scenario[] = [
  {
    name: 'ci-kaniko-argo',
    kind: 'benign',
    description: 'Tekton or the CI service account ci:kaniko-builder starts kaniko pods in namespace ci that fetch sources and push; the CI role’s PutImage and Argo CD’s rollout follow.',
    build(rng, t0) {
      const env = world(rng, t0);
      const nodes = [env.node(rng.int(61, 99)), env.node(rng.int(61, 99))];
      for (let i = 0; i < 3; i++) {
        const { repo, tag, image } = repoAndTag(rng);
        const at = env.at(i * 6);
        const node = rng.pick(nodes);
        const [ip] = env.runPod(i % 2 ? serviceAccount('ci', 'kaniko-builder') : TEKTON, kanikoPod('ci', `${repo}-build-${rng.suffix()}-pod`, image, { serviceAccount: 'kaniko-builder', context: `git://gitlab.corp.example/apps/${repo}.git#refs/tags/${tag}` }), node, at, { agent: 'tekton-pipelines-controller/v0.62.1', end: { at: at + 4 * 60_000, phase: 'Succeeded' } });
        ciTraffic(env, node, ip!, at + 5000);
        ciPushAndDeploy(env, repo, tag, at + 3.5 * 60_000, `tekton-${rng.hex(10)}`);
      }
      return env.files();
    },
    expected: [],
  },
  {
    name: 'ci-runner-ec2-dockerd',
    kind: 'benign',
    description: 'A CI runner EC2 instance in 10.0.200.0/24 builds and pushes with dockerd; its logs name it only by instance id, flow logs tie that id to its 10.0.200.x address; PutImage by its instance role.',
    build(rng, t0) {
      const env = world(rng, t0);
      const runner = env.node(200);
      const lines = [];
      for (let i = 0; i < 2; i++) {
        const { repo, tag, image } = repoAndTag(rng);
        const at = env.at(i * 7);
        lines.push({ at, msg: buildCall(image, true) }, { at: at + 150_000, msg: pushCall(`${REGISTRY}/${repo}`, tag) });
        ciTraffic(env, runner, runner.ip, at + 3000);
        ciPushAndDeploy(env, repo, tag, at + 160_000, runner.instanceId, 'gitlab-runner-role');
      }
      lines.push(...Array.from({ length: 8 }, (_, i) => ({ at: env.at(-10 + i * 3), msg: noiseCall(i, 'public.ecr.aws/docker/library/node:22') })));
      env.dockerd(runner.instanceId, 'logrus', lines);
      return env.files();
    },
    expected: [],
  },
  {
    name: 'ci-ephemeral-runners-run-instances',
    kind: 'benign',
    description: 'Auto Scaling launches two one-job CI runners in 10.0.200.0/24, in a VPC without flow logs; their dockerd logs name them only by instance id and their instance role pushes. Only CloudTrail RunInstances says which IPs they hold.',
    build(rng, t0) {
      const env = world(rng, t0);
      const runners = [env.node(200), env.node(200)];
      env.trail.push(runInstancesRecord(rng, env.account, env.at(-3), runners));
      runners.forEach((runner, i) => {
        const { repo, tag, image } = repoAndTag(rng);
        const at = env.at(i * 2 + rng.int(0, 60) / 60);
        env.dockerd(runner.instanceId, 'logrus', [
          { at: at - 20_000, msg: noiseCall(i, 'public.ecr.aws/docker/library/node:22') },
          { at, msg: buildCall(image, true) },
          { at: at + 140_000, msg: pushCall(`${REGISTRY}/${repo}`, tag) },
        ]);
        ciPushAndDeploy(env, repo, tag, at + 150_000, runner.instanceId, 'gitlab-runner-role');
      });
      return env.files();
    },
    expected: [],
  },
  {
    name: 'ci-approved-exec',
    kind: 'benign',
    description: 'The CI service account execs `docker build` and `docker push` into its dind runner pod in namespace ci; the CI role pushes.',
    build(rng, t0) {
      const env = world(rng, t0, { flowGzip: false });
      const runnerSa = serviceAccount('ci', 'gitlab-runner');
      const node = env.node(rng.int(61, 99));
      const pod = `runner-${rng.suffix(8)}-project-${rng.int(100, 999)}-concurrent-0`;
      const [ip] = env.runPod(runnerSa, { namespace: 'ci', name: pod, serviceAccount: 'gitlab-runner', containers: [{ name: 'build', image: 'docker:27.3-cli', command: ['sleep', '3600'] }, { name: 'svc-0', image: 'docker:27.3-dind', privileged: true }] }, node, env.at(-2), { agent: 'gitlab-runner 17.4.0' });
      const { repo, tag, image } = repoAndTag(rng);
      env.exec(runnerSa, 'ci', pod, 'build', ['sh', '-c', `docker build -t ${image} . && docker push ${image}`], t0, env.at(4), 'create');
      ciTraffic(env, node, ip!, env.at(0.5));
      ciPushAndDeploy(env, repo, tag, env.at(3.8), `gitlab-job-${rng.int(1e6, 9e6)}`, 'ci-build-gitlab');
      return env.files();
    },
    expected: [],
  },
  {
    name: 'ci-runner-auditd',
    kind: 'benign',
    description: 'A CI runner host in 10.0.200.0/24 (auditd node= name ip-10-0-200-x) runs docker build and docker push; ECR reports the push.',
    build(rng, t0) {
      const env = world(rng, t0);
      const runner = env.node(200);
      const hostname = runner.name.replace('.ec2.internal', '');
      const { repo, tag, image } = repoAndTag(rng);
      const serial = rng.int(5000, 90000);
      env.auditd(runner.instanceId, [
        { at: t0, serial, argv: ['docker', 'build', '--pull', '-t', image, '.'], node: hostname, auid: 4294967295, cwd: '/builds/apps/app' },
        { at: env.at(3), serial: serial + 1, argv: ['docker', 'push', image], node: hostname, auid: 4294967295 },
      ]);
      ciTraffic(env, runner, runner.ip, env.at(0.3));
      env.ecrPush(repo, tag, env.at(3.3));
      return env.files();
    },
    expected: [],
  },
];
