/**
 * The plain-text SNS body (pure), for an on-call engineer reading it at 3 a.m.: what happened, the
 * evidence timeline, which allowlists were checked, what to do first, and links. Every value from
 * telemetry is cleaned (one line, no control characters or ANSI) and capped, and lists are cut, so
 * the body stays a few tens of KB whatever the finding carries.
 */
import type { Finding, TimelineEntry } from '../model/finding';
import { firstActions } from './notification-actions';
import { MITRE_T1612_URL } from './notification-links';
import type { NotifyReason } from './notify-policy';
import { deployedWhere } from './notification-subject';
import { clean, show, showList, showTime } from './notification-text';

/** Timeline entries quoted: the first and last halves of a long chain (build … deploy). */
export const TIMELINE_MAX = 30;
const ALLOWLISTS_MAX = 20;
const EGRESS_MAX = 10;
const MODIFIERS_MAX = 10;

export interface BodyContext {
  reason: NotifyReason;
  previousSeverity?: string;
  /** Console link of the imported finding, or undefined when Security Hub publishing is off. */
  securityHubUrl?: string;
  /** The Security Hub finding Id (`an1261/<id>`). */
  asffId: string;
  /** Account and Region the finding was imported into (the publisher's). */
  account: string;
  region: string;
}

const list = <T>(xs: readonly T[] | undefined): readonly T[] => (Array.isArray(xs) ? xs : []);
const PROTOCOLS: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPv6' };

/** `4 min 10 s` (a finding from the queue is untrusted: anything but a sane number says nothing). */
function pushToDeployText(seconds: unknown): string | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 366 * 86_400) return undefined;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s after the push`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s after the push`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min after the push`;
}

function field(label: string, value: string | undefined): string[] {
  return value ? [`  ${label.padEnd(12)} ${value}`] : [];
}

function reasonLine(f: Finding, ctx: BodyContext): string {
  if (ctx.reason === 'escalated') return `Severity raised from ${show(ctx.previousSeverity, 13)} to ${show(f.severity, 13)} (finding version ${show(f.version, 12)}).`;
  if (ctx.reason === 'unsuppressed') return `The suppression that covered this finding no longer applies (finding version ${show(f.version, 12)}).`;
  return 'New finding.';
}

function whatHappened(f: Finding, ctx: BodyContext): string[] {
  const h = f.hosts;
  const modifiers = list(f.modifiers).slice(0, MODIFIERS_MAX).map((m) => clean(m?.reason, 200)).filter(Boolean);
  const severity = `${show(f.severity, 13)} (chain ${show(f.baseSeverity, 13)}${modifiers.length ? `; raised: ${modifiers.join('; ')}` : ''})`;
  const where = deployedWhere(f);
  return [
    'WHAT HAPPENED',
    ...field('Severity', severity),
    ...field('Chain', list(f.stages).map((s) => clean(s, 10)).filter(Boolean).join(' -> ')),
    ...field('Host', showList([...list(h?.instanceIds), ...list(h?.nodeNames), ...list(h?.hostnames)], 5, 120)),
    ...field('Host IPs', showList(h?.ips, 5, 45)),
    ...field('Pods', showList(h?.pods, 5, 200)),
    ...field('Image', clean(f.image, 300) ?? showList(f.images, 3, 300)),
    ...field('Pushed to', showList(f.registries, 5, 200)),
    ...field('Deployed', list(f.stages).includes('deploy') && where ? `${where}${clean(f.cluster, 100) ? ` in cluster ${clean(f.cluster, 100)}` : ''}` : undefined),
    ...field('Went live', pushToDeployText(f.pushToDeploySeconds)),
    ...field('Cluster', list(f.stages).includes('deploy') ? undefined : clean(f.cluster, 100)),
    ...field('Actors', showList(f.actors, 5, 200)),
    ...field('Account', `${show(f.account, 12, ctx.account)}${clean(f.accountName, 64) ? ` ${clean(f.accountName, 64)}` : ''} (${show(f.region, 20, ctx.region)})`),
    ...field('First seen', showTime(f.firstSeen)),
    ...field('Last seen', showTime(f.lastSeen)),
  ];
}

function timelineLine(e: TimelineEntry): string[] {
  const origin = [clean(e?.source, 30), clean(e?.rule, 60)].filter(Boolean).join('/');
  return [
    `  ${showTime(e?.time)}  ${show(e?.stage, 6, '?').padEnd(6)}  ${show(e?.summary, 240, '(no summary)')}${origin ? `  [${origin}]` : ''}`,
    ...(clean(e?.ref, 200) ? [`      source record: ${clean(e?.ref, 200)}`] : []),
  ];
}

function timeline(f: Finding): string[] {
  const entries = list(f.timeline);
  const half = TIMELINE_MAX / 2;
  const shown = entries.length <= TIMELINE_MAX ? entries : [...entries.slice(0, half), undefined, ...entries.slice(-half)];
  return [
    `EVIDENCE TIMELINE (${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, UTC)`,
    ...shown.flatMap((e) => (e === undefined ? [`  … ${entries.length - TIMELINE_MAX} more entries (all are in the Security Hub finding's source records) …`] : timelineLine(e))),
  ];
}

function egress(f: Finding): string[] {
  const flows = list(f.egress);
  if (flows.length === 0) return [];
  const lines = flows.slice(0, EGRESS_MAX).map((g) => {
    const proto = PROTOCOLS[g?.protocol] ?? show(g?.protocol, 5, '?');
    const bytes = Number.isFinite(g?.bytes) ? `${g.bytes} bytes` : '? bytes';
    return `  ${show(g?.srcIp, 45, '?')} -> ${show(g?.dstIp, 45, '?')}:${show(g?.dstPort, 5, '?')}/${proto}  ${bytes}  ${showTime(g?.firstSeen)} .. ${showTime(g?.lastSeen)}${g?.nonStandardPort ? '  non-standard port' : ''}`;
  });
  return ['UNTRUSTED EGRESS FROM THE HOST', ...lines, ...(flows.length > EGRESS_MAX ? [`  … ${flows.length - EGRESS_MAX} more destinations`] : [])];
}

function allowlists(f: Finding): string[] {
  const checks = list(f.allowlists);
  if (checks.length === 0) return ['ALLOWLISTS CHECKED', '  none configured for this chain'];
  const matched = checks.filter((c) => c?.matched !== undefined).length;
  const lines = checks.slice(0, ALLOWLISTS_MAX).map((c) => {
    const entries = Number.isInteger(c?.entries) ? `${c.entries} ${c.entries === 1 ? 'entry' : 'entries'}` : '? entries';
    const verdict = c?.matched !== undefined ? `matched ${show(c.matched, 200)}` : show(c?.explanation, 300, 'no match');
    return `  ${show(c?.list, 60, '?')} (${entries}) for ${show(c?.value, 200)}: ${verdict}`;
  });
  return [
    `ALLOWLISTS CHECKED (${matched === 0 ? 'none matched' : `${matched} matched`})`,
    ...lines,
    ...(checks.length > ALLOWLISTS_MAX ? [`  … ${checks.length - ALLOWLISTS_MAX} more checks`] : []),
  ];
}

/** The whole body; sections are separated by blank lines so email and chat render it alike. */
export function notificationBody(f: Finding, ctx: BodyContext): string {
  const sections: string[][] = [
    [`${show(f.severity, 13)}: ${show(f.title, 300, 'AN1261 image built on host')}`, reasonLine(f, ctx)],
    [show(f.description, 2000, '(no description)')],
    whatHappened(f, ctx),
    timeline(f),
    egress(f),
    allowlists(f),
    ['WHAT TO DO FIRST', ...firstActions(f).map((s) => `  ${s}`)],
    [
      'LINKS',
      ctx.securityHubUrl ? `  Security Hub finding: ${ctx.securityHubUrl}` : '  Security Hub finding: not imported (Security Hub publishing is off)',
      `  MITRE ATT&CK T1612:   ${MITRE_T1612_URL}`,
    ],
    [`Finding ${ctx.asffId}, version ${show(f.version, 12)}, updated ${showTime(f.updatedAt)}. Sent by an1261-detector.`],
  ];
  return `${sections
    .filter((s) => s.length > 0)
    .map((s) => s.join('\n'))
    .join('\n\n')}\n`;
}
