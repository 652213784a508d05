/**
 * Attacks by `kubectl exec` into pods that mount the node's docker.sock: a 12-minute `docker build`
 * session in a tooling pod created three days before, and the other spellings of a build.
 */
import { REGISTRY } from '../base-config';
import { type Env, MIN } from '../env';
import { buildCall, noiseCall, pushCall } from '../formats/dockerd';
import type { PodArgs } from '../formats/k8s';
import type { Scenario } from '../types';
import { evilDestination, names, person, world } from './helpers';

const DAY = 24 * 60 * MIN;

/** A long-lived pod with the node's docker socket mounted (a capability, not a build). */
function socketPod(namespace: string, name: string, image: string): PodArgs {
  return { namespace, name, containers: [{ name: 'shell', image, command: ['sleep', 'infinity'], mounts: { dockersock: '/var/run/docker.sock' } }], hostPaths: { dockersock: '/var/run/docker.sock' } };
}

function execTooling(variant: number): Scenario {
  const tool = names('exec-docker-build-tooling-pod', variant);
  return {
    name: 'exec-docker-build-tooling-pod',
    kind: 'attack',
    description:
      'kubectl exec (websocket, verb get) runs `docker build` for 12 minutes in a tooling pod created 3 days earlier with docker.sock mounted; the node’s dockerd builds and pushes, the node talks out mid-build, the image is deployed.',
    build(rng, t0) {
      const env = world(rng, t0);
      const node = env.node(rng.int(1, 9));
      const pod = `toolbox-${rng.suffix()}`;
      env.runPod(person(env), socketPod('ops', pod, `${REGISTRY}/ops-toolbox:2.4.1`), node, t0 - 3 * DAY - rng.int(0, 300) * MIN);
      const attacker = person(env);
      env.exec(attacker, 'ops', pod, 'shell', ['docker', 'build', '-t', tool.image, '.'], t0, env.at(12));
      env.exec(attacker, 'ops', pod, 'shell', ['docker', 'push', tool.image], env.at(12.2), env.at(13));
      const calls = [buildCall(tool.image, true), pushCall(`${REGISTRY}/${tool.repo}`, tool.tag)].map((msg, i) => ({ at: i === 0 ? t0 + 1800 : env.at(12.3), msg }));
      const chatter = Array.from({ length: 12 }, (_, i) => ({ at: env.at(-15 + i * 3), msg: noiseCall(i, 'public.ecr.aws/nginx/nginx:1.27') }));
      env.dockerd(node.instanceId, 'logrus', [...calls, ...chatter]);
      const evil = evilDestination(rng);
      env.connect(node, node.ip, evil.ip, evil.port, env.at(6), { minutes: 3 });
      env.ecrPush(tool.repo, tool.tag, env.at(12.9));
      env.deploy(attacker, { kind: 'Deployment', namespace: 'prod', name: tool.repo, verb: 'patch', at: env.at(16), pod: { containers: [{ name: tool.repo, image: tool.image }] } });
      return env.files([env.at(6)]);
    },
    expected: [{ severity: 'CRITICAL', stages: ['build', 'egress', 'push', 'deploy'], image: tool.image, pages: true }],
  };
}

/** An exec build spelled `argv` in a docker.sock pod created that morning, with egress from its node. */
function execVariant(variant: number, name: string, description: string, argv: (image: string) => string[], tagged: boolean, verb: 'get' | 'create'): Scenario {
  const n = names(name, variant);
  return {
    name,
    kind: 'attack',
    description,
    build(rng, t0) {
      const env: Env = world(rng, t0);
      const node = env.node(rng.int(1, 9));
      const pod = `${rng.pick(['debug', 'ci-helper', 'devbox'])}-${rng.suffix()}`;
      env.runPod(person(env), socketPod(n.ns, pod, rng.pick(['docker:27.3-cli', `${REGISTRY}/devbox:1.9`])), node, t0 - rng.int(90, 240) * MIN);
      env.exec(person(env), n.ns, pod, 'shell', argv(n.image), t0, env.at(rng.int(3, 6)), verb);
      const evil = evilDestination(rng);
      env.connect(node, node.ip, evil.ip, evil.port, env.at(1.5), { minutes: 2 });
      return env.files();
    },
    expected: [{ severity: 'MEDIUM', stages: ['build', 'egress'], ...(tagged ? { image: n.image } : {}), pages: true }],
  };
}

export function exec(variant: number): Scenario[] {
  return [
    execTooling(variant),
    execVariant(variant, 'exec-compose-build', '`docker compose build` through the node socket, then egress from the node.', () => ['docker', 'compose', '-f', '/src/compose.yaml', 'build'], false, 'get'),
    execVariant(variant, 'exec-buildx-bake', '`docker buildx bake` through the node socket (SPDY exec, verb create), then egress.', () => ['docker', 'buildx', 'bake', '-f', '/src/docker-bake.hcl'], false, 'create'),
    execVariant(variant, 'exec-sh-c-build', '`sh -c "cd /src && docker build -t … ."` through the node socket, then egress.', (image) => ['sh', '-c', `cd /src && docker build -t ${image} .`], true, 'get'),
    execVariant(variant, 'exec-env-nice-build', '`env X=1 nice -n 10 docker build -t … .` through the node socket, then egress.', (image) => ['env', 'GIT_SHA=3f2a1c9', 'nice', '-n', '10', 'docker', 'build', '-t', image, '.'], true, 'get'),
  ];
}
