/**
 * Figure 11: start-up of the compiled command line. `an1261 --version` (bin/an1261.js → dist/cli,
 * built by `npm run build`) against a bare `node -e 0` in the same rounds, median of each: what a
 * user waits before any work, and what every scripted call pays.
 */
import { join } from 'node:path';
import { REPO_ROOT } from '../bench-config';
import { median } from '../lib/stats';
import { timedNode } from '../lib/timed-node';

export interface CliStartup {
  rounds: number;
  bareNodeMs: number;
  versionMs: number;
  /** `signals` on an empty input: the command's modules loaded, nothing read. */
  signalsEmptyMs: number;
}

function timed(args: string[]): number {
  const r = timedNode(args, { input: '' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 300)}`);
  return r.ms;
}

export function measureCliStartup(rounds: number): CliStartup {
  const bin = join(REPO_ROOT, 'bin', 'an1261.js');
  const bare: number[] = [];
  const version: number[] = [];
  const signals: number[] = [];
  for (let i = 0; i < rounds; i++) {
    bare.push(timed(['-e', '0']));
    version.push(timed([bin, '--version']));
    signals.push(timed([bin, 'signals', '-']));
  }
  return { rounds, bareNodeMs: median(bare), versionMs: median(version), signalsEmptyMs: median(signals) };
}
