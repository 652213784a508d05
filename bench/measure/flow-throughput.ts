/**
 * Figure 1: flow-log ingest throughput on one CloudWatch Logs batch. Full path: the Lambda's
 * work up to the correlator — JsonDecoder (base64, gunzip, JSON payload, routing by log group) and
 * the vpc-flow normalizer (parse, classify, aggregate into egress signals). Floor: base64 decode,
 * gunzip and JSON.parse of the same payload, which is the least any reader must do to hold the
 * lines of a CWL batch (its "line split": each log event is one line). A naive field split
 * (`line.split(' ')` of every line, on top of the floor) is timed too, for context.
 */
import { gunzipSync } from 'node:zlib';
import { FLOW_LOG_GROUP, benchConfig } from '../bench-config';
import { type CwlEvent, cwlEvent } from '../lib/cwl';
import { loadIngestCore } from '../lib/load-ingest-core';
import { FlowMix } from '../generate/flow-mix';
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

/** The floor: decode and parse the envelope down to its log lines. */
export function floorOf(event: CwlEvent): number {
  const payload = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as { logEvents: Array<{ message: string }> };
  let chars = 0;
  for (const e of payload.logEvents) chars += e.message.length;
  return chars;
}

export function measureFlowThroughput(records: number, seed: number, timing: FloorTimingOptions): IngestThroughput {
  const { BatchCollector, JsonDecoder, SourceRouter, Tally, compileSettings, normalizeSource } = loadIngestCore();
  const config = benchConfig();
  const settings = compileSettings(config);
  const mix = new FlowMix(seed);
  const host = mix.hosts[7]!; // one of the busiest interfaces
  const startSec = Date.parse('2026-11-02T00:00:00Z') / 1000;
  const lines = Array.from({ length: records }, () => mix.record(host, startSec, 60));
  const expected = new Set(lines.filter((l) => l.egressTuple).map((l) => l.egressTuple)).size;
  const { event, sizes } = cwlEvent(`${FLOW_LOG_GROUP}`, `${host.eni}-all`, lines.map((l) => ({ timestamp: startSec * 1000 + 60_000, message: l.line })));
  // Built once, as a Lambda builds it at cold start.
  const decoder = new JsonDecoder({ router: new SourceRouter(config.sources) });

  let last: InstanceType<typeof Tally> = new Tally();
  const full = () => {
    const out = new BatchCollector();
    const tally = new Tally();
    decoder.decode(event, 'bench', out, tally);
    for (const b of out.batches) normalizeSource(b.source, b.records, b.ctx, settings, tally);
    last = tally;
  };
  const timingResult = timeAgainstFloor(full, () => floorOf(event), timing);
  const naive = timeAgainstFloor(
    () => {
      const payload = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as { logEvents: Array<{ message: string }> };
      let n = 0;
      for (const e of payload.logEvents) n += e.message.split(' ').length;
      return n;
    },
    () => floorOf(event),
    { ...timing, budgetMs: timing.budgetMs / 3, minRounds: Math.max(3, Math.floor(timing.minRounds / 3)) },
  );
  const summary = last.summary();
  return {
    ...timingResult,
    records,
    messageBytes: sizes.messageBytes,
    base64Bytes: sizes.base64Bytes,
    recordsPerSec: records / (timingResult.fullMs / 1000),
    mbPerSec: sizes.messageBytes / 1e6 / (timingResult.fullMs / 1000),
    floorRecordsPerSec: records / (timingResult.floorMs / 1000),
    signals: summary.signals.egress,
    rejected: Object.values(summary.rejected).reduce((a, b) => a + b, 0),
    expectedSignals: expected,
    naiveSplitRatio: naive.ratio,
  };
}
