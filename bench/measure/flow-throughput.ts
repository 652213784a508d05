/**
 * Figure 1: flow-log ingest throughput on one CloudWatch Logs batch. Full path: the Lambda's
 * work up to the correlator — JsonDecoder (base64, gunzip, JSON payload, routing by log group) and
 * the vpc-flow normalizer (parse, classify, aggregate into egress signals). Floor: base64 decode,
 * gunzip and JSON.parse of the same payload, which is the least any reader must do to hold the
 * lines of a CWL batch (its "line split": each log event is one line). A naive field split
 * (`line.split(' ')` of every line, on top of the floor) is timed too, for context.
 */
import { gunzipSync } from 'node:zlib';
import { FLOW_LOG_GROUP } from '../bench-config';
import { type CwlEvent, cwlEvent } from '../lib/cwl';
import { FlowMix } from '../generate/flow-mix';
import { type FloorTimingOptions, timeAgainstFloor } from './floor-ratio';
import { type IngestThroughput, measureIngestThroughput } from './ingest-throughput';

export type { IngestThroughput } from './ingest-throughput';

/** The floor: decode and parse the envelope down to its log lines. */
export function floorOf(event: CwlEvent): number {
  const payload = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as { logEvents: Array<{ message: string }> };
  let chars = 0;
  for (const e of payload.logEvents) chars += e.message.length;
  return chars;
}

export function measureFlowThroughput(records: number, seed: number, timing: FloorTimingOptions): IngestThroughput {
  const mix = new FlowMix(seed);
  const host = mix.hosts[7]!; // one of the busiest interfaces
  const startSec = Date.parse('2026-11-02T00:00:00Z') / 1000;
  const lines = Array.from({ length: records }, () => mix.record(host, startSec, 60));
  const expected = new Set(lines.filter((l) => l.egressTuple).map((l) => l.egressTuple)).size;
  const { event, sizes } = cwlEvent(`${FLOW_LOG_GROUP}`, `${host.eni}-all`, lines.map((l) => ({ timestamp: startSec * 1000 + 60_000, message: l.line })));
  const measured = measureIngestThroughput({ event, sizes, records }, floorOf, timing, (summary) => summary.signals.egress);
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
  return { ...measured, expectedSignals: expected, naiveSplitRatio: naive.ratio };
}
