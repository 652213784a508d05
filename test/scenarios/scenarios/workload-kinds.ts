/** Attacks whose built image is rolled out as a CronJob, a Job or a DaemonSet. */
import type { Scenario } from '../types';
import type { WorkloadKind } from '../formats/workloads';
import { evilDestination, kanikoPod, names, person, world } from './helpers';

function deployedAs(variant: number, kind: WorkloadKind, verb: 'create' | 'patch' | 'json-patch', withEgress: boolean, builder: 'kaniko' | 'img'): Scenario {
  const name = `deploy-as-${kind.toLowerCase()}`;
  const n = names(name, variant);
  return {
    name,
    kind: 'attack',
    description: `A ${builder} pod builds and pushes an image that is then deployed as a ${kind} (${verb})${withEgress ? ', with egress during the build' : ''}.`,
    build(rng, t0) {
      const env = world(rng, t0, { trailGzip: false });
      const user = person(env);
      const node = env.node(rng.int(1, 9));
      const pod =
        builder === 'kaniko'
          ? kanikoPod(n.ns, n.pod, n.image)
          : { namespace: n.ns, name: n.pod, restartPolicy: 'Never' as const, containers: [{ name: 'img', image: 'r.j3ss.co/img:v0.5.11', command: ['/bin/sh', '-c', `img build -t ${n.image} . && img push ${n.image}`] }] };
      const [ip] = env.runPod(user, pod, node, t0, { end: { at: env.at(5), phase: 'Succeeded' } });
      if (withEgress) {
        const evil = evilDestination(rng);
        env.connect(node, ip!, evil.ip, evil.port, env.at(2));
      }
      env.ecrPush(n.repo, n.tag, env.at(4.7));
      env.deploy(user, { kind, namespace: n.ns, name: `${n.repo}-${kind.toLowerCase()}`, verb, at: env.at(rng.int(7, 13)), pod: { restartPolicy: kind === 'DaemonSet' ? 'Always' : 'OnFailure', containers: [{ name: 'main', image: n.image }] } });
      return env.files();
    },
    expected: [{ severity: withEgress ? 'CRITICAL' : 'HIGH', stages: withEgress ? ['build', 'egress', 'push', 'deploy'] : ['build', 'push', 'deploy'], image: n.image, pages: true }],
  };
}

export function workloadKinds(variant: number): Scenario[] {
  return [deployedAs(variant, 'CronJob', 'create', false, 'img'), deployedAs(variant, 'Job', 'create', true, 'kaniko'), deployedAs(variant, 'DaemonSet', 'json-patch', false, 'kaniko')];
}
