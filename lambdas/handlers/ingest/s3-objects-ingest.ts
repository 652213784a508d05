/**
 * The S3 intake Lambda's work for one SQS batch: each message announces new objects (an S3 event
 * notification, an EventBridge "Object Created" event, either wrapped in SNS, or a Security Lake
 * subscriber notification); each announced object of a configured bucket and prefix (or of the
 * Security Lake bucket) is streamed through the object reader (lambdas/core/objects) into the
 * ingest pipeline, chunk by chunk, never whole in memory.
 *
 * - **Partial batch failures** (Powertools BatchProcessor, `batchItemFailures`): a message whose
 *   object cannot be read for a reason a retry may mend (throttling, 5xx, a timeout, state or queue
 *   failures) fails alone and returns to the queue, then to its DLQ.
 * - **Per object, once**: the reading of an object is a Powertools idempotent step (DynamoDB
 *   persistence on the state table) keyed on bucket, key and version (else ETag, else sequencer): a
 *   second notification of an object already read is counted (`object:already-processed`) and
 *   skipped, so egress bytes and findings are not counted twice; a read that failed leaves no record
 *   and is done again on redelivery.
 * - **Faults a retry cannot mend** (the object is gone, access denied, archived) are a counted reject
 *   and an error log; the message succeeds. The object's own problems (corrupt gzip or Parquet, an
 *   oversized row group, a broken line) are counted rejects too, the records before them kept.
 * - Objects outside the configured buckets and prefixes are counted ignores, never read.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyAlreadyInProgressError, IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type ClientSource, clientGetter } from '../../adapters/client-source';
import { ObjectAccessError } from '../../adapters/s3-object-body';
import { SourceRouter } from '../../core/envelopes/source-router';
import { Tally } from '../../core/model/normalize-result';
import { isRefusal } from '../../core/objects/object-key';
import { type ObjectRef, objectIdentity, parseObjectNotification } from '../../core/objects/object-notification';
import { type ObjectBody, type ObjectReadOptions, readObject } from '../../core/objects/object-reader';
import { type ObjectRoute, routeObject } from '../../core/objects/object-route';
import { type IngestTotals, emptyTotals } from '../../core/pipeline/ingest';
import { An1261Error, asError } from '../../core/util/errors';
import { instrument } from '../shared/middy';
import { reportIngest } from './ingest-report';
import type { IngestRuntime } from './ingest-runtime';

/** Stable across function renames, so a redeploy does not forget what was read. */
export const OBJECT_IDEMPOTENCY_KEY_PREFIX = 'an1261-s3-objects';
/** How long a read object is remembered: longer than any redelivery, DLQ redrive included. */
export const OBJECT_IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * What one object may decompress to here (the CLI allows 64 GiB): a flow-log file is at most 75 MB
 * and a CloudTrail file a few, so past 4 GiB a gzip stream is a bomb, counted
 * (`input:gzip-too-large`) before the function's timeout would make its message a poison one.
 */
export const INTAKE_READ_LIMITS = { maxGunzipBytes: 4 * 1024 * 1024 * 1024 } as const;

export const OBJECT_INGEST_REASONS = {
  alreadyProcessed: 'object:already-processed',
} as const;

/**
 * A message is not started with less time than this left in the invocation: it fails at once
 * (`batchItemFailures`) and returns to the queue, instead of being cut by the timeout with the rest
 * of the batch. Default 30 s.
 */
export const MIN_REMAINING_MS = 30_000;

export interface S3ObjectsIngestDeps {
  runtime: Pick<IngestRuntime, 'tools' | 'config' | 'service'>;
  /** The body of an announced object: through the intake client, or the Security Lake subscriber's (`lake`). */
  bodyOf(ref: ObjectRef, lake: boolean): ObjectBody;
  /** The idempotency store, or a factory called on the first batch. */
  persistenceStore: ClientSource<BasePersistenceLayer>;
  /** Reader limits (tests make them small). */
  readOptions?: Partial<Omit<ObjectReadOptions, 'router' | 'name' | 'info'>>;
  /** See {@link MIN_REMAINING_MS}. */
  minRemainingMs?: number;
}

/** A message left for a later invocation (too little time left in this one). */
export class NotStartedError extends An1261Error {
  constructor(readonly remainingMs: number) {
    super(`not started with ${remainingMs} ms left in the invocation`);
  }
}

/** The Powertools service dimension and the `source` of logs. */
const SOURCE = 's3-objects';

/**
 * @example export const handler = s3ObjectsIngestHandler({ runtime, bodyOf, persistenceStore });
 */
export function s3ObjectsIngestHandler(deps: S3ObjectsIngestDeps): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const { tools, config, service } = deps.runtime;
  const { logger } = tools;
  const router = new SourceRouter(config.sources);
  const idempotencyConfig = new IdempotencyConfig({ eventKeyJmesPath: 'key', expiresAfterSeconds: OBJECT_IDEMPOTENCY_TTL_SECONDS });
  const persistenceStore = clientGetter(deps.persistenceStore);

  /** Reads one object into the pipeline, chunk by chunk, counting into `tally`. */
  const ingestObject = async (ref: ObjectRef, route: ObjectRoute, tally: Tally, totals: IngestTotals): Promise<void> => {
    const name = `s3://${ref.bucket}/${ref.key}`;
    for await (const chunk of readObject(deps.bodyOf(ref, route.lake), { ...INTAKE_READ_LIMITS, ...deps.readOptions, router, name, info: route.info })) {
      const t = await service.ingestBatches(chunk.batches, name, chunk.tally);
      tally.merge(chunk.tally);
      totals.tooLate += t.tooLate;
      totals.findingsEmitted += t.findingsEmitted;
      totals.updates.push(...t.updates);
      if (chunk.fault) logger.warn('object read in part: the rest is counted as rejected', { object: name, reason: chunk.fault.reason, detail: chunk.fault.message });
    }
  };

  return instrument(async (event: SQSEvent, context: Context) => {
    idempotencyConfig.registerLambdaContext(context);
    const idempotency = { persistenceStore: await persistenceStore(), config: idempotencyConfig, keyPrefix: OBJECT_IDEMPOTENCY_KEY_PREFIX };
    const batch = new Tally();
    const totals = emptyTotals();

    /** One announced object: routed, then read once. */
    const announced = async (ref: ObjectRef, tally: Tally): Promise<void> => {
      const name = `s3://${ref.bucket}/${ref.key}`;
      const route = routeObject(ref, config.sources);
      if (isRefusal(route)) {
        if (route.refused === 'ignore') tally.ignore(route.reason);
        else tally.reject(route.reason, name.slice(0, 300), route.detail);
        return;
      }
      let ran = false;
      const readOnce = makeIdempotent(async (_item: { key: string }) => {
        ran = true;
        await ingestObject(ref, route, tally, totals);
        return { read: true };
      }, idempotency);
      try {
        await readOnce({ key: objectIdentity(ref) });
        if (!ran) tally.ignore(OBJECT_INGEST_REASONS.alreadyProcessed);
      } catch (e) {
        if (!(e instanceof ObjectAccessError)) throw e;
        // Gone, denied or archived: reading again cannot help. No idempotency record is kept (the
        // step failed), so a later notification of a restored object is read.
        tally.reject(e.reason, name.slice(0, 300), e.message);
        logger.error('object cannot be read: counted, its message is not retried', { object: name, versionId: ref.versionId, reason: e.reason, error: asError(e) });
      }
    };

    const minRemainingMs = deps.minRemainingMs ?? MIN_REMAINING_MS;
    const recordHandler = async (record: SQSRecord): Promise<void> => {
      const left = context.getRemainingTimeInMillis?.();
      if (left !== undefined && left < minRemainingMs) {
        logger.warn('message not started: too little time left in this invocation; it returns to the queue', { messageId: record.messageId, remainingMs: left });
        throw new NotStartedError(left);
      }
      const tally = new Tally();
      try {
        const parsed = parseObjectNotification(record.body);
        for (const reason of parsed.ignored) tally.ignore(reason);
        for (const r of parsed.rejected) tally.reject(r.reason, `sqs:${record.messageId}`, r.detail);
        for (const ref of parsed.objects) await announced(ref, tally);
      } catch (e) {
        const level = e instanceof IdempotencyAlreadyInProgressError ? 'warn' : 'error';
        logger[level]('object notification failed: its message returns to the queue', { messageId: record.messageId, receiveCount: record.attributes?.ApproximateReceiveCount, error: asError(e) });
        throw e;
      } finally {
        batch.merge(tally);
      }
    };

    try {
      // One message at a time: each streams its objects (memory), and writes to one state table.
      return await processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), { context, processInParallel: false, throwOnFullBatchFailure: false });
    } finally {
      reportIngest(tools, SOURCE, batch, totals);
    }
  }, tools);
}
