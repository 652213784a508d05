/**
 * The terminal tables of `an1261 tune`: one row per proposed entry with its key, value, evidence and
 * risk marks; residual findings listed; attacker-controlled strings escaped and capped.
 */
import { parseConfig } from '../../../lambdas/core/model/config';
import { deployRhythm, formatInventory, formatProposal } from '../../../lambdas/core/tune/format';
import { BuildInventory } from '../../../lambdas/core/tune/inventory';
import { proposeConfig } from '../../../lambdas/core/tune/propose';
import { build } from '../../support/chain-signals';
import { attackFinding, attackSignals, iso, kanikoDay, runnerDay, saasDay } from './tune-fixtures';

function inventory(extra = [] as ReturnType<typeof build>[]) {
  const inv = new BuildInventory();
  for (let d = 0; d < 5; d++) [...kanikoDay(d), ...runnerDay(d), ...saasDay(d)].forEach((s) => inv.addSignal(s));
  [...attackSignals(), ...extra].forEach((s) => inv.addSignal(s));
  inv.addFinding(attackFinding());
  return inv.snapshot();
}

describe('formatProposal', () => {
  const text = formatProposal(proposeConfig(inventory(), { raw: {}, config: parseConfig({}) }, { trustDestinations: true }));

  it('prints one row per entry with key, value, evidence and risk marks', () => {
    expect(text).toMatch(/approvedBuilders\.namespaces\s+ci\s+15 events on 5 days 2026-11-02…2026-11-06/);
    expect(text).toMatch(/approvedBuilders\.hosts\s+10\.0\.200\.0\/26\s+30 events on 5 days/);
    expect(text).toMatch(/trustedDestinations\.cidrs\s+203\.0\.113\.0\/24\s+.*from 6 sources.*⚠ public CIDR/);
    expect(text).toContain('10.0.200.0/26 replaces 10.0.200.17, 10.0.200.18, 10.0.200.41');
  });

  it('shows at most rowsPerKey rows of a key and counts the rest', () => {
    const p = proposeConfig(inventory(), { raw: {}, config: parseConfig({}) }, { trustDestinations: true });
    const cidr = p.entries.find((e) => e.key === 'trustedDestinations.cidrs')!;
    const many = { ...p, entries: [...p.entries, { ...cidr, value: '198.51.100.0/24' }, { ...cidr, value: '192.0.2.0/24' }] };
    const t = formatProposal(many, 2);
    expect(t).toMatch(/^trustedDestinations\.cidrs\s+198\.51\.100\.0\/24/m);
    expect(t).not.toMatch(/^trustedDestinations\.cidrs\s+192\.0\.2\.0\/24/m);
    expect(t).toContain('… 1 more trustedDestinations.cidrs entries (all in the patch)');
  });

  it('lists the findings that would still page', () => {
    expect(text).toContain('Findings covered: 0; still paging: 1');
    expect(text).toMatch(/f-attack\s+CRITICAL\s+build→egress→push→deploy/);
  });

  it('marks a single occurrence', () => {
    const t = formatProposal(proposeConfig(inventory(), { raw: {}, config: parseConfig({}) }, { minDays: 1 }));
    expect(t).toContain('⚠ single occurrence');
  });

  it('escapes terminal escapes in attacker-controlled names and caps their length', () => {
    const evil = Array.from({ length: 3 }, (_, d) => build({ id: `b-evil-${d}`, time: iso(d, 8), host: undefined, namespace: `ev\u001b]0;pwned\u0007il${'x'.repeat(200)}` }));
    const t = formatProposal(proposeConfig(inventory(evil), { raw: {}, config: parseConfig({}) }));
    expect(t).not.toContain('\u001b');
    expect(t).toContain('\\x1b]0;pwned\\x07');
    expect(t.split('\n').every((l) => l.length < 700)).toBe(true);
  });
});

describe('formatInventory', () => {
  it('tables the facets, destinations, deploys and findings', () => {
    const t = formatInventory(inventory());
    expect(t).toMatch(/Namespaces \(2\):/);
    expect(t).toMatch(/ci\s+15\s+0\s+5/);
    expect(t).toMatch(/203\.0\.113\.0\/24\s+443\s+5\s+6/);
    expect(t).toContain('Findings (1):');
  });
});

describe('deployRhythm', () => {
  it('prints deploys by weekday and UTC hour, one character per hour, with each day’s total', () => {
    const histogram = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
    histogram[0]![9] = 3;
    histogram[0]![10] = 12;
    histogram[4]![23] = 1;
    const rows = deployRhythm(histogram);
    expect(rows[2]).toBe(`  Mon ${'·'.repeat(9)}3+${'·'.repeat(13)}  15`);
    expect(rows[6]).toBe(`  Fri ${'·'.repeat(23)}1  1`);
    expect(rows[8]).toBe(`  Sun ${'·'.repeat(24)}  0`);
  });
});
