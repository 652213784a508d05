/** Attacks with a kaniko builder pod: the full chain, a long build, IPv6 egress, a deploy by digest. */

import type { Scenario } from '../types';
import { REGISTRY } from '../base-config';
import { evilDestination, kanikoPod, names, person, world } from './helpers';

export function kaniko(variant: number): Scenario[] {
  const full = names('kaniko-full-chain', variant);
  const long = names('kaniko-long-build', variant);
  const v6 = names('kaniko-ipv6-egress', variant);
  const byDigest = names('kaniko-deploy-by-digest', variant);
  return [
    {
      name: 'kaniko-full-chain',
      kind: 'attack',
      description: 'A person runs a kaniko pod from a personal repository; the pod talks to GitHub and a C2 port, the image lands in ECR and is rolled out to production.',
      build(rng, t0) {
        const env = world(rng, t0);
        const user = person(env);
        const node = env.node(rng.int(1, 9));
        const [ip] = env.runPod(user, kanikoPod(full.ns, full.pod, full.image, { context: 'git://github.com/jdoe-x/payments.git#refs/heads/quickfix' }), node, t0, { end: { at: env.at(5.2), phase: 'Succeeded' } });
        const evil = evilDestination(rng);
        env.connect(node, ip!, `140.82.112.${rng.int(3, 6)}`, 443, env.at(0.2));
        env.connect(node, ip!, evil.ip, evil.port, env.at(1), { minutes: 2 });
        env.connect(node, ip!, `52.217.${rng.int(0, 200)}.${rng.int(2, 250)}`, 443, env.at(4), { service: 'S3', bytes: 80e6 });
        env.ecrPush(full.repo, full.tag, env.at(4.6));
        env.deploy(user, { kind: 'Deployment', namespace: 'prod', name: full.repo, verb: 'patch', at: env.at(9.5), pod: { containers: [{ name: full.repo, image: full.image }] } });
        return env.files();
      },
      expected: [{ severity: 'CRITICAL', stages: ['build', 'egress', 'push', 'deploy'], image: full.image, pages: true }],
    },
    {
      name: 'kaniko-long-build',
      kind: 'attack',
      description: 'A kaniko build that runs 26 minutes: the push comes 25 minutes after the pod was created (at its end), then a deploy; the window counts from the build interval.',
      build(rng, t0) {
        const env = world(rng, t0, { flowFormat: 'v2', noise: { to: 45 } });
        const user = person(env);
        const node = env.node(rng.int(1, 9));
        env.runPod(user, kanikoPod(long.ns, long.pod, long.image), node, t0, { end: { at: env.at(26), phase: 'Succeeded' } });
        env.ecrPush(long.repo, long.tag, env.at(25));
        env.deploy(user, { kind: 'Deployment', namespace: long.ns, name: long.repo, verb: 'patch', at: env.at(29), pod: { containers: [{ name: long.repo, image: long.image }] } });
        return env.files();
      },
      expected: [{ severity: 'HIGH', stages: ['build', 'push', 'deploy'], image: long.image, pages: true }],
    },
    {
      name: 'kaniko-ipv6-egress',
      kind: 'attack',
      description: 'A kaniko pod on a dual-stack node talks to a public IPv6 address; flow logs carry the pod’s IPv6 address; pushed and deployed.',
      config: { internalCidrs: ['10.0.0.0/16', '2600:1f18:4e2:9a00::/56'] },
      build(rng, t0) {
        const env = world(rng, t0);
        const user = person(env);
        const node = env.node(rng.int(1, 9));
        const podV6 = `2600:1f18:4e2:9a${rng.hex(2)}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(3)}1`;
        env.runPod(user, kanikoPod(v6.ns, v6.pod, v6.image), node, t0, { ips: [env.podIp(node), podV6], end: { at: env.at(6), phase: 'Succeeded' } });
        env.connect(node, podV6, `2a01:4f8:c17:${rng.hex(4)}::${rng.int(2, 9)}`, rng.pick([443, 8443]), env.at(1.5), { minutes: 2 });
        env.ecrPush(v6.repo, v6.tag, env.at(5.5));
        env.deploy(user, { kind: 'Deployment', namespace: v6.ns, name: v6.repo, verb: 'patch', at: env.at(11), pod: { containers: [{ name: v6.repo, image: v6.image }] } });
        return env.files();
      },
      expected: [{ severity: 'CRITICAL', stages: ['build', 'egress', 'push', 'deploy'], image: v6.image, pages: true }],
    },
    {
      name: 'kaniko-deploy-by-digest',
      kind: 'attack',
      description: 'kaniko builds a tag, ECR reports the push with its digest, and the deploy names the image only by that digest.',
      build(rng, t0) {
        const env = world(rng, t0, { auditShape: 'awslogs' });
        const user = person(env);
        const node = env.node(rng.int(1, 9));
        env.runPod(user, kanikoPod(byDigest.ns, byDigest.pod, byDigest.image), node, t0, { end: { at: env.at(3), phase: 'Succeeded' } });
        const digest = env.ecrPush(byDigest.repo, byDigest.tag, env.at(2.8));
        env.deploy(user, { kind: 'StatefulSet', namespace: byDigest.ns, name: byDigest.repo, verb: 'patch', at: env.at(8), pod: { containers: [{ name: 'app', image: `${REGISTRY}/${byDigest.repo}@${digest}` }] } });
        return env.files();
      },
      expected: [{ severity: 'HIGH', stages: ['build', 'push', 'deploy'], image: byDigest.image, pages: true }],
    },
  ];
}

