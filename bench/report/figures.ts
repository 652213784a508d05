/** Turns the raw measurements into the reported figures, each beside its target. */
import type { CliStartup } from '../measure/cli-startup';
import type { ColdStart } from '../measure/cold-start';
import type { CostModel } from '../measure/cost-model';
import type { DetectionLatency } from '../measure/detection-latency';
import type { IngestThroughput } from '../measure/flow-throughput';
import type { HostileRun } from '../measure/hostile-inputs';
import type { ReplayRun } from '../measure/replay-scale';
import type { ReplayVsSignals } from '../measure/replay-vs-signals';
import type { RolloutStorm } from '../measure/rollout-storm';
import type { StateWrites } from '../measure/state-writes';
import type { TwoWeekReplay } from '../measure/two-week-replay';
import type { TuneBacktest } from '../measure/tune-backtest';
import type { S3FlowThroughput } from '../measure/object-throughput';
import { type Figure, atMost, info } from './figure';

export const BUNDLE_LIMIT_KB = 500;
export const LOAD_OVERHEAD_LIMIT_MS = 60;
export /** Tune reads once and correlates twice: under twice a replay of the same data. */
const TUNE_OVER_REPLAY_LIMIT = 2;
const RSS_LIMIT_MB = 300;
/** "Flat": peak RSS may grow at most this much while the input grows tenfold. */
export const RSS_FLAT_FACTOR = 1.25;
/** Installed `an1261 --version` over bare node. */
export const CLI_STARTUP_LIMIT = 5;
/** replay over signals on the same flow-log file. */
export const REPLAY_OVER_SIGNALS_LIMIT = 1.5;

export interface Measurements {
  flow: IngestThroughput;
  audit: IngestThroughput;
  writes: StateWrites;
  coldStart: ColdStart;
  replay: { baseline: ReplayRun; small: ReplayRun; large: ReplayRun };
  latency: DetectionLatency;
  storm: RolloutStorm;
  hostile: HostileRun[];
  twoWeeks: TwoWeekReplay;
  tune: TuneBacktest;
  cliStartup: CliStartup;
  replayVsSignals: ReplayVsSignals;
  s3: S3FlowThroughput;
  cost: CostModel;
}

function throughputFigures(key: string, label: string, t: IngestThroughput): Figure[] {
  return [
    atMost(`${key}.ratio`, `${label}: full path / floor, one CWL batch of ${t.records.toLocaleString('en-US')}`, t.ratio, '×', 2.0, '≤ 2.0'),
    info(`${key}.records-per-sec`, `${label}: records/s (full path)`, t.recordsPerSec, 'rec/s', `floor ${Math.round(t.floorRecordsPerSec).toLocaleString('en-US')} rec/s`),
    info(`${key}.mb-per-sec`, `${label}: MB/s of log text (full path)`, t.mbPerSec, 'MB/s'),
  ];
}

export function buildFigures(m: Measurements): Figure[] {
  const perM = 1e6 / m.writes.records;
  const bound = m.writes.distinctEgressTuples * perM;
  const figures: Figure[] = [
    ...throughputFigures('flow', 'Flow-log ingest', m.flow),
    ...throughputFigures('audit', 'EKS audit ingest', m.audit),
    atMost('writes.egress-items', 'DynamoDB egress items written per 1M flow records', m.writes.breakdown.egressItems * perM, 'items', bound, `≤ ${bound.toFixed(0)} (distinct host/dst/port/window)`),
    atMost('writes.internal-trusted', 'DynamoDB writes for internal or trusted traffic per 1M flow records', m.writes.nonEgressWrites * perM, 'items', 0, '0'),
    info('writes.requests', 'DynamoDB write requests (BatchWriteItem calls) per 1M flow records', m.writes.writeRequests * perM, 'requests'),
    info('writes.link-items', 'Instance↔IP link items per 1M flow records (outside the target)', m.writes.breakdown.linkItems * perM, 'items'),
    info('cold-start.bare-node', 'Bare `node -e 0` (baseline)', m.coldStart.bareNodeMs, 'ms'),
  ];
  for (const b of m.coldStart.bundles) {
    if (b.missing) {
      figures.push({ id: `cold-start.${b.name}.bytes`, figure: `Bundle ${b.name}.handler`, value: null, unit: 'KB', target: `≤ ${BUNDLE_LIMIT_KB} KB`, met: false, missing: true, note: 'entry file missing' });
      figures.push({ id: `cold-start.${b.name}.overhead`, figure: `Load overhead ${b.name}.handler`, value: null, unit: 'ms', target: `≤ ${LOAD_OVERHEAD_LIMIT_MS} ms`, met: false, missing: true, note: 'entry file missing' });
      for (const id of ['tracing-overhead', 'compile']) figures.push({ id: `cold-start.${b.name}.${id}`, figure: `Load ${id} ${b.name}.handler`, value: null, unit: 'ms', target: '', met: null, missing: true, note: 'entry file missing' });
      continue;
    }
    figures.push(atMost(`cold-start.${b.name}.bytes`, `Bundle ${b.name}.handler (SDK bundled; ${Math.round((b.runtimeSdkBytes ?? 0) / 1024)} KB with the runtime SDK)`, b.bytes === undefined ? null : b.bytes / 1024, 'KB', BUNDLE_LIMIT_KB, `≤ ${BUNDLE_LIMIT_KB} KB`, b.error));
    figures.push(atMost(`cold-start.${b.name}.overhead`, `Load overhead ${b.name}.handler over bare node (tracing off: outside Lambda)`, b.overheadMs ?? null, 'ms', LOAD_OVERHEAD_LIMIT_MS, `≤ ${LOAD_OVERHEAD_LIMIT_MS} ms`, b.error));
    const runtimeSdk = b.runtimeSdkOverheadMs === undefined ? 'not measured' : `${Math.round(b.runtimeSdkOverheadMs)} ms`;
    figures.push({ id: `cold-start.${b.name}.tracing-overhead`, figure: `Load overhead ${b.name}.handler with tracing on (as on AWS: X-Ray SDK loaded)`, value: b.tracingOverheadMs ?? null, unit: 'ms', target: '', met: null, note: b.error ?? `with the runtime SDK instead (tracing off): ${runtimeSdk}` });
    const init = b.initMs === undefined ? 'not measured' : `${Math.round(b.initMs)} ms`;
    figures.push({ id: `cold-start.${b.name}.compile`, figure: `Compiling ${b.name}.handler (read + V8 parse of the file)`, value: b.compileMs ?? null, unit: 'ms', target: '', met: null, note: b.error ?? `rest of the import (link, node builtins, module-scope code): ${init}` });
  }
  const { baseline, small, large } = m.replay;
  const mb = (r: ReplayRun) => `${Math.round(r.inputBytes / 1e6)} MB`;
  figures.push(
    info('replay.baseline-rss', 'Replay peak RSS, sample scenario only (baseline)', baseline.peakRssMb, 'MB'),
    atMost('replay.small-rss', `Replay peak RSS, ${mb(small)} of flow logs + chain`, small.peakRssMb, 'MB', RSS_LIMIT_MB, `≤ ${RSS_LIMIT_MB} MB`),
    atMost('replay.large-rss', `Replay peak RSS, ${mb(large)} of flow logs + chain`, large.peakRssMb, 'MB', RSS_LIMIT_MB, `≤ ${RSS_LIMIT_MB} MB`),
    atMost('replay.rss-growth', `Replay RSS growth ${mb(large)} / ${mb(small)}`, large.peakRssMb / small.peakRssMb, '×', RSS_FLAT_FACTOR, `≤ ${RSS_FLAT_FACTOR} (flat)`),
    info('replay.records-per-sec', `Replay records/s at ${mb(large)}`, large.recordsPerSec, 'rec/s', `${small.recordsPerSec.toFixed(0)} at ${mb(small)}`),
    atMost('replay.chain-missed', 'Replays that missed the CRITICAL sample chain', [baseline, small, large].filter((r) => r.critical < 1).length, '', 0, '0'),
    info('latency.p50', `Detection latency p50 over ${m.latency.chains} chains`, m.latency.p50Ms, 'ms'),
    atMost('latency.p99', `Detection latency p99 over ${m.latency.chains} chains`, m.latency.p99Ms, 'ms', 1000, '≤ 1000 ms'),
    atMost('latency.missed', 'Chains whose last event emitted no finding update', m.latency.missed, '', 0, '0'),
    info('storm.small-ms', `Rollout storm: one image built then deployed ${m.storm.small} times (baseline)`, m.storm.smallMs, 'ms'),
    atMost('storm.ratio', `Rollout storm: ${m.storm.large} deploys / ${m.storm.small} deploys, time (linear: ≤ ${m.storm.large / m.storm.small}×)`, m.storm.largeMs / m.storm.smallMs, '×', m.storm.large / m.storm.small, `≤ ${m.storm.large / m.storm.small}`),
    atMost('storm.invocation-max', `Rollout storm: slowest invocation, ${m.storm.large} deploys arriving one by one`, m.storm.perInvocationMaxMs, 'ms', 10_000, '≤ 10 s (Lambda timeout 60 s)'),
    atMost('storm.stages-missing', 'Rollout storm: chain stages missing from its finding (build, deploy)', 2 - m.storm.stages.filter((s) => s === 'build' || s === 'deploy').length, '', 0, '0'),
    ...m.hostile.flatMap((h) => {
      const what = h.kind === 'export' ? `a ${h.contentMb} MB filter-log-events export` : h.kind === 'bomb' ? `a gzip bomb (${(h.fileBytes / 1e6).toFixed(1)} MB → ${h.contentMb} MB)` : `one ${h.contentMb} MB line`;
      return [
        atMost(`hostile.${h.kind}.rss`, `an1261 signals on ${what}: peak RSS`, h.peakRssMb, 'MB', RSS_LIMIT_MB, `≤ ${RSS_LIMIT_MB} MB`),
        info(`hostile.${h.kind}.seconds`, `an1261 signals on ${what}: time`, h.wallMs / 1000, 's'),
        atMost(`hostile.${h.kind}.crashed`, `an1261 signals on ${what}: crashed (exit other than 0/1)`, h.exitCode === 0 || h.exitCode === 1 ? 0 : 1, '', 0, '0'),
      ];
    }),
    info('two-weeks.seconds', `Backtest of ${m.twoWeeks.days} days of a company's logs (${m.twoWeeks.run.records.toLocaleString('en-US')} records, ${(m.twoWeeks.run.inputBytes / 1e6).toFixed(1)} MB gzip, by source): time`, m.twoWeeks.run.wallMs / 1000, 's'),
    info('two-weeks.records-per-sec', `Backtest of ${m.twoWeeks.days} days: records/s`, m.twoWeeks.run.recordsPerSec, 'rec/s'),
    atMost('two-weeks.rss', `Backtest of ${m.twoWeeks.days} days: peak RSS`, m.twoWeeks.run.peakRssMb, 'MB', RSS_LIMIT_MB, `≤ ${RSS_LIMIT_MB} MB`),
    atMost('two-weeks.wrong-findings', `Backtest of ${m.twoWeeks.days} days: findings other than the one attack, or the attack missed`, m.twoWeeks.unexpected + m.twoWeeks.missed, '', 0, '0'),
    info('tune.replay-seconds', `Replay of the ${m.tune.days}-day environment with the day-one config (tune's baseline): time`, m.tune.replay.wallMs / 1000, 's'),
    atMost('tune.ratio', `an1261 tune / replay of the same ${m.tune.days} days, day-one config (tune ${(m.tune.tuneMs / 1000).toFixed(1)} s: one read, two correlations)`, m.tune.tuneMs / m.tune.replay.wallMs, '×', TUNE_OVER_REPLAY_LIMIT, `≤ ${TUNE_OVER_REPLAY_LIMIT}`),
    atMost('tune.rss', `an1261 tune on ${m.tune.days} days: peak RSS`, m.tune.tunePeakRssMb, 'MB', RSS_LIMIT_MB, `≤ ${RSS_LIMIT_MB} MB`),
    info('tune.pages', `an1261 tune on ${m.tune.days} days: would page before → after the proposal (${m.tune.entries} entries)`, m.tune.pagesAfter, 'pages after', `${m.tune.pagesBefore} before`),
    ...(m.tune.days >= 3 ? [atMost('tune.extra-pages', `an1261 tune on ${m.tune.days} days: pages after the proposal other than the attack`, Math.max(0, m.tune.pagesAfter - 1), '', 0, '0')] : []),
    info('cli.bare-node', `Bare \`node -e 0\` (baseline of the CLI start-up, median of ${m.cliStartup.rounds})`, m.cliStartup.bareNodeMs, 'ms'),
    atMost('cli.version-ratio', `Compiled \`an1261 --version\` / bare node (${m.cliStartup.versionMs.toFixed(0)} ms)`, m.cliStartup.versionMs / m.cliStartup.bareNodeMs, '×', CLI_STARTUP_LIMIT, `≤ ${CLI_STARTUP_LIMIT}`),
    info('cli.signals-empty', '`an1261 signals -` on empty input (command modules loaded)', m.cliStartup.signalsEmptyMs, 'ms'),
    info('replay-vs-signals.signals', `an1261 signals on one file of ${m.replayVsSignals.records.toLocaleString('en-US')} flow records: time`, m.replayVsSignals.signalsMs / 1000, 's'),
    atMost('replay-vs-signals.ratio', `an1261 replay / signals on the same ${m.replayVsSignals.records.toLocaleString('en-US')} flow records (replay ${(m.replayVsSignals.replayMs / 1000).toFixed(1)} s)`, m.replayVsSignals.replayMs / m.replayVsSignals.signalsMs, '×', REPLAY_OVER_SIGNALS_LIMIT, `≤ ${REPLAY_OVER_SIGNALS_LIMIT}`),
    info('cost.lambda', 'Lambda arm64 (GB-s + requests) per GB of flow logs', m.cost.lambdaUsdPerGb, 'USD'),
    info('cost.dynamodb', 'DynamoDB on-demand (WRU + RRU) per GB of flow logs', m.cost.dynamoUsdPerGb, 'USD'),
    atMost('cost.total', 'Lambda + DynamoDB per GB of flow logs', m.cost.totalUsdPerGb, 'USD', m.cost.guardDutyUsdPerGb, `< GuardDuty $${m.cost.guardDutyUsdPerGb.toFixed(2)}/GB`, `${(m.cost.ratioToGuardDuty * 100).toFixed(1)}% of GuardDuty; CloudWatch Logs ingestion $${m.cost.cloudWatchIngestUsdPerGb.toFixed(2)}/GB comes on top`),
  );
  for (const [key, label, t] of [['text', 'text .log.gz', m.s3.text], ['parquet', 'Parquet', m.s3.parquet]] as const) {
    const floorNote = key === 'text' ? 'floor: gunzip + line split' : 'floor: hyparquet decoding every column chunk';
    figures.push(
      info(`s3.${key}.ratio`, `Flow logs from S3 (${label}): full path / floor, one object of ${t.records.toLocaleString('en-US')} records`, t.ratio, '×', `${floorNote}; the full path includes the normalizer, as figure 1's does`),
      info(`s3.${key}.mb-per-sec`, `Flow logs from S3 (${label}): MB/s of flow-log text (full path)`, t.mbPerSec, 'MB/s', `${Math.round(t.recordsPerSec).toLocaleString('en-US')} rec/s; object ${(t.objectBytes / 1e6).toFixed(1)} MB for ${(t.textBytes / 1e6).toFixed(1)} MB of text`),
    );
  }
  m.cost.intakePaths.forEach((p, i) => {
    figures.push(info(`cost.intake.${i}`, `Cost per GB, ${p.path}: AWS delivery $${p.deliveryUsdPerGb.toFixed(3)} + detector $${p.detectorUsdPerGb.toFixed(3)}`, p.totalUsdPerGb, 'USD', p.note));
  });
  return figures;
}
