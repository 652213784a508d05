/**
 * Figure 12: what correlation costs on top of reading. `an1261 signals` and `an1261 replay` on the
 * same generated VPC flow-log file (~1M records, gzip, S3 delivery layout), each in a child process,
 * alternated; the figure is replay's wall time over signals'. Signals reads, decodes and normalizes
 * every record and prints the signals; replay does the same, then orders the signals by event time
 * and correlates them on the embedded DynamoDB.
 */
import { join } from 'node:path';
import { REPO_ROOT } from '../bench-config';
import { ensureCorpus } from '../generate/replay-corpus';
import { median } from '../lib/stats';
import { timedNode } from '../lib/timed-node';

/** Bytes of generated flow-log text per record (the corpus generator's mix): sizes the file by records. */
const BYTES_PER_RECORD = 248;

export interface ReplayVsSignals {
  records: number;
  rounds: number;
  signalsMs: number;
  replayMs: number;
}

function timed(args: string[]): number {
  const r = timedNode(args);
  if (r.status !== 0) throw new Error(`an1261 ${args.slice(1, 2).join(' ')} exited ${r.status}: ${r.stderr.slice(-300)}`);
  return r.ms;
}

export async function measureReplayVsSignals(outDir: string, records: number, rounds: number, seed: number, configFile: string): Promise<ReplayVsSignals> {
  const corpus = await ensureCorpus(join(outDir, `flow-file-${records}`), 1, records * BYTES_PER_RECORD, seed);
  const file = corpus.files[0];
  if (!file) throw new Error('no generated flow file');
  const bin = join(REPO_ROOT, 'bin', 'an1261.js');
  const signals: number[] = [];
  const replay: number[] = [];
  for (let i = 0; i < rounds; i++) {
    signals.push(timed([bin, 'signals', file.path, '--config', configFile]));
    replay.push(timed([bin, 'replay', file.path, '--config', configFile, '--format', 'json', '--no-details']));
  }
  return { records: file.lines, rounds, signalsMs: median(signals), replayMs: median(replay) };
}
