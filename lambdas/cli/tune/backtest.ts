/**
 * The two backtests of `an1261 tune`, both through the real pipeline on a fresh embedded DynamoDB
 * (never the deployment's table: a backtest must not leave state behind):
 *
 * 1. the inputs read, normalized and correlated under the current configuration, every signal
 *    shown to a tap (the inventory learns from it) and kept in a {@link SignalLog};
 * 2. the same signals correlated again under the proposed configuration. Only trust of
 *    destinations changes what the normalizers emit, and egress signals carry their destination and
 *    AWS service: those the proposal trusts are dropped, as the flow-log normalizer would have.
 */
import { stat } from 'node:fs/promises';
import { Correlator } from '../../core/correlate/correlator';
import type { Config } from '../../core/model/config';
import type { Finding } from '../../core/model/finding';
import { Tally } from '../../core/model/normalize-result';
import { compileSettings, type DetectionSettings } from '../../core/model/settings';
import type { Signal } from '../../core/model/signal';
import { IngestPipeline } from '../../core/pipeline/ingest';
import { classifyDestination } from '../../core/sources/vpc-flow/classify-destination';
import type { CloudWatchFlags, CloudWatchReplaySource } from '../cloudwatch-source';
import type { InputFlags } from '../input-flags';
import { ReplayFindings } from '../replay/replay-findings';
import { correlatePhase, correlateSignals, readPhase } from '../replay/replay-phases';
import { SignalSorter } from '../replay/signal-sorter';
import type { RunStatus } from '../run-status';
import { type OpenStore, openStateStore } from '../state-store-factory';
import type { SignalLog } from './signal-log';

export interface Backtest {
  findings: Finding[];
  tally: Tally;
  /** Signals correlated. */
  signals: number;
  /** Signals older than the state retention when they were correlated. */
  tooLate: number;
}

export interface InputBacktestArgs {
  files: readonly string[];
  skipped: readonly string[];
  flags: InputFlags & CloudWatchFlags;
  config: Config;
  cloud: CloudWatchReplaySource;
  status: RunStatus;
  /** Sees every slice of signals, in event-time order. */
  tap: (slice: readonly Signal[]) => void | Promise<void>;
}

/** The pipeline of a replay on a fresh embedded DynamoDB, on event time, its findings kept by a sink. */
async function replayPipeline(config: Config): Promise<{ settings: DetectionSettings; opened: OpenStore; sink: ReplayFindings; pipeline: IngestPipeline }> {
  const settings = compileSettings(config);
  const opened = await openStateStore({}, Correlator.retentionFor(settings));
  const sink = new ReplayFindings();
  const pipeline = new IngestPipeline(new Correlator(opened.store, settings), settings, sink, { kind: 'event-time', wallNow: () => Date.now() });
  return { settings, opened, sink, pipeline };
}

/** Backtest 1: the inputs under the current configuration. */
export async function backtestInputs(a: InputBacktestArgs): Promise<Backtest> {
  const sizes = await Promise.all(a.files.map((f) => stat(f).then((st) => st.size, () => 0)));
  const { settings, opened, sink, pipeline } = await replayPipeline(a.config);
  const tally = new Tally();
  for (const reason of a.skipped) tally.ignore(reason);
  const sorter = new SignalSorter();
  try {
    await readPhase({ files: a.files, sizes, flags: a.flags, config: a.config, cloud: a.cloud, status: a.status, pipeline, sorter, tally });
    const totals = await correlatePhase(sorter, pipeline, opened, settings, tally, a.tap);
    return { findings: [...sink.findings()], tally, signals: sorter.stats.signals, tooLate: totals.tooLate };
  } finally {
    sorter.close();
    await opened.close();
  }
}

/** Backtest 2: the logged signals under `config` (egress to destinations it trusts dropped). */
export async function backtestSignals(log: SignalLog, config: Config): Promise<Backtest> {
  const { settings, opened, sink, pipeline } = await replayPipeline(config);
  const tally = new Tally();
  try {
    const totals = await correlateSignals(untrusted(log.signals(), settings), log.count, pipeline, opened, settings, tally);
    return { findings: [...sink.findings()], tally, signals: log.count, tooLate: totals.tooLate };
  } finally {
    await opened.close();
  }
}

async function* untrusted(signals: AsyncIterable<Signal>, settings: DetectionSettings): AsyncGenerator<Signal> {
  for await (const s of signals) {
    if (s.kind === 'egress' && classifyDestination(s.dstIp, settings, s.dstService) !== 'untrusted') continue;
    yield s;
  }
}
