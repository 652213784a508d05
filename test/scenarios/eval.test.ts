/**
 * The scenario suite under Jest: one test per scenario (its expected findings, exactly; nothing else
 * that pages), then the totals — for the suite as written (variant 0) and two other draws of it, so
 * an expectation that only holds for one draw fails here. `npm run eval` prints the same as a table
 * (`-- --variants 1-30` for many draws).
 */
import { evaluate } from './run-scenario';
import { type Verdict, totals } from './score';
import { scenarios } from './scenarios';

const VARIANTS = [0, 1, 2];

describe.each(VARIANTS)('AN1261 scenario suite, variant %i', (variant) => {
  const suite = scenarios(variant);
  const verdicts: Verdict[] = [];

  it('has at least 30 scenarios, 14 attacks and 14 benign, with unique names', () => {
    expect(suite.length).toBeGreaterThanOrEqual(30);
    expect(suite.filter((s) => s.kind === 'attack').length).toBeGreaterThanOrEqual(14);
    expect(suite.filter((s) => s.kind === 'benign').length).toBeGreaterThanOrEqual(14);
    expect(new Set(suite.map((s) => s.name)).size).toBe(suite.length);
  });

  it.each(suite.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const verdict = await evaluate(scenario);
    verdicts.push(verdict);
    expect(verdict.problems).toEqual([]);
  }, 90_000);

  it('totals: recall, paging precision and exact-severity rate are all 100%', () => {
    const t = totals(verdicts);
    expect({ recall: t.recall, precision: t.precision, exactRate: t.exactRate }).toEqual({ recall: 1, precision: 1, exactRate: 1 });
  });
});
