/**
 * "What to do first" for on-call (pure): containment steps ordered by blast radius, chosen from
 * the stages the chain reached, naming the concrete workload, host, principals, image and
 * destinations involved. Every named value is cleaned and capped.
 */
import type { Finding } from '../model/finding';
import { deployedWhere, primaryHost } from './notification-subject';
import { clean, show, showList } from './notification-text';

const list = (xs: unknown): unknown[] => (Array.isArray(xs) ? xs : []);

/** Numbered steps, most urgent first, then the way out when the build was expected. */
export function firstActions(f: Finding): string[] {
  const stages = new Set(list(f.stages));
  const host = show(primaryHost(f), 120, 'the build host');
  const image = show(f.image ?? list(f.images)[0], 300, 'the image');
  const cluster = clean(f.cluster, 100);
  const steps: string[] = [];
  if (stages.has('deploy')) {
    const where = deployedWhere(f) ?? 'the workload';
    steps.push(`Contain the deployment: scale down or roll back ${where}${cluster ? ` in cluster ${cluster}` : ''}; it runs an image built outside the pipeline.`);
  }
  steps.push(`Isolate host ${host}: quarantine security group or cordon and drain the node; snapshot its disk before terminating it.`);
  const actors = showList(f.actors, 5, 200);
  steps.push(actors ? `Revoke or rotate the credentials of ${actors}, and review what else they did in CloudTrail and the audit log.` : 'Find who ran the build (CloudTrail, Kubernetes audit log) and revoke their credentials.');
  if (stages.has('push')) {
    const registries = showList(f.registries, 3, 200);
    steps.push(`Quarantine the image ${image}${registries ? ` in ${registries}` : ''}: block pulls or delete the tag; keep the digest for analysis.`);
  }
  if (stages.has('egress')) {
    const destinations = [...new Set(list(f.egress).map((g) => (g && typeof g === 'object' ? clean(`${(g as { dstIp?: unknown }).dstIp}:${(g as { dstPort?: unknown }).dstPort}`, 60) : undefined)).filter(Boolean))];
    const shown = destinations.slice(0, 5).join(', ') + (destinations.length > 5 ? ` (+${destinations.length - 5} more)` : '');
    steps.push(`Check the untrusted destinations${shown ? ` ${shown}` : ''} in threat intelligence and block them at the egress point.`);
  }
  return [
    ...steps.map((s, i) => `${i + 1}. ${s}`),
    'If the build was expected: add the builder to approvedBuilders, or add a suppression with owner, reason and expiry to the AN1261 config.',
  ];
}
