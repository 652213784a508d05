/**
 * The two phases of `an1261 replay`:
 *
 * 1. **Read**: every input (files in any order or layout, `--from-cloudwatch` pages) is decoded and
 *    normalized into signals through the pipeline's time guard, each input on its own (one that
 *    cannot be read is reported and counted; the others go on), and the signals go to the
 *    {@link SignalSorter}.
 * 2. **Correlate**: the signals of all inputs, merged in one event-time order, are correlated in
 *    slices (at most `latenessMinutes` of event time, at most {@link SLICE_SIGNALS} signals each)
 *    on the replay clock (each slice's newest event time), which only moves forward: state expiry,
 *    windows and the embedded store's TTL judge every signal as if it had arrived live, on time.
 */
import type { Config } from '../../core/model/config';
import { Tally } from '../../core/model/normalize-result';
import type { DetectionSettings } from '../../core/model/settings';
import type { Signal } from '../../core/model/signal';
import { SourceRouter } from '../../core/envelopes/source-router';
import { type IngestPipeline, type IngestTotals, emptyTotals, newestTime } from '../../core/pipeline/ingest';
import { eventTimeSlices } from '../../core/pipeline/event-time-order';
import type { CloudWatchFlags, CloudWatchReplaySource } from '../cloudwatch-source';
import { readInputFile } from '../input-files';
import { type InputFlags, inputOptions } from '../input-flags';
import { Progress } from '../progress';
import { isInputFailure, type RunStatus } from '../run-status';
import type { OpenStore } from '../state-store-factory';
import type { SignalSorter } from './signal-sorter';

/** Signals correlated at once, at most: bounds the memory of a dense minute (a rollout storm). */
export const SLICE_SIGNALS = 2000;

export interface ReadArgs {
  files: readonly string[];
  sizes: readonly number[];
  flags: InputFlags & CloudWatchFlags;
  config: Config;
  cloud: CloudWatchReplaySource;
  status: RunStatus;
  pipeline: IngestPipeline;
  sorter: SignalSorter;
  /** Every input's own tally is merged into this one. */
  tally: Tally;
}

/** Phase 1: reads and normalizes every input into the sorter. */
export async function readPhase(a: ReadArgs): Promise<void> {
  const progress = new Progress('reading', a.sizes.reduce((x, y) => x + y, 0), process.stderr);
  let doneBytes = 0;
  let records = 0;
  try {
    if (a.flags.fromCloudwatch) {
      const pulled = new Tally();
      a.status.beginInput();
      for await (const chunk of a.cloud.chunks(a.flags, a.config)) {
        a.status.chunk(chunk, 'cloudwatch');
        pulled.merge(chunk.tally);
        await a.sorter.add(a.pipeline.normalizeBatches(chunk.batches, pulled));
      }
      a.status.endInput('cloudwatch', pulled);
      a.tally.merge(pulled);
    }
    for (const [i, file] of a.files.entries()) {
      // Per input: one that cannot be opened or decoded is listed and counted; the run goes on.
      const own = new Tally();
      a.status.beginInput();
      try {
        for await (const chunk of readInputFile(file, inputOptions(a.flags, new SourceRouter(a.config.sources)))) {
          a.status.chunk(chunk, file);
          own.merge(chunk.tally);
          records += chunk.tally.records;
          await a.sorter.add(a.pipeline.normalizeBatches(chunk.batches, own));
          progress.update(doneBytes + chunk.bytesRead, records, a.sorter.stats.last, chunk.file);
        }
      } catch (e) {
        if (!isInputFailure(e)) throw e;
        a.status.thrown(file, e);
        own.reject('input:unreadable', e.file ?? file, e.message);
      }
      a.status.endInput(file, own);
      a.tally.merge(own);
      doneBytes += a.sizes[i] ?? 0;
    }
  } finally {
    progress.done();
  }
}

/** Phase 2: correlates the sorted signals; correlation faults of single signals are counted on `tally`. */
export async function correlatePhase(sorter: SignalSorter, pipeline: IngestPipeline, opened: OpenStore, settings: DetectionSettings, tally: Tally, tap?: SliceTap): Promise<IngestTotals> {
  return correlateSignals(sorter.sorted(), sorter.stats.signals, pipeline, opened, settings, tally, tap);
}

/** Sees each slice of signals, in event-time order, before it is correlated (`an1261 tune` learns from them). */
export type SliceTap = (slice: readonly Signal[]) => void | Promise<void>;

/** Correlates `total` signals already in event-time order, slice by slice on the replay clock. */
export async function correlateSignals(source: AsyncIterable<Signal>, total: number, pipeline: IngestPipeline, opened: OpenStore, settings: DetectionSettings, tally: Tally, tap?: SliceTap): Promise<IngestTotals> {
  const totals = emptyTotals();
  const progress = new Progress('correlating', total, process.stderr);
  let done = 0;
  try {
    for await (const slice of eventTimeSlices(source, settings.latenessMs, SLICE_SIGNALS)) {
      if (tap) await tap(slice);
      const now = newestTime(slice);
      await pipeline.correlateSlice(slice, now, tally, totals);
      // The replay never keeps the updates: its sink holds each finding's latest version.
      totals.updates.length = 0;
      await opened.afterChunk(totals.clockMs);
      done += slice.length;
      progress.update(done, done, slice[slice.length - 1]!.time);
    }
  } finally {
    progress.done();
  }
  return totals;
}

/** The summary line saying how the inputs were put in event-time order. */
export function orderLine(sorter: SignalSorter): string {
  const s = sorter.stats;
  if (s.signals === 0) return 'order: no signals to correlate\n';
  const where = s.runs === 0 ? 'sorted in memory' : `sorted out of core: ${s.runs} sorted run(s), ${(s.spilledBytes / 1048576).toFixed(1)} MB of temporary files${s.extraPasses ? `, ${s.extraPasses} extra merge pass(es)` : ''}`;
  return `order: ${s.signals} signals correlated in event-time order, ${s.first} … ${s.last} (${where})\n`;
}
