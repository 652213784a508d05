/**
 * Attacker-controlled text in every field a chain carries (image names, commands, pod, host and
 * user names, explanations): toAsff never throws, strips what could hide or forge text, caps
 * lengths, and stays a valid finding under 240 KB, even for 10,000 timeline entries of 100 KB.
 */
import fc from 'fast-check';
import type { Finding } from '../../../lambdas/core/model/finding';
import { ASFF_MAX_BYTES, toAsff, toAsffWithin, validateAsff, type AsffFinding } from '../../../lambdas/core/publish/asff';
import { CTX, criticalEksFinding } from './fixtures';

const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/; // eslint-disable-line no-control-regex

/** Every string value of the finding, with its path. */
function strings(v: unknown, path = ''): Array<[string, string]> {
  if (typeof v === 'string') return [[path, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => strings(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => strings(x, path ? `${path}.${k}` : k));
  return [];
}

const jsonBytes = (a: AsffFinding) => Buffer.byteLength(JSON.stringify(a), 'utf8');

const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\n', '\r', '\t', '\u001b[31m', '\u202e', '\u2066', '\u200b', '\ud800', '\udc00', '😀', 'é', ' ', '/', ':', '@', '"', '\\', 'a', 'Z', '9'), maxLength: 120 }),
  fc.constantFrom('', ' ', 'nginx', 'docker.io/library/nginx:latest', '111122223333.dkr.ecr.us-east-1.amazonaws.com/app:1', 'i-0abc12345def67890', '10.0.0.1', '::1', 'a'.repeat(3000)),
);
const nastyList = fc.array(nasty, { maxLength: 12 });

const hostileFinding: fc.Arbitrary<Finding> = fc
  .record({
    id: nasty, title: nasty, description: nasty, image: nasty, images: nastyList, account: nasty, region: nasty, cluster: nasty,
    namespace: nasty, workload: nasty, instanceIds: nastyList, ips: nastyList, nodeNames: nastyList, hostnames: nastyList, pods: nastyList,
    actors: nastyList, registries: nastyList, summaries: nastyList, rule: nasty, ref: nasty, signalId: nasty, allow: nasty, reason: nasty,
    owner: nasty, suppressed: fc.boolean(), srcIp: nasty, dstIp: nasty,
  })
  .map((r) => {
    const base = criticalEksFinding();
    return {
      ...base,
      id: r.id, title: r.title, description: r.description, image: r.image, images: r.images, account: r.account, region: r.region,
      cluster: r.cluster, namespace: r.namespace, workload: r.workload, actors: r.actors, registries: r.registries,
      hosts: { instanceIds: r.instanceIds, ips: r.ips, nodeNames: r.nodeNames, hostnames: r.hostnames, pods: r.pods },
      modifiers: [{ kind: 'registry' as const, reason: r.reason, steps: 1 }],
      anchor: { ...base.anchor, signalId: r.signalId },
      egress: [{ ...base.egress[0]!, srcIp: r.srcIp, dstIp: r.dstIp }],
      timeline: r.summaries.map((summary, i) => ({ ...base.timeline[i % base.timeline.length]!, summary, rule: r.rule, ref: r.ref, signalId: r.signalId })),
      allowlists: [{ list: r.allow, value: r.allow, entries: 1, matched: r.allow, explanation: r.reason }],
      ...(r.suppressed ? { suppressedBy: { owner: r.owner, reason: r.reason, expires: r.owner, match: { image: r.image } } } : {}),
    };
  });

describe('toAsff with hostile input', () => {
  it('never throws and always yields a valid finding (property)', () => {
    fc.assert(
      fc.property(hostileFinding, (f) => {
        const asff = toAsff(f, CTX);
        expect(validateAsff(asff)).toEqual([]);
        for (const [path, s] of strings(asff)) {
          if (FORBIDDEN.test(s)) throw new Error(`${path} keeps a control or bidi character: ${JSON.stringify(s)}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('strips control and bidi characters from names and keeps them on one line', () => {
    const f: Finding = {
      ...criticalEksFinding(),
      title: 'AN1261 build\u001b[2J on host\nfake: "all clear"',
      workload: 'pay\u202eipa-stnemyap',
      hosts: { instanceIds: [], ips: [], nodeNames: [], hostnames: ['evil\u0000host\r\nInjected: yes'], pods: ['ci/kaniko\u2028pod'] },
    };
    const asff = toAsff(f, CTX);
    expect(asff.Title).toBe('AN1261 build [2J on host fake: "all clear"');
    expect(asff.Resources.find((r) => r.Type === 'Other')?.Id).toBe('evil host Injected: yes');
    expect(asff.Resources.find((r) => r.Id === 'prod-eks/ci/kaniko pod')?.Details?.Container?.Name).toBe('kaniko pod');
    expect(asff.Resources.find((r) => r.Id === 'prod-eks/prod/pay ipa-stnemyap')).toBeDefined();
  });

  it('cuts long titles on a character boundary, never inside a surrogate pair', () => {
    const asff = toAsff({ ...criticalEksFinding(), title: `AN1261 ${'😀'.repeat(300)}` }, CTX);
    expect(asff.Title.length).toBeLessThanOrEqual(256);
    expect(asff.Title.endsWith('😀…')).toBe(true);
    expect(validateAsff(asff)).toEqual([]);
  });

  it('builds a title when the finding has none', () => {
    const asff = toAsff({ ...criticalEksFinding(), title: ' \n ' }, CTX);
    expect(asff.Title).toBe('AN1261: image built on host i-0abc12345def67890 pushed and deployed (prod/payments-api)');
  });

  function enormousFinding(): Finding {
    const huge = '中"\\'.repeat(34_000); // ~100 K code units: 3-byte characters and JSON escapes
    const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}${huge}`);
    const base = criticalEksFinding();
    return {
      ...base,
      title: huge, description: huge, image: huge, images: many(200, 'img'), cluster: huge, namespace: huge, workload: huge,
      actors: many(200, 'actor'), registries: many(50, 'reg'),
      hosts: { instanceIds: many(50, 'i-'), ips: many(50, 'ip'), nodeNames: many(50, 'node'), hostnames: many(50, 'host'), pods: many(200, 'ns/pod') },
      modifiers: Array.from({ length: 50 }, () => ({ kind: 'registry' as const, reason: huge, steps: 1 })),
      timeline: Array.from({ length: 10_000 }, (_, i) => ({ ...base.timeline[i % 4]!, summary: huge, rule: `rule-${i}`, ref: huge })),
      allowlists: Array.from({ length: 100 }, () => ({ list: huge, value: huge, entries: 3, explanation: huge })),
      egress: Array.from({ length: 5000 }, (_, i) => ({ ...base.egress[0]!, dstIp: `203.0.${i % 250}.${i % 200}` })),
      suppressedBy: { owner: huge, reason: huge, expires: huge, match: { image: huge } },
    };
  }

  it('stays under 240 KB for 10,000 timeline entries and 100 KB strings everywhere', () => {
    const asff = toAsff(enormousFinding(), CTX);
    expect(validateAsff(asff)).toEqual([]);
    expect(jsonBytes(asff)).toBeLessThanOrEqual(ASFF_MAX_BYTES);
    expect(asff.Types).toContain('TTPs/Defense Evasion/T1612-Build Image on Host');
    expect(asff.Description).toMatch(/ \(\+9995 more\)\.$/);
    expect(asff.ProductFields?.['an1261/timelineEntries']).toBe('10000');
    expect(asff.Resources.length).toBeLessThanOrEqual(32);
  });

  it('falls back to leaner budgets when a finding does not fit the limit', () => {
    const f = enormousFinding();
    const full = toAsff(f, CTX);
    const lean = toAsffWithin(f, CTX, 12_000);
    expect(jsonBytes(full)).toBeGreaterThan(12_000);
    expect(jsonBytes(lean)).toBeLessThanOrEqual(12_000);
    expect(validateAsff(lean)).toEqual([]);
    expect(lean.Id).toBe(full.Id);
    expect(lean.Resources.length).toBeLessThan(full.Resources.length);
    // An impossible limit still yields the leanest (valid) finding rather than nothing.
    const leanest = toAsffWithin(f, CTX, 0);
    expect(validateAsff(leanest)).toEqual([]);
    expect(jsonBytes(leanest)).toBeLessThanOrEqual(jsonBytes(lean));
  });
});
