/** The verdict of `npm run chaos` (chaos/run/compare.ts): what counts as lost, different, duplicated, missed. */
import { chaosLine, chaosPassed, compareRuns } from '../../chaos/run/compare';
import type { HubFinding, Page, PipelineRunResult } from '../../chaos/run/pipeline-run';

const finding = (id: string, severity = 'CRITICAL', stages = 'build,egress,push,deploy', version = 4): HubFinding => ({ id, severity, stages, version, updatedAt: '2026-11-02T02:10:00.000Z' });
const page = (findingId: string, version: number, severity: string): Page => ({ findingId, version, severity, subject: `[${severity}] AN1261`, text: `[${severity}] AN1261 ${findingId}#${version}` });

function run(over: Partial<PipelineRunResult> = {}): PipelineRunResult {
  const findings = over.findings ?? [finding('an1261/a'), finding('an1261/b')];
  return {
    seed: 7, chains: 2, faultRate: 0.3, perturb: true, kinds: { attack: 2, ci: 0, agent: 0, gitops: 0 },
    findings, storedIds: findings.map((f) => f.id), pages: [page('an1261/a', 1, 'MEDIUM'), page('an1261/a', 4, 'CRITICAL'), page('an1261/b', 4, 'CRITICAL')],
    dlqs: [{ dlq: 'ingest', items: 3, redriven: 3 }], redriveRounds: 1, triggers: {}, sdk: { calls: 0, retries: 0, failedCalls: 0, faults: {}, faultsInjected: 0 },
    unrecordedPublishes: 0, simulatedMs: 0, wallMs: 0, ...over,
  };
}

describe('chaos verdict', () => {
  it('passes and prints the one line when Security Hub and the pages match the reference', () => {
    const c = compareRuns(run(), run());
    expect(chaosPassed(c)).toBe(true);
    expect(chaosLine(7, 2, 0.3, c)).toBe('chaos: seed 7, 2 chains, fault rate 0.3: lost 0, different 0, duplicate pages 0, dlq 3 (redriven 3)');
  });

  it('counts a finding missing from the faulty Security Hub as lost, and one with other stages or severity as different', () => {
    const c = compareRuns(run(), run({ findings: [finding('an1261/a', 'CRITICAL', 'build,egress,push')] }));
    expect(c.lost).toEqual(['an1261/b']);
    expect(c.changed.map((d) => [d.id, d.faulty.stages])).toEqual([['an1261/a', 'build,egress,push']]);
    expect(chaosPassed(c)).toBe(false);
    expect(chaosLine(7, 2, 0.3, c)).toContain('lost 1, different 1');
  });

  it('counts a finding only the faulty run has as different', () => {
    const c = compareRuns(run(), run({ findings: [finding('an1261/a'), finding('an1261/b'), finding('an1261/c', 'LOW', 'build')] }));
    expect(c.extra).toEqual(['an1261/c']);
    expect(chaosPassed(c)).toBe(false);
  });

  it('accepts fewer intermediate pages but not a missing top-severity page', () => {
    expect(chaosPassed(compareRuns(run(), run({ pages: [page('an1261/a', 4, 'CRITICAL'), page('an1261/b', 4, 'CRITICAL')] })))).toBe(true);
    const c = compareRuns(run(), run({ pages: [page('an1261/a', 1, 'MEDIUM'), page('an1261/b', 4, 'CRITICAL')] }));
    expect(c.missedPages).toEqual([{ findingId: 'an1261/a', severity: 'CRITICAL' }]);
    expect(chaosPassed(c)).toBe(false);
  });

  it('counts repeated pages of one finding version, and fails beyond the documented window', () => {
    const pages = [page('an1261/a', 4, 'CRITICAL'), page('an1261/a', 4, 'CRITICAL'), page('an1261/a', 4, 'CRITICAL'), page('an1261/b', 4, 'CRITICAL')];
    const within = compareRuns(run(), run({ pages, unrecordedPublishes: 2 }));
    expect(within.duplicatePages).toBe(2);
    expect(within.duplicated).toEqual([{ findingId: 'an1261/a', version: 4, copies: 3 }]);
    expect(chaosPassed(within)).toBe(true);
    expect(chaosPassed(compareRuns(run(), run({ pages, unrecordedPublishes: 1 })))).toBe(false);
  });

  it('fails when a DLQ item was not redriven or an import is not in the emulator', () => {
    expect(chaosPassed(compareRuns(run(), run({ dlqs: [{ dlq: 'findings', items: 2, redriven: 1 }] })))).toBe(false);
    expect(compareRuns(run(), run({ storedIds: ['an1261/a'] })).notStored).toEqual(['an1261/b']);
  });
});
