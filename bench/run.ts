/**
 * `npm run bench` (and `npm run bench:smoke`): generates the seeded inputs, measures the
 * figures of the benchmark issue in one run, prints a markdown table (figure, value, target, met?)
 * and writes results.json and results.md to the output folder (bench/out by default); a full run
 * also refreshes bench/RESULTS.md. See docs/performance.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, writeBenchConfig } from './bench-config';
import { type BenchOptions, parseBenchArgs } from './bench-options';
import { ensureCorpus } from './generate/replay-corpus';
import { measureAuditThroughput } from './measure/audit-throughput';
import { measureCliStartup } from './measure/cli-startup';
import { measureColdStart } from './measure/cold-start';
import { costModel } from './measure/cost-model';
import { measureDetectionLatency } from './measure/detection-latency';
import { measureFlowThroughput } from './measure/flow-throughput';
import { measureHostileInputs } from './measure/hostile-inputs';
import { replayRun } from './measure/replay-scale';
import { measureRolloutStorm } from './measure/rollout-storm';
import { measureStateWrites } from './measure/state-writes';
import { measureReplayVsSignals } from './measure/replay-vs-signals';
import { measureTwoWeekReplay } from './measure/two-week-replay';
import { measureTuneBacktest } from './measure/tune-backtest';
import { measureS3FlowThroughput } from './measure/object-throughput';
import { buildCli } from '../scripts/build';
import { type Measurements, buildFigures } from './report/figures';
import { markdownTable } from './report/markdown-table';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

async function measureAll(o: BenchOptions, configFile: string): Promise<Measurements> {
  const s = o.sizes;
  const timing = { warmupRounds: s.warmupRounds, minRounds: s.minRounds, budgetMs: s.timingBudgetMs };
  log('1/14 flow-log ingest throughput vs floor');
  const flow = measureFlowThroughput(s.flowBatchRecords, o.seed, timing);
  log('2/14 EKS audit ingest throughput vs floor');
  const audit = measureAuditThroughput(s.auditBatchEvents, o.seed, timing);
  log(`3/14 state writes over ${s.stateWriteRecords.toLocaleString('en-US')} flow records (dynalite)`);
  const writes = await measureStateWrites(s.stateWriteRecords, o.seed);
  log('4/14 cold start of each Lambda bundle');
  const coldStart = await measureColdStart(s.coldStartRounds, configFile);
  log('5/14 replay scale (corpus generated once, then reused)');
  const corpus = await ensureCorpus(join(o.outDir, `replay-${s.replayFileBytes}`), s.replayLargeFiles, s.replayFileBytes, o.seed);
  const samples = join(REPO_ROOT, 'samples', 'logs');
  const files = corpus.files;
  const bytes = (n: number) => files.slice(0, n).reduce((a, f) => a + f.rawBytes, 0);
  const baseline = await replayRun('samples', [samples], 0, configFile);
  const small = await replayRun('small', [samples, ...files.slice(0, s.replaySmallFiles).map((f) => f.path)], bytes(s.replaySmallFiles), configFile);
  const large = await replayRun('large', [samples, ...files.map((f) => f.path)], bytes(files.length), configFile);
  log(`6/14 detection latency over ${s.latencyChains} chains (dynalite)`);
  const latency = await measureDetectionLatency(s.latencyChains);
  log(`7/14 rollout storm: ${s.stormSmall} and ${s.stormLarge} deploys of one image (dynalite)`);
  const storm = await measureRolloutStorm(s.stormSmall, s.stormLarge, s.stormBatch);
  log(`8/14 hostile inputs: a ${s.hostileExportMb} MB export, a ${s.hostileBombMb} MB gzip bomb, a ${s.hostileLineMb} MB line (generated once)`);
  const hostile = await measureHostileInputs(o.outDir, { exportMb: s.hostileExportMb, bombMb: s.hostileBombMb, lineMb: s.hostileLineMb });
  log(`9/14 a ${s.twoWeekDays}-day company environment, laid out by source (generated once)`);
  const twoWeeks = await measureTwoWeekReplay(o.outDir, s.twoWeekDays);
  log(`10/14 start-up of the compiled CLI (${s.cliStartupRounds} rounds)`);
  const cliStartup = measureCliStartup(s.cliStartupRounds);
  log(`11/14 replay against signals on one file of ${s.replayVsSignalsRecords.toLocaleString('en-US')} flow records (generated once)`);
  const replayVsSignals = await measureReplayVsSignals(o.outDir, s.replayVsSignalsRecords, s.replayVsSignalsRounds, o.seed, configFile);
  log(`12/14 flow logs from S3: one object of ${s.s3ObjectRecords.toLocaleString('en-US')} records as text and as Parquet, each against its decode floor`);
  const s3 = await measureS3FlowThroughput(s.s3ObjectRecords, o.seed, { ...timing, minRounds: Math.max(3, Math.floor(timing.minRounds / 3)) });
  log(`13/14 an1261 tune on the ${s.twoWeekDays}-day environment from the day-one config, against its replay`);
  const tune = await measureTuneBacktest(o.outDir, twoWeeks);
  log('14/14 cost model');
  return { flow, audit, writes, coldStart, replay: { baseline, small, large }, latency, storm, hostile, twoWeeks, tune, cliStartup, replayVsSignals, s3, cost: costModel(flow, writes, s3) };
}

async function main(): Promise<void> {
  const o = parseBenchArgs(process.argv.slice(2));
  mkdirSync(o.outDir, { recursive: true });
  const configFile = writeBenchConfig(o.outDir);
  // The CLI figures run the compiled command line, as installed: build it from the current sources.
  await buildCli();
  const startedAt = new Date();
  const loadBefore = loadavg();
  const m = await measureAll(o, configFile);
  const figures = buildFigures(m);
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadAverageBefore: loadBefore, loadAverageAfter: loadavg() };
  const table = markdownTable(figures);
  const header = `${o.smoke ? 'Smoke run (tiny inputs: figures are not meaningful)' : 'Full run'} of ${startedAt.toISOString()}, ${seconds.toFixed(0)} s, seed ${o.seed}; Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, load average ${loadBefore.map((x) => x.toFixed(1)).join('/')} before.`;
  process.stdout.write(`\n${header}\n\n${table}\n`);
  writeFileSync(join(o.outDir, 'results.json'), `${JSON.stringify({ mode: o.smoke ? 'smoke' : 'full', seed: o.seed, startedAt: startedAt.toISOString(), seconds, machine, figures, raw: m }, null, 2)}\n`);
  writeFileSync(join(o.outDir, 'results.md'), `${header}\n\n${table}\n`);
  if (o.updateResults) {
    writeFileSync(join(REPO_ROOT, 'bench', 'RESULTS.md'), `# Benchmark results\n\nThe latest \`npm run bench\` table (see docs/performance.md for what each figure means and how to reproduce it).\n\n${header}\n\n${table}\n`);
  }
  const unmet = figures.filter((f) => f.met === false).length;
  log(`done in ${seconds.toFixed(0)} s; ${unmet} target(s) not met; results in ${join(o.outDir, 'results.json')}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
