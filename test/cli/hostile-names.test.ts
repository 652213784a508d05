/**
 * Invalid image references (huge names, control characters, bidi marks) are not references, and
 * whatever string reaches the display layer is printed escaped, never raw.
 */
import type { Finding } from '../../lambdas/core/model/finding';
import { normalizeImage, parseImageRef } from '../../lambdas/core/model/image-ref';
import { findingDetails, findingsTable } from '../../lambdas/cli/replay-output';
import { formatTallySummary } from '../../lambdas/cli/summary';
import { Tally } from '../../lambdas/core/model/normalize-result';
import { sanitizeForTerminal, terminalSafeJson } from '../../lambdas/core/util/sanitize';

// eslint-disable-next-line no-control-regex -- looking for raw control characters is the point
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

describe('image references from hostile input', () => {
  it.each([
    ['a 100 KB name', `registry.example.com/${'a'.repeat(100 * 1024)}:v1`],
    ['ESC in the registry host', 'evil\u001b[2J.example.com/app:v1'],
    ['OSC in the registry host', 'x\u001b]0;PWNED\u0007.com/app'],
    ['a bidi override in the registry host', 'gpj\u202e.example.com/app'],
    ['a control character in the repository', 'registry.example.com/ap\u0007p'],
    ['a control character in the tag', 'registry.example.com/app:v\u001b1'],
    ['a space in the registry host', 'my registry.com/app'],
  ])('%s is not a reference', (_what, raw) => {
    expect(parseImageRef(raw)).toBeUndefined();
    expect(normalizeImage(raw)).toBeUndefined();
  });

  it.each(['localhost:5000/app:v1', '[::1]:5000/app', '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments-api:v2.3.1-hotfix', 'Registry.Example.COM/team/app@sha256:' + 'a'.repeat(64), 'nginx'])('%s still is', (raw) => {
    expect(parseImageRef(raw)).toBeDefined();
  });
});

describe('the display layer never prints a raw hostile name', () => {
  const hostile = `evil\u001b]0;PWNED\u0007\u202e${'x'.repeat(100_000)}`;
  const finding = {
    id: 'f1',
    version: 1,
    severity: 'HIGH',
    title: `AN1261 image built on host ${hostile}`,
    image: hostile,
    hosts: { instanceIds: [hostile], nodeNames: [], hostnames: [], pods: [], ips: [] },
    stages: ['build'],
    firstSeen: '2026-11-02T02:14:05.000Z',
    lastSeen: '2026-11-02T02:14:05.000Z',
    modifiers: [{ reason: hostile }],
    timeline: [{ time: '2026-11-02T02:14:05.000Z', stage: 'build', summary: hostile, ref: hostile }],
    allowlists: [{ list: 'approvedBuilders.hosts', explanation: hostile }],
  } as unknown as Finding;

  it('table and details: escaped and capped', () => {
    const text = findingsTable([finding]) + findingDetails(finding);
    expect(text).not.toMatch(RAW);
    expect(text).toContain('evil\\x1b]0;PWNED\\x07\\u202e');
    for (const line of text.split('\n')) expect(line.length).toBeLessThan(700);
  });

  it('the summary: reject reasons, refs and details escaped', () => {
    const t = new Tally();
    t.records = 1;
    t.reject(`input:${hostile}`, hostile, hostile);
    const text = formatTallySummary(t);
    expect(text).not.toMatch(RAW);
    for (const line of text.split('\n')) expect(line.length).toBeLessThan(500);
  });

  it('sanitizeForTerminal: C0, C1, DEL, bidi, isolates shown escaped; the cut never splits an escape', () => {
    expect(sanitizeForTerminal('a\u0000b\u007fc\u009bd\u2066e\u2069f\tg\nh')).toBe('a\\x00b\\x7fc\\x9bd\\u2066e\\u2069f g h');
    expect(sanitizeForTerminal('abcdefgh\u001b', 10)).toBe('abcdefgh…');
    expect(sanitizeForTerminal('x'.repeat(1000), 50)).toHaveLength(50);
  });

  it('terminalSafeJson parses back to the same value', () => {
    const value = { image: 'a\u202eb\u009bc\u2028d\u001be' };
    const json = terminalSafeJson(value);
    expect(json).not.toMatch(RAW);
    expect(JSON.parse(json)).toEqual(value);
  });
});
