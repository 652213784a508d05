/**
 * The SNS subject of a notification (pure): `[CRITICAL] AN1261 image built on host i-0… pushed and
 * deployed (prod/payments-api)`. SNS wants UTF-8 without line breaks or control characters and
 * fewer than 100 characters; email clients want ASCII, so the subject is printable ASCII of at most
 * 99 characters, built from capped parts so the severity and the host always survive the cut.
 */
import type { Finding } from '../model/finding';
import type { NotifyReason } from './notify-policy';
import { asciiLine, clean } from './notification-text';

export const SUBJECT_MAX = 99;
const HOST_MAX = 28;
const WHERE_MAX = 40;

const list = (xs: unknown): unknown[] => (Array.isArray(xs) ? xs : []);

/** The host a person recognises first: instance id, node name, hostname, pod, IP. */
export function primaryHost(f: Finding): string | undefined {
  const h = f.hosts;
  for (const c of [...list(h?.instanceIds), ...list(h?.nodeNames), ...list(h?.hostnames), ...list(h?.pods), ...list(h?.ips)]) {
    const s = clean(c, 200);
    if (s !== undefined) return s;
  }
  return undefined;
}

/** `namespace/workload`, else the namespace, else `cluster <name>`. */
export function deployedWhere(f: Finding): string | undefined {
  const ns = clean(f.namespace, 63);
  const workload = clean(f.workload, 253);
  if (ns && workload) return `${ns}/${workload}`;
  if (ns ?? workload) return ns ?? workload;
  const cluster = clean(f.cluster, 100);
  return cluster ? `cluster ${cluster}` : undefined;
}

/**
 * What happened, in subject words: `image built on host X pushed and deployed (ns/workload)`, or
 * compact (`built on X, pushed, deployed (ns/workload)`) when the line is tight.
 */
function chainPhrase(f: Finding, compact: boolean, hostMax: number, whereMax: number): string {
  const stages = new Set(list(f.stages));
  const host = asciiLine(primaryHost(f) ?? 'unknown host', hostMax);
  const actions = [stages.has('build') && stages.has('push') ? 'pushed' : undefined, stages.has('deploy') ? 'deployed' : undefined].filter(Boolean);
  const whereRaw = deployedWhere(f);
  const where = whereRaw ? ` (${asciiLine(whereRaw, whereMax)})` : '';
  if (compact) return `${stages.has('build') ? 'built on' : 'pushed from'} ${host}${actions.map((a) => `, ${a}`).join('')}${where}`;
  const start = stages.has('build') ? `image built on host ${host}` : `image pushed from ${host}`;
  return `${start}${actions.length ? ` ${actions.join(' and ')}` : ''}${where}`;
}

/**
 * The subject line for a notification.
 * @example notificationSubject(criticalFinding, 'escalated', 'HIGH')
 *   // '[CRITICAL, was HIGH] AN1261 image built on host i-0a1b2c3d4e5f60718 pushed and deployed (prod/payments-api)'
 */
export function notificationSubject(f: Finding, reason: NotifyReason, previousSeverity?: string): string {
  const was = reason === 'escalated' && previousSeverity ? `, was ${asciiLine(previousSeverity, 13)}` : reason === 'unsuppressed' ? ', unsuppressed' : '';
  const tag = `[${asciiLine(String(f.severity), 13)}${was}] AN1261 `;
  // Shrink wording, then the free parts, before cutting the line, so that the host stays readable.
  const attempts = [
    [false, HOST_MAX, WHERE_MAX],
    [true, HOST_MAX, WHERE_MAX],
    [true, 20, 24],
    [true, 16, 16],
  ] as const;
  for (const [compact, hostMax, whereMax] of attempts) {
    const line = tag + chainPhrase(f, compact, hostMax, whereMax);
    if (line.length <= SUBJECT_MAX) return line;
  }
  return asciiLine(tag + chainPhrase(f, true, 16, 16), SUBJECT_MAX);
}
