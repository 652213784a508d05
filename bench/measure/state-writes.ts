/**
 * Figure 3: DynamoDB writes per 1,000,000 flow records of the mix, counted at the adapter
 * (DynamoDbStateStore.counters) on dynalite, through the real IngestPipeline and Correlator.
 * Records arrive as CloudWatch Logs delivers them: one log stream per interface, one batch per
 * interface and 1-minute aggregation interval (the Lambda's unit of work; ~260 records), with the
 * wall clock one minute after the interval ends. The bound the target allows is the number of distinct
 * (host, untrusted destination, port, time window) tuples in the generator's ground truth.
 */
import { DynamoDbStateStore } from '../../lambdas/adapters/dynamodb-state-store';
import { startEmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import { Correlator } from '../../lambdas/core/correlate/correlator';
import { Tally } from '../../lambdas/core/model/normalize-result';
import { compileSettings } from '../../lambdas/core/model/settings';
import { IngestPipeline } from '../../lambdas/core/pipeline/ingest';
import { FLOW_LOG_GROUP, benchConfig } from '../bench-config';
import { ACCOUNT, FLOW_FORMAT, FlowMix } from '../generate/flow-mix';
import { nowMs } from '../lib/stats';
import { CountingStore, type WriteBreakdown } from './counting-store';

export const INTERVAL_SEC = 60;

export interface StateWrites {
  records: number;
  batches: number;
  egressRecords: number;
  /** Distinct (host, untrusted destination, port, window): the most writes the target allows. */
  distinctEgressTuples: number;
  /** From the adapter. */
  writeRequests: number;
  itemsWritten: number;
  readRequests: number;
  breakdown: WriteBreakdown;
  /** Egress items whose tuple is not untrusted egress in the ground truth (internal/trusted written). */
  nonEgressWrites: number;
  /** Tuples written more than once in their window (in more than one batch). */
  tuplesWrittenTwiceOrMore: number;
  /** Wall time of the whole run (normalize + correlate + dynalite), for the cost model. */
  elapsedMs: number;
  messageBytes: number;
}

export async function measureStateWrites(totalRecords: number, seed: number): Promise<StateWrites> {
  const settings = compileSettings(benchConfig());
  const db = await startEmbeddedDynamoDb(`bench-writes-${process.pid}`);
  try {
    const adapter = new DynamoDbStateStore(db.client, db.tableName);
    const store = new CountingStore(adapter);
    let wallNow = 0;
    const pipeline = new IngestPipeline(new Correlator(store, settings), settings, { send: async () => undefined }, { kind: 'wall', now: () => wallNow });
    const mix = new FlowMix(seed);
    // About 260 records per batch, as in an hour of this VPC; small runs cover fewer minutes.
    const intervals = Math.min(60, Math.max(5, Math.round(totalRecords / (mix.hosts.length * 260))));
    const startSec = Date.parse('2026-11-02T00:00:00Z') / 1000;
    const W = settings.timeWindowMs;
    const truth = new Set<string>();
    let records = 0;
    let batches = 0;
    let egressRecords = 0;
    let messageBytes = 0;
    const t0 = nowMs();
    for (const b of mix.batches(totalRecords, startSec, intervals, INTERVAL_SEC)) {
      if (b.lines.length === 0) continue;
      batches++;
      records += b.lines.length;
      for (const l of b.lines) {
        messageBytes += l.line.length;
        if (!l.egressTuple) continue;
        egressRecords++;
        const bucket = new Date(Math.floor((b.startSec * 1000) / W) * W).toISOString();
        truth.add(`${l.egressTuple}|${bucket}`);
      }
      wallNow = (b.startSec + 2 * INTERVAL_SEC) * 1000;
      const timestamp = (b.startSec + INTERVAL_SEC) * 1000;
      await pipeline.process(
        [{ source: 'vpc-flow', ctx: { logGroup: FLOW_LOG_GROUP, logStream: `${b.host.eni}-all`, account: ACCOUNT, flowFormat: FLOW_FORMAT }, records: b.lines.map((l, i) => ({ data: l.line, ref: `cwl:${b.host.eni}#${i}`, timestamp })) }],
        new Tally(),
      );
    }
    const elapsedMs = nowMs() - t0;
    let nonEgressWrites = 0;
    let twice = 0;
    for (const [key, n] of store.egressKeys) {
      // The generator's tuples carry no protocol; every generated egress record is TCP.
      if (!truth.has(key)) nonEgressWrites += n;
      if (n > 1) twice++;
    }
    return {
      records,
      batches,
      egressRecords,
      distinctEgressTuples: truth.size,
      writeRequests: adapter.counters.writeRequests,
      itemsWritten: adapter.counters.itemsWritten,
      readRequests: adapter.counters.readRequests,
      breakdown: store.breakdown,
      nonEgressWrites,
      tuplesWrittenTwiceOrMore: twice,
      elapsedMs,
      messageBytes,
    };
  } finally {
    await db.close();
  }
}
