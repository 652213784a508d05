/** Attacks on EC2 hosts seen through dockerd, auditd and CloudTrail: builds, pushes (also to Docker Hub), push-only, a burst of images. */
import { REGISTRY } from '../base-config';
import { type Env, type Node } from '../env';
import { ORDINARY_COMMANDS } from '../formats/auditd';
import type { Caller } from '../formats/cloudtrail';
import { buildCall, noiseCall, pushCall } from '../formats/dockerd';
import { pulls } from '../noise';
import type { Scenario } from '../types';
import { evilDestination, names, person, world } from './helpers';

const role = (env: Env, name: string, host: Node): Caller => ({ type: 'AssumedRole', account: env.account, role: name, session: host.instanceId });
const chatter = (env: Env, from: number, n: number) => Array.from({ length: n }, (_, i) => ({ at: env.at(from + i * 2.5), msg: noiseCall(i, 'public.ecr.aws/docker/library/redis:7.4') }));

/** Five different images for the burst: a repeated repo:tag (a few draws in 10⁵) would be one image pushed twice, not five. */
function fiveImages(variant: number): Array<ReturnType<typeof names>> {
  const out: Array<ReturnType<typeof names>> = [];
  for (let i = 0; out.length < 5; i++) {
    const n = names(`image-burst-${i}`, variant);
    if (!out.some((o) => o.image === n.image)) out.push(n);
  }
  return out;
}

export function hosts(variant: number): Scenario[] {
  const ec2 = names('dockerd-ec2-build-cloudtrail', variant);
  const audit = names('auditd-build-push', variant);
  const hub = names('dockerhub-push-outside-allowlist', variant);
  const pushOnly = names('push-only-instance-role', variant);
  const hubImage = `docker.io/${hub.rng.pick(['jdoe-x', 'qa-bot7', 'tmp-builds'])}/${hub.repo}:${hub.tag}`;
  const burst = fiveImages(variant);
  return [
    {
      name: 'dockerd-ec2-build-cloudtrail',
      kind: 'attack',
      description: 'dockerd on an EC2 host logs POST /build and a push; CloudTrail shows PutImage by the instance role (session = instance id); the image is deployed.',
      build(rng, t0) {
        const env = world(rng, t0, { trailGzip: true });
        const host = env.node(rng.int(1, 9));
        env.dockerd(host.instanceId, 'logrus', [{ at: t0, msg: buildCall(ec2.image, false) }, { at: env.at(3.5), msg: pushCall(`${REGISTRY}/${ec2.repo}`, ec2.tag, true) }, ...chatter(env, -10, 10)]);
        const digest = env.ecrPush(ec2.repo, ec2.tag, env.at(3.9));
        env.putImage(role(env, 'app-server-role', host), ec2.repo, ec2.tag, digest, env.at(3.8));
        pulls(env, host, env.at(-40)); // the base image was pulled well before the build window
        env.deploy(person(env), { kind: 'Deployment', namespace: ec2.ns, name: ec2.repo, verb: 'patch', at: env.at(10), pod: { containers: [{ name: ec2.repo, image: ec2.image }] } });
        return env.files();
      },
      expected: [{ severity: 'HIGH', stages: ['build', 'push', 'deploy'], image: ec2.image, pages: true }],
    },
    {
      name: 'auditd-build-push',
      kind: 'attack',
      description: 'auditd EXECVE records (node= prefix) show `docker build -t …` and `docker push …` on a host that talks to an unknown address; ECR reports the push.',
      build(rng, t0) {
        const env = world(rng, t0);
        const host = env.node(rng.int(1, 9));
        const hostname = host.name.replace('.ec2.internal', '');
        const base = rng.int(1000, 90000);
        const ordinary = ORDINARY_COMMANDS.map((argv, i) => ({ at: env.at(-12 + i * 2), serial: base + i, argv, node: hostname, auid: 1001 }));
        const build = { at: t0, serial: base + 20, argv: ['docker', 'build', '-t', audit.image, '--build-arg', 'SRC=https://paste.example/raw/x', '.'], node: hostname, auid: 1001, auidName: 'ec2-user', cwd: '/tmp/.x' };
        const push = { at: env.at(2.5), serial: base + 21, argv: ['docker', 'push', audit.image], node: hostname, auid: 1001, auidName: 'ec2-user' };
        env.auditd(host.instanceId, [...ordinary, build, push], 'audit.log');
        const evil = evilDestination(rng);
        env.connect(host, host.ip, evil.ip, evil.port, env.at(0.8), { minutes: 2 });
        env.ecrPush(audit.repo, audit.tag, env.at(3));
        return env.files();
      },
      expected: [{ severity: 'HIGH', stages: ['build', 'egress', 'push'], image: audit.image, pages: true }],
    },
    {
      name: 'dockerhub-push-outside-allowlist',
      kind: 'attack',
      description: 'A host builds and pushes to Docker Hub (outside registryAllowList: +1), dockerd logfmt behind journald, egress to Docker Hub over AMAZON addresses.',
      build(rng, t0) {
        const env = world(rng, t0);
        const host = env.node(rng.int(1, 9));
        const hostname = host.name.replace('.ec2.internal', '');
        const short = hubImage.replace('docker.io/', '');
        const lines = [{ at: t0, msg: buildCall(short, true) }, { at: env.at(2), msg: pushCall(short.split(':')[0]!, hub.tag, true) }, ...chatter(env, -8, 6)];
        env.dockerd(host.instanceId, 'journald', lines, { hostname, plain: `${hostname}-dockerd.log` });
        env.connect(host, host.ip, `54.227.20.${rng.int(2, 250)}`, 443, env.at(2.1), { minutes: 2, bytes: 6e7, service: 'AMAZON' });
        return env.files();
      },
      expected: [{ severity: 'CRITICAL', stages: ['build', 'egress', 'push'], image: hubImage, pages: true }],
    },
    {
      name: 'push-only-instance-role',
      kind: 'attack',
      description: 'No build is seen: CloudTrail PutImage by an EC2 instance-role session (session name = instance id), then a deploy of that image.',
      build(rng, t0) {
        const env = world(rng, t0, { trailGzip: false });
        const host = env.node(rng.int(1, 9));
        const digest = env.ecrPush(pushOnly.repo, pushOnly.tag, env.at(0.2));
        env.putImage(role(env, 'batch-worker-role', host), pushOnly.repo, pushOnly.tag, digest, t0);
        env.deploy(person(env), { kind: 'Deployment', namespace: pushOnly.ns, name: pushOnly.repo, verb: 'patch', at: env.at(6), pod: { containers: [{ name: pushOnly.repo, image: pushOnly.image }] } });
        return env.files();
      },
      expected: [{ severity: 'HIGH', stages: ['push', 'deploy'], image: pushOnly.image, pages: true }],
    },
    {
      name: 'image-burst-threshold',
      kind: 'attack',
      description: 'One host builds and pushes five new images within four minutes (more than newImageThreshold 3): every chain is raised one step.',
      build(rng, t0) {
        const env = world(rng, t0);
        const host = env.node(rng.int(1, 9));
        const lines = burst.flatMap((n, i) => [{ at: env.at(i * 0.8), msg: buildCall(n.image, true) }, { at: env.at(i * 0.8 + 0.5), msg: pushCall(`${REGISTRY}/${n.repo}`, n.tag) }]);
        env.dockerd(host.instanceId, 'logfmt', lines);
        burst.forEach((n, i) => env.putImage(role(env, 'app-server-role', host), n.repo, n.tag, env.ecrPush(n.repo, n.tag, env.at(i * 0.8 + 0.6)), env.at(i * 0.8 + 0.55)));
        return env.files();
      },
      expected: burst.map((n) => ({ severity: 'CRITICAL' as const, stages: ['build' as const, 'push' as const], image: n.image, pages: true })),
    },
  ];
}

