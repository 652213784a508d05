/** Attacks about time: late and reordered delivery, and activity outside the release windows. */
import { ecrEventsFile } from '../formats/ecr-events';
import { flowLogFile, flowLogName } from '../formats/vpc-flow';
import type { Rng } from '../rng';
import type { Scenario, ScenarioFile } from '../types';
import { evilDestination, kanikoPod, names, person, world } from './helpers';

/** A November 2026 night in Paris (20:00–06:59 CET, UTC+1), well outside the 09:00–18:00 release windows. */
function nightStart(rng: Rng): string {
  const parisHour = rng.pick([20, 21, 22, 23, 0, 1, 2, 3, 4, 5, 6]);
  return new Date(Date.UTC(2026, 10, rng.int(2, 13), parisHour - 1, rng.int(0, 59), rng.int(0, 59))).toISOString();
}

export function timing(variant: number): Scenario[] {
  const late = names('late-reordered-delivery', variant);
  const night = names('release-window-night-build', variant);
  return [
    {
      name: 'late-reordered-delivery',
      kind: 'attack',
      description:
        'The full kaniko chain delivered out of order: the ECR event first, then the later flow-log file, then the earlier one holding the egress, then the deploy, and the build’s audit events last.',
      build(rng, t0) {
        const env = world(rng, t0, { noise: { from: -10, to: 14 } });
        const noiseAudit = env.audit.length;
        const user = person(env);
        const node = env.node(rng.int(1, 9));
        const [ip] = env.runPod(user, kanikoPod(late.ns, late.pod, late.image), node, t0, { end: { at: env.at(6), phase: 'Succeeded' } });
        const buildEvents = env.audit.splice(noiseAudit);
        const evil = evilDestination(rng);
        env.connect(node, ip!, evil.ip, evil.port, env.at(1), { minutes: 3 });
        env.ecrPush(late.repo, late.tag, env.at(5.5));
        env.deploy(user, { kind: 'Deployment', namespace: late.ns, name: late.repo, verb: 'patch', at: env.at(11), pod: { containers: [{ name: late.repo, image: late.image }] } });
        const cut = env.at(8);
        const flowFile = (dir: string, keep: (start: number) => boolean): ScenarioFile => ({ path: `${dir}/${flowLogName(env.account, cut, rng.hex(8))}`, content: flowLogFile('v5', env.account, env.flows.filter((f) => keep(f.start))) });
        const rest = env.files().filter((f) => !/^(1-eks|2-flow|4-ecr)\//.test(f.path));
        const files: ScenarioFile[] = [
          { path: 'a-ecr/ecr-image-actions.jsonl', content: ecrEventsFile(env.ecr) },
          flowFile('b-flow', (start) => start >= cut),
          flowFile('c-flow', (start) => start < cut),
          { path: 'd-eks/audit-deploys-and-noise.json', content: env.auditFile(env.audit) },
          { path: 'e-eks/audit-build.json', content: env.auditFile(buildEvents) },
          ...rest,
        ];
        return files;
      },
      expected: [{ severity: 'CRITICAL', stages: ['build', 'egress', 'push', 'deploy'], image: late.image, pages: true }],
    },
    {
      name: 'release-window-night-build',
      kind: 'attack',
      description: 'Release windows are weekdays 09:00–18:00 Europe/Paris; a kaniko build with egress runs at night (02:00 Paris on a Tuesday; other variants: another night hour and day): MEDIUM raised one step.',
      start: variant ? nightStart(night.rng) : '2026-11-03T01:00:00.000Z',
      config: { releaseWindows: [{ days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], start: '09:00', end: '18:00', timeZone: 'Europe/Paris' }] },
      build(rng, t0) {
        const env = world(rng, t0);
        const user = person(env);
        const node = env.node(rng.int(1, 9));
        const [ip] = env.runPod(user, kanikoPod(night.ns, night.pod, night.image, { noPush: false }), node, t0 + 7 * 1000, { end: { at: env.at(4), phase: 'Failed' } });
        const evil = evilDestination(rng);
        env.connect(node, ip!, evil.ip, evil.port, env.at(0.5), { minutes: 2 });
        return env.files();
      },
      expected: [{ severity: 'HIGH', stages: ['build', 'egress'], image: night.image, pages: true }],
    },
  ];
}

