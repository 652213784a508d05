/**
 * Figure 10: a backtest of two weeks of a mid-sized company's logs (samples/two-weeks: two EKS
 * clusters, flow logs, CloudTrail, ECR events, CI runners, monitoring agents, one attack), laid out
 * by source as the README's example does — the layout that needs the event-time merge — replayed
 * in a child process as a user runs it: time, records/s, peak RSS, and whether exactly the attack
 * was found. The environment is generated once into the output folder and reused.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../bench-config';
import { type Manifest, writeTwoWeekEnvironment } from '../../samples/two-weeks/generate';
import { type ReplayRun, replayRun } from './replay-scale';

export interface TwoWeekReplay {
  days: number;
  run: ReplayRun;
  /** Findings other than the expected one, and expected ones not found (at the expected severity). */
  unexpected: number;
  missed: number;
}

export async function measureTwoWeekReplay(outDir: string, days: number): Promise<TwoWeekReplay> {
  const dir = join(outDir, `two-weeks-${days}d-by-source`);
  const manifestFile = `${dir}.manifest.json`;
  let manifest: Manifest;
  if (existsSync(manifestFile)) manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  else {
    manifest = await writeTwoWeekEnvironment(dir, { layout: 'by-source', days });
    writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  const run = await replayRun(`two weeks (${days} d)`, [dir], manifest.bytes.total, join(REPO_ROOT, 'samples', 'two-weeks', 'config.json'));
  const expected = manifest.expectedFindings.length;
  return { days, run, unexpected: Math.max(0, run.findings - expected), missed: Math.max(0, expected - run.critical) };
}
