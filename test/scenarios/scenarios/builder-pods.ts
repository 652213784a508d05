/** Attacks with other builder pods: buildah, podman, a privileged BuildKit, docker-in-docker. */
import type { PodArgs } from '../formats/k8s';
import type { Scenario } from '../types';
import { evilDestination, names, person, world } from './helpers';

const shell = (script: string) => ['/bin/sh', '-c', script];

export function builderPods(variant: number): Scenario[] {
  const buildah = names('buildah-pod-build', variant);
  const podman = names('podman-pod-build', variant);
  const buildkit = names('buildkit-privileged-pod', variant);
  const dind = names('dind-pod-build', variant);
  return [
    {
      name: 'buildah-pod-build',
      kind: 'attack',
      description: 'A buildah pod (`buildah bud` then `buildah push`) with egress to an unknown host, pushed to ECR, not deployed; v2 flow logs.',
      build(rng, t0) {
        const env = world(rng, t0, { flowFormat: 'v2' });
        const user = person(env);
        const node = env.node(rng.int(1, 9));
        const pod: PodArgs = { namespace: buildah.ns, name: buildah.pod, restartPolicy: 'Never', containers: [{ name: 'buildah', image: 'quay.io/buildah/stable:v1.37.3', command: shell(`buildah bud --storage-driver=vfs -t ${buildah.image} . && buildah push ${buildah.image}`) }] };
        const [ip] = env.runPod(user, pod, node, t0, { end: { at: env.at(7), phase: 'Succeeded' } });
        const evil = evilDestination(rng);
        env.connect(node, ip!, evil.ip, evil.port, env.at(2.5), { minutes: 2 });
        env.ecrPush(buildah.repo, buildah.tag, env.at(6.5));
        return env.files();
      },
      expected: [{ severity: 'HIGH', stages: ['build', 'egress', 'push'], image: buildah.image, pages: true }],
    },
    {
      name: 'podman-pod-build',
      kind: 'attack',
      description: 'A podman pod builds and pushes; the image is rolled out as a StatefulSet.',
      build(rng, t0) {
        const env = world(rng, t0);
        const user = person(env);
        const node = env.node(rng.int(1, 9));
        const pod: PodArgs = { namespace: podman.ns, name: podman.pod, restartPolicy: 'Never', containers: [{ name: 'podman', image: 'quay.io/podman/stable:v5.2', command: ['podman'], args: ['build', '--tag', podman.image, '/workspace'] }] };
        env.runPod(user, pod, node, t0, { end: { at: env.at(4), phase: 'Succeeded' } });
        env.ecrPush(podman.repo, podman.tag, env.at(4.5));
        env.deploy(user, { kind: 'StatefulSet', namespace: podman.ns, name: podman.repo, verb: 'patch', at: env.at(12), pod: { containers: [{ name: podman.repo, image: podman.image }] } });
        return env.files();
      },
      expected: [{ severity: 'HIGH', stages: ['build', 'push', 'deploy'], image: podman.image, pages: true }],
    },
    {
      name: 'buildkit-privileged-pod',
      kind: 'attack',
      description: 'A privileged moby/buildkit pod runs buildctl-daemonless.sh with push=true, talks out, the image is deployed.',
      build(rng, t0) {
        const env = world(rng, t0);
        const user = person(env);
        const node = env.node(rng.int(1, 9));
        const args = ['build', '--frontend', 'dockerfile.v0', '--local', 'context=/ws', '--local', 'dockerfile=/ws', '--output', `type=image,name=${buildkit.image},push=true`];
        const pod: PodArgs = { namespace: buildkit.ns, name: buildkit.pod, restartPolicy: 'Never', containers: [{ name: 'buildkit', image: 'moby/buildkit:v0.16.0', command: ['buildctl-daemonless.sh'], args, privileged: true }] };
        const [ip] = env.runPod(user, pod, node, t0, { end: { at: env.at(8), phase: 'Succeeded' } });
        const evil = evilDestination(rng);
        env.connect(node, ip!, evil.ip, evil.port, env.at(3), { minutes: 3 });
        env.ecrPush(buildkit.repo, buildkit.tag, env.at(7.5));
        env.deploy(user, { kind: 'Deployment', namespace: buildkit.ns, name: buildkit.repo, verb: 'json-patch', at: env.at(15), pod: { containers: [{ name: buildkit.repo, image: buildkit.image }] } });
        return env.files();
      },
      expected: [{ severity: 'CRITICAL', stages: ['build', 'egress', 'push', 'deploy'], image: buildkit.image, pages: true }],
    },
    {
      name: 'dind-pod-build',
      kind: 'attack',
      description: 'A docker:dind sidecar and a docker CLI container build an image that downloads a payload from the internet; nothing is pushed (audit exported with filter-log-events).',
      build(rng, t0) {
        const env = world(rng, t0, { auditShape: 'cli-export', flowGzip: false });
        const user = person(env);
        const node = env.node(rng.int(1, 9));
        const pod: PodArgs = {
          namespace: dind.ns,
          name: dind.pod,
          containers: [
            { name: 'dind', image: 'docker:27.3-dind', privileged: true, args: ['--host=tcp://0.0.0.0:2375'] },
            { name: 'cli', image: 'docker:27.3-cli', command: shell(`sleep 5; DOCKER_HOST=tcp://localhost:2375 docker build -t ${dind.image} https://github.com/jdoe-x/tools.git#main && sleep 3600`) },
          ],
        };
        const [ip] = env.runPod(user, pod, node, t0);
        env.connect(node, ip!, `140.82.113.${rng.int(3, 6)}`, 443, env.at(0.5));
        env.connect(node, ip!, rng.publicIp(['104.21.40', '172.67.182']), 443, env.at(1.5), { minutes: 2, bytes: 9e6 });
        return env.files();
      },
      expected: [{ severity: 'MEDIUM', stages: ['build', 'egress'], image: dind.image, pages: true }],
    },
  ];
}
