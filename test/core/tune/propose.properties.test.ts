/**
 * Property: the one-off is never approved by itself. For random activity (identities, each one
 * facet value — principal, Kubernetes user, namespace, host IP or instance id — active on random
 * days), for every proposed approvedBuilders entry E of list K, and every identity v of facet K
 * that E matches:
 *   - if v was seen on fewer than minDays distinct days, E is a glob or CIDR (it has `merged`),
 *     v is in E.merged, and E.merged holds at least two identities seen on ≥ minDays days;
 *   - an entry without `merged` is exactly one identity seen on ≥ minDays days.
 * And no entry is only `*`; and every event the proposal leaves out is from an identity seen on
 * fewer than minDays days (what recurs is covered).
 */
import fc from 'fast-check';
import { parseConfig } from '../../../lambdas/core/model/config';
import type { BuildSignal } from '../../../lambdas/core/model/signal';
import { CidrSet, isCidrOrAddress } from '../../../lambdas/core/util/cidr';
import { globMatch } from '../../../lambdas/core/util/glob';
import { BuildInventory } from '../../../lambdas/core/tune/inventory';
import { proposeConfig } from '../../../lambdas/core/tune/propose';
import { iso } from './tune-fixtures';

type Facet = 'principals' | 'kubernetesUsers' | 'namespaces' | 'hosts';
interface Identity { facet: Facet; value: string; days: number[] }

const letter = fc.constantFrom('a', 'b', 'c', 'd');
const identity: fc.Arbitrary<Omit<Identity, 'days'>> = fc.oneof(
  fc.tuple(fc.constantFrom('ci-build-', 'ci-', 'svc-', 'dev'), letter).map(([p, s]) => ({ facet: 'principals' as const, value: `arn:aws:iam::111122223333:role/${p}${s}` })),
  fc.tuple(fc.constantFrom('ci', 'ops'), letter).map(([ns, s]) => ({ facet: 'kubernetesUsers' as const, value: `system:serviceaccount:${ns}:${s}` })),
  fc.constantFrom('ci', 'ops', 'payments', 'dev').map((ns) => ({ facet: 'namespaces' as const, value: ns })),
  fc.tuple(fc.constantFrom(0, 1), fc.integer({ min: 1, max: 254 })).map(([c, d]) => ({ facet: 'hosts' as const, value: `10.0.${c}.${d}` })),
  fc.integer({ min: 0, max: 15 }).map((n) => ({ facet: 'hosts' as const, value: `i-0${n.toString(16).padStart(8, '0')}` })),
);
const activity = fc.uniqueArray(fc.record({ id: identity, days: fc.uniqueArray(fc.integer({ min: 0, max: 13 }), { minLength: 1, maxLength: 14 }) }), { minLength: 1, maxLength: 10, selector: (r) => r.id.value });

function signalOf(v: Identity, day: number, n: number): BuildSignal {
  const base: BuildSignal = { kind: 'build', id: `b-${n}`, rule: 'r', time: iso(day, 10, n % 60), source: 'eks-audit', ref: 'x', method: 'exec-build' };
  switch (v.facet) {
    case 'principals':
      return { ...base, actor: { arn: v.value } };
    case 'kubernetesUsers':
      return { ...base, actor: { k8sUser: v.value } };
    case 'namespaces':
      return { ...base, namespace: v.value };
    case 'hosts':
      return { ...base, host: v.value.startsWith('i-') ? { instanceId: v.value } : { ip: v.value } };
  }
}

const matches = (facet: Facet, entry: string, value: string): boolean =>
  facet === 'hosts' && isCidrOrAddress(entry) ? isCidrOrAddress(value) && new CidrSet([entry]).contains(value) : globMatch(entry, value);

describe('proposeConfig (property)', () => {
  it('never approves an identity seen on fewer than minDays days, unless a glob or CIDR merged it with recurring members', () => {
    fc.assert(
      fc.property(activity, fc.integer({ min: 2, max: 5 }), (acts, minDays) => {
        const ids: Identity[] = acts.map((a) => ({ ...a.id, days: a.days }));
        const inv = new BuildInventory();
        let n = 0;
        for (const v of ids) for (const d of v.days) inv.addSignal(signalOf(v, d, n++));
        const p = proposeConfig(inv.snapshot(), { raw: {}, config: parseConfig({}) }, { minDays });
        const recurring = (v: Identity) => v.days.length >= minDays;
        for (const e of p.entries) {
          const facet = e.key.split('.')[1] as Facet;
          const value = String(e.value);
          expect(/^\*+$/.test(value)).toBe(false);
          const matched = ids.filter((v) => v.facet === facet && matches(facet, value, v.value));
          if (!e.merged) {
            expect(matched.map((v) => v.value)).toEqual([value]);
            expect(recurring(matched[0]!)).toBe(true);
            continue;
          }
          expect(ids.filter((v) => e.merged!.includes(v.value) && recurring(v)).length).toBeGreaterThanOrEqual(2);
          for (const v of matched.filter((x) => !recurring(x))) expect(e.merged).toContain(v.value);
        }
        // What recurs is covered: a re-judged config approves every recurring identity's builds.
        const cfg = parseConfig(p.config);
        for (const v of ids.filter(recurring)) {
          const lists = cfg.approvedBuilders[v.facet];
          expect(lists.some((entry) => matches(v.facet, entry, v.value))).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
