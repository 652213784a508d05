/**
 * `severityOf`: the ladder of DESIGN.md applied to a chain's merged evidence, with its modifiers.
 * One table per dimension: stages, modifiers, release windows (time zones, midnight).
 */
import { baseSeverity, inReleaseWindow, mergeSeverityEvidence, severityOf } from '../../../lambdas/core/correlate/severity';
import { parseConfig, severityRank } from '../../../lambdas/core/model/config';
import type { ChainStage, SeverityEvidence } from '../../../lambdas/core/model/finding';

const evidence = (stages: ChainStage[], o: Partial<SeverityEvidence> = {}): SeverityEvidence => ({ stages, pushedRepositories: [], activityTimes: [], newImageCount: 0, ...o });
const ECR = '111122223333.dkr.ecr.us-east-1.amazonaws.com';

describe('Function: baseSeverity (the ladder)', () => {
  it.each<[ChainStage[], string]>([
    [['build'], 'LOW'],
    [['build', 'egress'], 'MEDIUM'],
    [['build', 'push'], 'HIGH'],
    [['build', 'egress', 'push'], 'HIGH'],
    [['build', 'deploy'], 'HIGH'],
    [['build', 'push', 'deploy'], 'HIGH'],
    [['build', 'egress', 'deploy'], 'CRITICAL'],
    [['build', 'egress', 'push', 'deploy'], 'CRITICAL'],
    // Anchored on a push (no build seen): the push is the anchor.
    [['push'], 'LOW'],
    [['egress', 'push'], 'MEDIUM'],
    [['push', 'deploy'], 'HIGH'],
    [['egress', 'push', 'deploy'], 'CRITICAL'],
  ])('%j → %s', (stages, expected) => {
    expect(baseSeverity(stages)).toBe(expected);
  });
});

describe('Function: severityOf (modifiers)', () => {
  const allow = { registryAllowList: [`${ECR}/*`] };
  it.each<[string, ChainStage[], Partial<SeverityEvidence>, object, string, string[]]>([
    ['push inside the allowlist', ['build', 'push'], { pushedRepositories: [`${ECR}/app`] }, allow, 'HIGH', []],
    ['push outside the allowlist', ['build', 'push'], { pushedRepositories: ['docker.io/evil/app'] }, allow, 'CRITICAL', ['registry']],
    ['empty allowlist: no effect', ['build', 'push'], { pushedRepositories: ['docker.io/evil/app'] }, {}, 'HIGH', []],
    ['new images above the threshold', ['build'], { newImageCount: 4 }, { newImageThreshold: 3 }, 'MEDIUM', ['new-images']],
    ['new images at the threshold', ['build'], { newImageCount: 3 }, { newImageThreshold: 3 }, 'LOW', []],
    ['outside every release window', ['build'], { activityTimes: ['2026-11-02T02:00:00.000Z'] }, { releaseWindows: [{ days: ['Mon'], start: '09:00', end: '17:00' }] }, 'MEDIUM', ['release-window']],
    ['every modifier at once, capped', ['build', 'egress', 'push'], { pushedRepositories: ['docker.io/x/y'], newImageCount: 9, activityTimes: ['2026-11-02T02:00:00.000Z'] }, { ...allow, releaseWindows: [{ days: ['Mon'], start: '09:00', end: '17:00' }] }, 'CRITICAL', ['registry', 'release-window', 'new-images']],
    ['a new builder once the baseline has learnt', ['build', 'egress'], { builders: [{ subject: 'dev @ prod/payments', priorDays: 0 }], baselineDays: 7 }, {}, 'HIGH', ['new-builder']],
    ['a new builder while the baseline learns', ['build', 'egress'], { builders: [{ subject: 'dev @ prod/payments', priorDays: 0 }], baselineDays: 6 }, {}, 'MEDIUM', []],
    ['a recurring builder', ['build', 'egress'], { builders: [{ subject: 'ci @ prod/ci', priorDays: 1 }], baselineDays: 30 }, {}, 'MEDIUM', []],
    ['fewer earlier days than baseline.minDays', ['build'], { builders: [{ subject: 'ci @ prod/ci', priorDays: 2 }], baselineDays: 9 }, { baseline: { minDays: 3 } }, 'MEDIUM', ['new-builder']],
    ['learningDays 0 judges at once', ['build'], { builders: [{ subject: 'x @ host:i-1', priorDays: 0 }], baselineDays: 0 }, { baseline: { learningDays: 0 } }, 'MEDIUM', ['new-builder']],
    ['a deploy with no scan result before it, requireScanBeforeDeploy on', ['build', 'push', 'deploy'], { unscannedDeploys: [`${ECR}/app:1`] }, { requireScanBeforeDeploy: true }, 'CRITICAL', ['unscanned-deploy']],
    ['a deploy with no scan result before it, requireScanBeforeDeploy off (default)', ['build', 'push', 'deploy'], { unscannedDeploys: [`${ECR}/app:1`] }, {}, 'HIGH', []],
    ['requireScanBeforeDeploy on, every deploy scanned', ['build', 'push', 'deploy'], {}, { requireScanBeforeDeploy: true }, 'HIGH', []],
    ['LOW plus two steps', ['build'], { newImageCount: 9, activityTimes: ['2026-11-07T12:00:00.000Z'] }, { releaseWindows: [{ days: ['Mon'], start: '00:00', end: '23:59' }] }, 'HIGH', ['release-window', 'new-images']],
  ])('%s', (_name, stages, e, config, expected, kinds) => {
    const r = severityOf(evidence(stages, e), parseConfig(config));
    expect(r.severity).toBe(expected);
    expect(r.modifiers.map((m) => m.kind)).toEqual(kinds);
  });

  it('never lowers severity when evidence merges', () => {
    const config = parseConfig({ registryAllowList: [`${ECR}/*`], releaseWindows: [{ days: ['Mon'], start: '09:00', end: '17:00' }] });
    const a = evidence(['build', 'egress'], { activityTimes: ['2026-11-02T10:00:00.000Z'] });
    const b = evidence(['push', 'deploy'], { pushedRepositories: ['docker.io/x/y'], activityTimes: ['2026-11-02T20:00:00.000Z'] });
    const merged = mergeSeverityEvidence(a, b);
    expect(merged.stages).toEqual(['build', 'egress', 'push', 'deploy']);
    for (const part of [a, b]) expect(severityRank(severityOf(merged, config).severity)).toBeGreaterThanOrEqual(severityRank(severityOf(part, config).severity));
    expect(severityOf(merged, config).severity).toBe('CRITICAL');
  });

  it('merges baselines: each subject with its fewest earlier days, the longest history', () => {
    const a = evidence(['build'], { builders: [{ subject: 'dev @ prod/payments', priorDays: 0 }, { subject: 'ci @ prod/ci', priorDays: 4, firstSeen: '2026-11-03' }], baselineDays: 5 });
    const b = evidence(['push'], { builders: [{ subject: 'ci @ prod/ci', priorDays: 6, firstSeen: '2026-11-01' }], baselineDays: 8 });
    expect(mergeSeverityEvidence(a, b)).toMatchObject({ builders: [{ subject: 'ci @ prod/ci', priorDays: 4, firstSeen: '2026-11-01' }, { subject: 'dev @ prod/payments', priorDays: 0 }], baselineDays: 8 });
    expect(mergeSeverityEvidence(evidence(['build']), evidence(['push']))).not.toHaveProperty('builders');
    const config = parseConfig({});
    expect(severityOf(mergeSeverityEvidence(a, b), config).modifiers.map((m) => m.kind)).toEqual(['new-builder']);
    expect(severityOf(a, config).modifiers).toEqual([]);
  });

  it('names the unscanned deployed image, and merges unscanned deploys as a union (stored findings without the field merge too)', () => {
    const config = parseConfig({ requireScanBeforeDeploy: true });
    const one = evidence(['push', 'deploy'], { unscannedDeploys: [`${ECR}/b:2`] });
    const two = evidence(['push', 'deploy'], { unscannedDeploys: [`${ECR}/a:1`, `${ECR}/b:2`] });
    expect(severityOf(one, config).modifiers).toEqual([{ kind: 'unscanned-deploy', reason: `deployed ${ECR}/b:2 with no ECR scan result before the deploy (requireScanBeforeDeploy)`, steps: 1 }]);
    expect(mergeSeverityEvidence(one, two).unscannedDeploys).toEqual([`${ECR}/a:1`, `${ECR}/b:2`]);
    expect(severityOf(mergeSeverityEvidence(one, two), config).modifiers[0]!.reason).toBe(`deployed ${ECR}/a:1 (and 1 more) with no ECR scan result before the deploy (requireScanBeforeDeploy)`);
    const stored = evidence(['push']);
    expect(mergeSeverityEvidence(stored, one).unscannedDeploys).toEqual([`${ECR}/b:2`]);
    expect('unscannedDeploys' in mergeSeverityEvidence(stored, evidence(['deploy']))).toBe(false);
  });
});

describe('Function: severityOf (ladder × modifiers, every combination)', () => {
  // The ladder as README "How a finding is made" states it, written out independently of baseSeverity.
  const LADDER = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
  const ladder = (s: Set<ChainStage>): number => (s.has('deploy') && s.has('egress') ? 3 : s.has('deploy') || (s.has('build') && s.has('push')) ? 2 : s.has('egress') ? 1 : 0);
  const chains: ChainStage[][] = [];
  for (let mask = 1; mask < 16; mask++) {
    const stages = (['build', 'egress', 'push', 'deploy'] as const).filter((_, i) => mask & (1 << i));
    if (stages.includes('build') || stages.includes('push')) chains.push(stages); // a chain has an anchor
  }
  const config = parseConfig({ registryAllowList: [`${ECR}/*`], releaseWindows: [{ days: ['Mon'], start: '09:00', end: '17:00', timeZone: 'Europe/Paris' }], newImageThreshold: 3, requireScanBeforeDeploy: true });
  const MODIFIERS: [string, Partial<SeverityEvidence>][] = [
    ['registry', { pushedRepositories: ['docker.io/evil/app'] }],
    ['release-window', { activityTimes: ['2026-11-07T12:00:00.000Z'] }], // a Saturday
    ['new-images', { newImageCount: 4 }],
    ['new-builder', { builders: [{ subject: 'dev @ prod/payments', priorDays: 0 }], baselineDays: 7 }],
    ['unscanned-deploy', { unscannedDeploys: [`${ECR}/app:1`] }],
  ];
  const quiet: Partial<SeverityEvidence> = { pushedRepositories: [`${ECR}/app`], activityTimes: ['2026-11-02T10:00:00.000Z'], newImageCount: 3, builders: [{ subject: 'ci @ prod/ci', priorDays: 9 }], baselineDays: 30 };
  const cases: [string, ChainStage[], number][] = [];
  for (const stages of chains) for (let m = 0; m < 1 << MODIFIERS.length; m++) cases.push([`${stages.join('>')} + ${MODIFIERS.filter((_, i) => m & (1 << i)).map(([k]) => k).join(',') || 'no modifier'}`, stages, m]);

  it(`covers ${chains.length} anchored stage sets × ${1 << MODIFIERS.length} modifier sets`, () => expect(cases.length).toBe(12 * 32));

  it.each(cases)('%s', (_name, stages, m) => {
    const on = MODIFIERS.filter((_, i) => m & (1 << i));
    const e = on.reduce<SeverityEvidence>((acc, [, part]) => ({ ...acc, ...part }), evidence(stages, quiet));
    const r = severityOf(e, config);
    expect(r.baseSeverity).toBe(LADDER[ladder(new Set(stages))]);
    expect(r.modifiers.map((x) => x.kind)).toEqual(on.map(([k]) => k));
    expect(r.severity).toBe(LADDER[Math.min(3, ladder(new Set(stages)) + on.length)]);
  });
});

describe('Function: inReleaseWindow', () => {
  const paris = [{ days: ['Mon', 'Tue', 'Wed', 'Thu'] as const, start: '09:00', end: '17:00', timeZone: 'Europe/Paris' }];
  const overnight = [{ days: ['Fri'] as const, start: '22:00', end: '02:00', timeZone: 'UTC' }];
  const tokyo = [{ days: ['Mon'] as const, start: '00:00', end: '06:00', timeZone: 'Asia/Tokyo' }];
  it.each<[string, string, readonly { days: readonly string[]; start: string; end: string; timeZone: string }[], boolean]>([
    ['Monday 08:30 UTC is 09:30 in Paris (winter, UTC+1)', '2026-11-02T08:30:00.000Z', paris, true],
    ['Monday 07:30 UTC is 08:30 in Paris: before the window', '2026-11-02T07:30:00.000Z', paris, false],
    ['summer time: 07:30 UTC is 09:30 in Paris (UTC+2)', '2026-07-06T07:30:00.000Z', paris, true],
    ['the end is exclusive: 17:00 Paris', '2026-11-02T16:00:00.000Z', paris, false],
    ['Friday in Paris is outside a Mon–Thu window', '2026-11-06T10:00:00.000Z', paris, false],
    ['overnight window: Friday 23:00', '2026-11-06T23:00:00.000Z', overnight, true],
    ['overnight window: Saturday 01:00 belongs to Friday night', '2026-11-07T01:00:00.000Z', overnight, true],
    ['overnight window: Friday 01:00 is Thursday night, not in it', '2026-11-06T01:00:00.000Z', overnight, false],
    ['overnight window: Saturday 02:00 is past its end', '2026-11-07T02:00:00.000Z', overnight, false],
    ['Sunday 20:00 UTC is Monday 05:00 in Tokyo', '2026-11-01T20:00:00.000Z', tokyo, true],
    ['Monday 20:00 UTC is Tuesday 05:00 in Tokyo', '2026-11-02T20:00:00.000Z', tokyo, false],
  ])('%s', (_name, iso, windows, expected) => {
    expect(inReleaseWindow(iso, windows as never)).toBe(expected);
  });
});
