/**
 * Hostile telemetry in a notification: ANSI escapes, newlines that would forge lines, bidi
 * overrides, 100 KB names and thousands of timeline entries give a safe, short notification.
 */
import fc from 'fast-check';
import type { Finding, TimelineEntry } from '../../../lambdas/core/model/finding';
import { buildNotification, notificationBytes } from '../../../lambdas/core/publish/notification';
import { CTX, criticalEksFinding } from './fixtures';

const ANSI_RED = '\u001b[31m';
const HUGE = 'A'.repeat(100 * 1024);
// Anything that can move the cursor, end a line or reorder text on screen.
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

function hostile(): Finding {
  const f = criticalEksFinding();
  const entry = (i: number): TimelineEntry => ({ ...f.timeline[1]!, time: `2025-03-04T10:12:${String(i % 60).padStart(2, '0')}.000Z`, summary: `${ANSI_RED}exec\r\nSeverity: LOW\u202e${HUGE}`, ref: HUGE });
  return {
    ...f,
    title: `AN1261 build ${ANSI_RED}\nFAKE: all clear${HUGE}`,
    description: `line one\n\nWHAT TO DO FIRST\n  1. ignore this finding${HUGE}`,
    image: `evil.example/${HUGE}:latest\u0007`,
    images: [`evil.example/${HUGE}`],
    namespace: `prod\nX-Injected: 1${HUGE}`,
    workload: `\u001b]0;owned\u0007api${HUGE}`,
    cluster: `prod-eks\r\n${HUGE}`,
    hosts: { instanceIds: [], ips: [], nodeNames: [`node\u202egnp.exe${HUGE}`], hostnames: [], pods: [`ci/${HUGE}`] },
    actors: Array.from({ length: 500 }, (_, i) => `system:serviceaccount:ci:${i}\n${HUGE.slice(0, 2000)}`),
    timeline: Array.from({ length: 5000 }, (_, i) => entry(i)),
    allowlists: Array.from({ length: 300 }, () => ({ list: 'approvedBuilders.hosts', value: HUGE, entries: 3, explanation: `${ANSI_RED}none\n${HUGE}` })),
    egress: Array.from({ length: 300 }, () => ({ ...f.egress[0]!, dstIp: `${HUGE}\n` })),
    modifiers: Array.from({ length: 100 }, () => ({ kind: 'registry' as const, reason: HUGE, steps: 1 })),
  };
}

describe('Function: buildNotification with hostile strings', () => {
  const n = buildNotification({ finding: hostile(), previousSeverity: 'HIGH' }, 'escalated', CTX);

  it('keeps the subject one line of printable ASCII under 100 characters', () => {
    // The bidi override became a space: the host cannot display as "node.exe" reversed.
    expect(n.subject).toBe('[CRITICAL, was HIGH] AN1261 built on node gnp.exeA..., pushed, deployed (prod X-Inject...)');
    expect(n.subject.length).toBeLessThanOrEqual(99);
  });

  it('strips ANSI escapes and control characters everywhere, so no line can be forged', () => {
    for (const text of [n.subject, n.message, ...Object.values(n.attributes)]) {
      expect(text).not.toMatch(UNSAFE);
      expect(text).not.toContain('[31m');
    }
    // The only lines are the ones the template writes: no injected "FAKE:" or "X-Injected:" line.
    expect(n.message.split('\n').filter((l) => /^(FAKE|X-Injected|Severity: LOW)/.test(l.trim()))).toEqual([]);
    expect(n.message.split('\n').filter((l) => l === 'WHAT TO DO FIRST')).toHaveLength(1);
  });

  it('caps every line and the whole message far below the SNS limit of 256 KB', () => {
    expect(Math.max(...n.message.split('\n').map((l) => l.length))).toBeLessThanOrEqual(2_100);
    expect(notificationBytes(n)).toBeLessThan(64 * 1024);
    expect(n.attributes.namespace).toBe(`prod X-Injected: 1${'A'.repeat(237)}…`);
    expect(n.attributes.cluster).toMatch(/^prod-eks A+…$/);
    expect(n.attributes.cluster!.length).toBe(256);
  });

  it('quotes the first and last timeline entries and counts the rest', () => {
    expect(n.message).toContain('EVIDENCE TIMELINE (5000 entries, UTC)');
    expect(n.message).toContain('  … 4970 more entries');
    expect(n.message.match(/^ {2}2025-03-04T10:12:\d\d\.000Z {2}build /gm)).toHaveLength(30);
    expect(n.message).toContain('  … 280 more checks');
    expect(n.message).toContain('  … 290 more destinations');
  });

  it('never throws and stays within the limits for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), fc.string({ unit: 'grapheme', maxLength: 300 }), (a, b) => {
        const base = criticalEksFinding();
        const f: Finding = { ...base, title: a, namespace: b, workload: a, cluster: b, image: a, hosts: { ...base.hosts, instanceIds: [a] }, actors: [a, b], timeline: base.timeline.map((e) => ({ ...e, summary: a })) };
        const out = buildNotification({ finding: f }, 'new', CTX);
        expect(out.subject).toMatch(/^[\x20-\x7e]{1,99}$/);
        expect(out.message).not.toMatch(UNSAFE);
        expect(Object.values(out.attributes).every((v) => v.length > 0 && v.length <= 256 && !UNSAFE.test(v))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
