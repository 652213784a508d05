/**
 * The ingest throughput measurement shared by figures 1 and 2: one CloudWatch Logs batch through
 * the Lambda's path up to the correlator (JsonDecoder, then the source's normalizer), timed against
 * a floor, with the rates derived from the timing.
 */
import { benchConfig } from '../bench-config';
import type { CwlEvent, CwlEventSizes } from '../lib/cwl';
import { loadIngestCore } from '../lib/load-ingest-core';
import { type FloorTiming, type FloorTimingOptions, timeAgainstFloor } from './floor-ratio';

export interface IngestThroughput extends FloorTiming {
  records: number;
  messageBytes: number;
  base64Bytes: number;
  recordsPerSec: number;
  mbPerSec: number;
  floorRecordsPerSec: number;
  signals: number;
  rejected: number;
  /** Expected signals from the generator's ground truth (a check that the full path did the work). */
  expectedSignals?: number;
  naiveSplitRatio?: number;
}

type Summary = ReturnType<InstanceType<ReturnType<typeof loadIngestCore>['Tally']>['summary']>;

export function measureIngestThroughput(
  batch: { event: CwlEvent; sizes: CwlEventSizes; records: number },
  floor: (event: CwlEvent) => number,
  timing: FloorTimingOptions,
  signalsOf: (summary: Summary) => number,
): IngestThroughput {
  const { BatchCollector, JsonDecoder, SourceRouter, Tally, compileSettings, normalizeSource } = loadIngestCore();
  const config = benchConfig();
  const settings = compileSettings(config);
  const { event, sizes, records } = batch;
  // Built once, as a Lambda builds it at cold start.
  const decoder = new JsonDecoder({ router: new SourceRouter(config.sources) });
  let last = new Tally();
  const full = () => {
    const out = new BatchCollector();
    const tally = new Tally();
    decoder.decode(event, 'bench', out, tally);
    for (const b of out.batches) normalizeSource(b.source, b.records, b.ctx, settings, tally);
    last = tally;
  };
  const timed = timeAgainstFloor(full, () => floor(event), timing);
  const summary = last.summary();
  return {
    ...timed,
    records,
    messageBytes: sizes.messageBytes,
    base64Bytes: sizes.base64Bytes,
    recordsPerSec: records / (timed.fullMs / 1000),
    mbPerSec: sizes.messageBytes / 1e6 / (timed.fullMs / 1000),
    floorRecordsPerSec: records / (timed.floorMs / 1000),
    signals: signalsOf(summary),
    rejected: Object.values(summary.rejected).reduce((a, b) => a + b, 0),
  };
}
