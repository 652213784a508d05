/**
 * Command line of `npm run bench` and the sizes of each mode. Full: the figures the issue asks for
 * (1,000,000 flow records, ~100 MB and ~1 GB replays …) within 5 minutes on 2 cores. Smoke: the
 * same code on tiny inputs in well under 30 s, so CI keeps every figure alive.
 */
import { resolve } from 'node:path';
import { REPO_ROOT } from './bench-config';

export interface BenchSizes {
  flowBatchRecords: number;
  auditBatchEvents: number;
  /** Per throughput figure: time spent in interleaved rounds once minRounds are done. */
  timingBudgetMs: number;
  minRounds: number;
  warmupRounds: number;
  stateWriteRecords: number;
  coldStartRounds: number;
  /** Replay corpus: files of `replayFileBytes`; the small run reads `replaySmallFiles` of them, the large one all. */
  replayFileBytes: number;
  replaySmallFiles: number;
  replayLargeFiles: number;
  latencyChains: number;
  /** Rollout storm: deploys of one image in the small and large run, signals per replay batch. */
  stormSmall: number;
  stormLarge: number;
  stormBatch: number;
  /** Hostile inputs through `an1261 signals`: export, gzip-bomb content and single-line sizes, MB. */
  hostileExportMb: number;
  hostileBombMb: number;
  hostileLineMb: number;
  /** Days of the generated company environment replayed (figure 10). */
  twoWeekDays: number;
  /** `an1261 --version` against bare node (figure 11), rounds. */
  cliStartupRounds: number;
  /** replay against signals on one generated flow file of this many records (figure 12), rounds. */
  replayVsSignalsRecords: number;
  replayVsSignalsRounds: number;
  /** Flow records in the S3 object read as text and as Parquet (figure 13). */
  s3ObjectRecords: number;
}

export interface BenchOptions {
  smoke: boolean;
  seed: number;
  outDir: string;
  /** Write the table to bench/RESULTS.md (full runs by default). */
  updateResults: boolean;
  sizes: BenchSizes;
}

const FULL: BenchSizes = {
  flowBatchRecords: 10_000,
  auditBatchEvents: 2_000,
  timingBudgetMs: 5_000,
  minRounds: 30,
  warmupRounds: 10,
  stateWriteRecords: 1_000_000,
  coldStartRounds: 5,
  replayFileBytes: 100e6,
  replaySmallFiles: 1,
  replayLargeFiles: 10,
  latencyChains: 100,
  stormSmall: 250,
  stormLarge: 2_000,
  stormBatch: 100,
  hostileExportMb: 1024,
  hostileBombMb: 2048,
  hostileLineMb: 200,
  twoWeekDays: 14,
  cliStartupRounds: 9,
  replayVsSignalsRecords: 1_000_000,
  replayVsSignalsRounds: 2,
  s3ObjectRecords: 100_000,
};

const SMOKE: BenchSizes = {
  flowBatchRecords: 500,
  auditBatchEvents: 100,
  timingBudgetMs: 200,
  minRounds: 5,
  warmupRounds: 2,
  stateWriteRecords: 20_000,
  coldStartRounds: 1,
  replayFileBytes: 1e6,
  replaySmallFiles: 1,
  replayLargeFiles: 4,
  latencyChains: 6,
  stormSmall: 20,
  stormLarge: 80,
  stormBatch: 20,
  hostileExportMb: 4,
  hostileBombMb: 8,
  hostileLineMb: 4,
  twoWeekDays: 1,
  cliStartupRounds: 2,
  replayVsSignalsRecords: 5_000,
  replayVsSignalsRounds: 1,
  s3ObjectRecords: 2_000,
};

export const USAGE = 'usage: node --import tsx bench/run.ts [--smoke] [--out <dir>] [--seed <n>] [--no-update-results]';

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let smoke = false;
  let seed = 1261;
  let outDir: string | undefined;
  let update: boolean | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--smoke') smoke = true;
    else if (a === '--no-update-results') update = false;
    else if (a === '--out' && argv[i + 1]) outDir = argv[++i];
    else if (a === '--seed' && argv[i + 1] && Number.isInteger(Number(argv[i + 1]))) seed = Number(argv[++i]);
    else throw new Error(`unknown or incomplete argument "${a}"\n${USAGE}`);
  }
  return {
    smoke,
    seed,
    outDir: resolve(outDir ?? resolve(REPO_ROOT, 'bench', 'out')),
    updateResults: update ?? !smoke,
    sizes: smoke ? SMOKE : FULL,
  };
}
