/**
 * Figure 14: `an1261 tune` on the two-week environment of figure 10 (by source), from the day-one
 * configuration (sources and VPC CIDRs, no allowlists), in a child process as a user runs it,
 * against its baseline measured in the same run: `an1261 replay` of the same data with the same
 * configuration. Tune reads once and correlates twice (current config, then the proposal), so its
 * time is expected under twice the replay's. Also: its peak RSS, what would page before and after
 * the proposal, and whether anything but the attack still pages.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../bench-config';
import { type ReplayRun, replayRun, runTimed } from './replay-scale';
import type { TwoWeekReplay } from './two-week-replay';

export interface TuneBacktest {
  days: number;
  replay: ReplayRun;
  tuneMs: number;
  tunePeakRssMb: number;
  pagesBefore: number;
  pagesAfter: number;
  entries: number;
}

const DAY_ONE = join(REPO_ROOT, 'samples', 'two-weeks', 'config.day-one.json');

/** Runs the CLI under `/usr/bin/time -v` when there is one (peak RSS), else with the RSS preload. */
function run(args: string[]): ReturnType<typeof runTimed> {
  return existsSync('/usr/bin/time') ? runTimed('/usr/bin/time', ['-v', process.execPath, ...args]) : runTimed(process.execPath, ['--require', join(__dirname, '..', 'lib', 'max-rss-preload.js'), ...args]);
}

export async function measureTuneBacktest(outDir: string, twoWeeks: TwoWeekReplay): Promise<TuneBacktest> {
  const dir = join(outDir, `two-weeks-${twoWeeks.days}d-by-source`);
  const replay = await replayRun(`two weeks, day-one config`, [dir], twoWeeks.run.inputBytes, DAY_ONE);
  const r = await run([join(REPO_ROOT, 'bin', 'an1261.js'), 'tune', dir, '--config', DAY_ONE, '--format', 'json']);
  if (r.code !== 0) throw new Error(`tune exited ${r.code}: ${r.stderr.split('\n').slice(-8).join(' | ')}`);
  const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)|max-rss-kb: (\d+)/.exec(r.stderr)?.slice(1).find(Boolean));
  const out = JSON.parse(r.stdout) as { proposal: { entries: unknown[] }; beforeAfter: { before: { pages: number }; after: { pages: number } } };
  return { days: twoWeeks.days, replay, tuneMs: r.ms, tunePeakRssMb: rssKb / 1024, pagesBefore: out.beforeAfter.before.pages, pagesAfter: out.beforeAfter.after.pages, entries: out.proposal.entries.length };
}
