/**
 * The one call every ingest handler makes: an AWS event (CloudWatch Logs subscription, a Kinesis
 * record's payload, an EventBridge event) → JsonDecoder + SourceRouter → IngestPipeline
 * (normalize → DynamoDB state → correlate → findings queue). Free of Lambda and Powertools, so it
 * is tested with plain events.
 */
import type { Correlator } from '../../core/correlate/correlator';
import { BatchCollector } from '../../core/envelopes/batch-collector';
import type { DecodedBatch } from '../../core/envelopes/decoded-batch';
import { JsonDecoder } from '../../core/envelopes/decode-json';
import type { SourceRouter } from '../../core/envelopes/source-router';
import { Tally } from '../../core/model/normalize-result';
import type { DetectionSettings } from '../../core/model/settings';
import type { FindingSink } from '../../core/pipeline/finding-sink';
import { describeFault, isRecordFault } from '../../core/pipeline/fault-kind';
import { type Clock, IngestPipeline, type IngestTotals } from '../../core/pipeline/ingest';
import { errorMessage } from '../../core/util/errors';

export interface IngestServiceDeps {
  router: SourceRouter;
  settings: DetectionSettings;
  correlator: Correlator;
  sink: FindingSink;
  /** The wall clock on AWS: windows and expiry are judged at arrival. */
  clock: Clock;
}

export interface IngestResult {
  /** Records read, signals by kind, rejects and ignores by reason, SKIPDATA. */
  tally: Tally;
  totals: IngestTotals;
}

/** What an invocation that decoded nothing reports. */
const EMPTY_TOTALS = (): IngestTotals => ({ signals: 0, tooLate: 0, itemsWritten: 0, chainsEvaluated: 0, findingsEmitted: 0, conflicts: 0, updates: [], clockMs: 0 });

/** `live`: judged at arrival (the service's clock); `redrive`: judged at the events' own times (docs/redrive.md). */
export type IngestMode = 'live' | 'redrive';

/**
 * Built once per Lambda instance (cold start); `ingest` runs once per event or Kinesis record.
 * @example const { totals } = await service.ingest(event, `awslogs:${context.awsRequestId}`);
 */
export class IngestService {
  private readonly decoder: JsonDecoder;
  private readonly pipeline: IngestPipeline;
  private readonly redrivePipeline: IngestPipeline;

  constructor(deps: IngestServiceDeps) {
    this.decoder = new JsonDecoder({ router: deps.router });
    this.pipeline = new IngestPipeline(deps.correlator, deps.settings, deps.sink, deps.clock);
    // A redriven event can be older than the state retention: event time, like a replay; the wall clock still tells the future.
    const wallNow = deps.clock.kind === 'wall' ? deps.clock.now : deps.clock.wallNow;
    this.redrivePipeline = new IngestPipeline(deps.correlator, deps.settings, deps.sink, { kind: 'event-time', ...(wallNow ? { wallNow } : {}) });
  }

  /**
   * Decodes `event` and runs its records through the pipeline, counting into `tally`. Input that
   * cannot be read is counted as rejected, never thrown (a retry would read it no better): the
   * pipeline loses only the record whose content faults (`ingest:record-error`), and a content
   * fault that still escapes it is counted here against the whole event. State and queue failures
   * (infrastructure, see `isRecordFault`) throw, so the invocation is retried or lands in its
   * on-failure destination. `ref` names the event in reject samples. `mode` `redrive` judges
   * windows and expiry at the events' own times (a redriven event may be hours old).
   */
  async ingest(event: unknown, ref: string, tally: Tally = new Tally(), mode: IngestMode = 'live'): Promise<IngestResult> {
    const collector = new BatchCollector();
    try {
      this.decoder.decode(event, ref, collector, tally);
    } catch (e) {
      // The decoder counts what it cannot read; reaching here is a decoder bug on odd input.
      tally.records++;
      tally.reject('envelope:internal-error', ref, errorMessage(e));
      return { tally, totals: EMPTY_TOTALS() };
    }
    return { tally, totals: await this.ingestBatches(collector.batches, ref, tally, mode) };
  }

  /**
   * Runs batches already decoded (an S3 object's chunk) through the pipeline, counting into
   * `tally`, with the faults handled as {@link ingest} handles them.
   */
  async ingestBatches(batches: readonly DecodedBatch[], ref: string, tally: Tally, mode: IngestMode = 'live'): Promise<IngestTotals> {
    if (batches.length === 0) return EMPTY_TOTALS();
    try {
      return await (mode === 'redrive' ? this.redrivePipeline : this.pipeline).process(batches, tally);
    } catch (e) {
      if (!isRecordFault(e)) throw e;
      tally.reject('ingest:record-error', ref, describeFault(e));
      return EMPTY_TOTALS();
    }
  }
}
