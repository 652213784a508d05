/**
 * The scenario suite under Jest: one test per scenario (its expected findings, exactly; nothing else
 * that pages), then the totals. `npm run eval` prints the same as a table.
 */
import { evaluate } from './run-scenario';
import { type Verdict, totals } from './score';
import { SCENARIOS } from './scenarios';

const verdicts: Verdict[] = [];

describe('AN1261 scenario suite', () => {
  it('has at least 30 scenarios, 14 attacks and 14 benign, with unique names', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(30);
    expect(SCENARIOS.filter((s) => s.kind === 'attack').length).toBeGreaterThanOrEqual(14);
    expect(SCENARIOS.filter((s) => s.kind === 'benign').length).toBeGreaterThanOrEqual(14);
    expect(new Set(SCENARIOS.map((s) => s.name)).size).toBe(SCENARIOS.length);
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const verdict = await evaluate(scenario);
    verdicts.push(verdict);
    expect(verdict.problems).toEqual([]);
  }, 90_000);

  it('totals: recall, paging precision and exact-severity rate are all 100%', () => {
    const t = totals(verdicts);
    expect({ recall: t.recall, precision: t.precision, exactRate: t.exactRate }).toEqual({ recall: 1, precision: 1, exactRate: 1 });
  });
});
