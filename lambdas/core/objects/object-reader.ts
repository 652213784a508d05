/**
 * One reader of log objects, shared by the S3 intake Lambda (an S3 object through GetObject) and
 * `an1261 replay` (a local copy): given what the key says ({@link ObjectKeyInfo}) and the object's
 * body, it yields decoded batches chunk by chunk, with the account and region of the key in every
 * batch's context:
 *
 * - text and JSON (flow-log text files with their header line, CloudTrail files streaming their
 *   `Records`) go through the {@link ContentReader}, gunzipped by magic bytes, streamed: at most one
 *   chunk of records is held; refs are `<name>:<line>` and `<name>#<record>`;
 * - Parquet (flow logs, Security Lake) is read row group by row group through range reads
 *   ({@link openParquet}); flow-log rows become the text delivery's lines (./parquet-flow.ts) so the
 *   one flow normalizer judges both; Security Lake rows go to the OCSF mapping (`decodeOcsfRows`);
 *   refs are `<name>#<row>`. An object named as text whose first bytes are `PAR1` is read as Parquet.
 *
 * The object's own problems (corrupt gzip or Parquet, an over-long line, an oversized row group) are
 * counted rejects on the chunk where they happen, the records before them kept; the last chunk then
 * carries `fault`. A failure to read the body (S3 throttling, a dropped connection) is thrown as what
 * the body threw, so the caller decides (the Lambda retries the message).
 */
import { BatchCollector } from '../envelopes/batch-collector';
import { SourceReadError, decodedBytes } from '../envelopes/byte-stream';
import { ContentReader } from '../envelopes/content-reader';
import type { DecodedBatch } from '../envelopes/decoded-batch';
import { InputFault } from '../envelopes/input-fault';
import type { SourceRouter } from '../envelopes/source-router';
import { Tally } from '../model/normalize-result';
import { decodeOcsfRows } from '../sources/ocsf';
import type { SourceBatchContext } from '../sources/normalize-source';
import { errorMessage } from '../util/errors';
import type { ObjectKeyInfo } from './object-key';
import { flowColumnPlan, flowLine } from './parquet-flow';
import { isParquetMagic } from './parquet-magic';
import { type AsyncBuffer, PARQUET_LIMITS, PARQUET_REASONS, ParquetFault, type ParquetLimits, boundedCompressors, openParquet, readRowGroup, rowGroupRefusal, rowObjects } from './parquet-rows';

/** An object's bytes, as a stream or for range reads. */
export interface ObjectBody {
  /** The bytes in order, as stored (gzip is detected by the reader). Errors are the source's. */
  stream(): AsyncIterable<Uint8Array>;
  /** Random access with the size known (Parquet). Errors are the source's. */
  open(): Promise<AsyncBuffer>;
  /** Releases what `open` holds (a file handle); called once the reader is done. */
  close?(): Promise<void>;
}

export interface ObjectReadOptions {
  router: SourceRouter;
  /** The object in refs and reject samples: `s3://bucket/key`, or a local path. */
  name: string;
  info: ObjectKeyInfo;
  /** Records per chunk (default 5000). */
  batchLines?: number;
  /** Longest text line (default 8 MiB). */
  maxLineBytes?: number;
  /** Longest JSON value of a document (default 16 MiB). */
  maxJsonValueBytes?: number;
  /** Decompressed bytes one gzip object may produce (default 64 GiB). */
  maxGunzipBytes?: number;
  parquet?: ParquetLimits;
}

export const OBJECT_LIMITS = {
  batchLines: 5000,
  maxLineBytes: 8 * 1024 * 1024,
  maxJsonValueBytes: 16 * 1024 * 1024,
  maxGunzipBytes: 64 * 1024 * 1024 * 1024,
} as const;

export const OBJECT_REASONS = {
  notFlowLogs: 'vpc-flow:parquet-not-flow-logs',
  unknownColumn: 'vpc-flow:parquet-unknown-column',
  unexpectedParquet: 'object:unexpected-parquet',
  noLakeSource: 'object:lake-source-unknown',
  readError: 'input:unreadable',
} as const;

export interface ObjectChunk {
  batches: DecodedBatch[];
  /** Records read and what could not be, counted. */
  tally: Tally;
  /** Bytes of the object read so far (as stored), for progress. */
  bytesRead: number;
  /** Set on the last chunk when the object could not be read to its end: the reason counted on `tally`. */
  fault?: { reason: string; message: string };
}

/**
 * The object's own fault (counted), or a rethrow of what its source threw (the caller's to handle):
 * a {@link SourceReadError} is unwrapped to its cause unless that is itself an input's fault (a local
 * file that cannot be read).
 */
function ownFault(e: unknown, otherwise: string): InputFault {
  if (e instanceof InputFault) return e;
  if (e instanceof ParquetFault) return new InputFault(e.reason, e.message);
  if (e instanceof SourceReadError) {
    if (e.cause instanceof InputFault) return e.cause;
    throw e.cause;
  }
  return new InputFault(otherwise, errorMessage(e).slice(0, 200));
}

/**
 * Reads one object into decoded batches, chunk by chunk.
 * @example for await (const chunk of readObject(body, { router, name: 's3://b/k', info })) await ingest(chunk.batches, chunk.tally);
 */
export async function* readObject(body: ObjectBody, opts: ObjectReadOptions): AsyncGenerator<ObjectChunk> {
  try {
    if (opts.info.format === 'parquet') yield* readParquetObject(body, opts);
    else yield* readStreamObject(body, opts);
  } finally {
    await body.close?.();
  }
}

async function* readStreamObject(body: ObjectBody, opts: ObjectReadOptions): AsyncGenerator<ObjectChunk> {
  const { info } = opts;
  const counters = { raw: 0, gzip: false };
  const reader = new ContentReader(opts.name, {
    router: opts.router,
    ...(info.account ? { account: info.account } : {}),
    ...(info.region ? { region: info.region } : {}),
    batchLines: opts.batchLines ?? OBJECT_LIMITS.batchLines,
    maxLineBytes: opts.maxLineBytes ?? OBJECT_LIMITS.maxLineBytes,
    maxJsonValueBytes: opts.maxJsonValueBytes ?? OBJECT_LIMITS.maxJsonValueBytes,
    // A CloudTrail file is one document on one line: streamed, never parsed whole.
    ...(info.kind === 'cloudtrail' ? { document: true } : {}),
    // A flow-log object is flow-log lines (its header line gives the format): no line is sniffed.
    ...(info.kind === 'vpc-flow' ? { source: 'vpc-flow' as const } : {}),
  });
  const chunk = (fault?: InputFault): ObjectChunk => {
    if (fault) reader.fault(fault);
    const { batches, tally } = reader.take();
    return { batches, tally, bytesRead: counters.raw, ...(fault ? { fault: { reason: fault.reason, message: fault.message } } : {}) };
  };
  let parquet = false;
  let fault: InputFault | undefined;
  try {
    const bytes = decodedBytes(body.stream(), { maxGunzipBytes: opts.maxGunzipBytes ?? OBJECT_LIMITS.maxGunzipBytes }, counters, (head) => (parquet = isParquetMagic(head)));
    for await (const _ of reader.feed(bytes)) yield chunk();
    if (!parquet) reader.end();
  } catch (e) {
    fault = ownFault(e, OBJECT_REASONS.readError);
  }
  if (parquet) {
    yield* readParquetObject(body, opts);
    return;
  }
  yield chunk(fault);
}

async function* readParquetObject(body: ObjectBody, opts: ObjectReadOptions): AsyncGenerator<ObjectChunk> {
  const { info, name } = opts;
  const limits = opts.parquet ?? PARQUET_LIMITS;
  const batchLines = opts.batchLines ?? OBJECT_LIMITS.batchLines;
  let collector = new BatchCollector();
  let tally = new Tally();
  let bytesRead = 0;
  const take = (fault?: InputFault): ObjectChunk => {
    if (fault) tally.reject(fault.reason, name, fault.message);
    const out: ObjectChunk = { batches: collector.batches, tally, bytesRead, ...(fault ? { fault: { reason: fault.reason, message: fault.message } } : {}) };
    collector = new BatchCollector();
    tally = new Tally();
    return out;
  };
  let fault: InputFault | undefined;
  try {
    let file: AsyncBuffer;
    try {
      file = await body.open();
    } catch (e) {
      throw e instanceof SourceReadError || e instanceof InputFault ? e : new SourceReadError(e);
    }
    bytesRead = file.byteLength;
    if (info.kind === 'cloudtrail') throw new InputFault(OBJECT_REASONS.unexpectedParquet, 'a CloudTrail key holding Parquet');
    const pf = await openParquet(file, limits);
    const compressors = boundedCompressors(limits.maxRowGroupBytes);
    const base: SourceBatchContext = { ...(info.account ? { account: info.account } : {}), ...(info.region ? { region: info.region } : {}) };
    if (info.kind === 'vpc-flow') {
      const plan = flowColumnPlan(pf.columns);
      if (!plan && pf.columns.includes('class_uid')) throw new InputFault(OBJECT_REASONS.noLakeSource, 'OCSF rows (Security Lake?) whose source is not known: keep the object\'s aws/<SOURCE>/<version>/region=…/accountId=…/eventDay=…/ path');
      if (!plan) throw new InputFault(OBJECT_REASONS.notFlowLogs, `no flow-log column among ${pf.columns.slice(0, 8).join(', ').slice(0, 200)}`);
      for (let i = 0; i < plan.unknown.length; i++) tally.drop(OBJECT_REASONS.unknownColumn);
      const ctx: SourceBatchContext = { ...base, flowFormat: plan.format };
      for (const group of pf.rowGroups) {
        const refusal = rowGroupRefusal(group, limits);
        if (refusal) {
          tally.reject(PARQUET_REASONS.rowGroupTooLarge, `${name}#rowgroup=${group.index}`, refusal);
          continue;
        }
        const rg = await readRowGroup(pf, group, plan.columns, compressors);
        const columns = plan.columns.map((c) => rg.columns.get(c)!);
        for (let r = 0; r < group.rows; r++) {
          collector.add('vpc-flow', ctx, { data: flowLine(columns, r), ref: `${name}#${group.rowStart + r}` });
          if (collector.records >= batchLines) yield take();
        }
      }
    } else {
      const lakeSource = info.lakeSource;
      if (!lakeSource) throw new InputFault(OBJECT_REASONS.noLakeSource, 'a Security Lake object whose source is not known');
      const ctx = { ...base, lakeSource };
      for (const group of pf.rowGroups) {
        const refusal = rowGroupRefusal(group, limits);
        if (refusal) {
          tally.reject(PARQUET_REASONS.rowGroupTooLarge, `${name}#rowgroup=${group.index}`, refusal);
          continue;
        }
        const rows = rowObjects(await readRowGroup(pf, group, undefined, compressors));
        for (let at = 0; at < rows.length; at += batchLines) {
          const slice = rows.slice(at, at + batchLines);
          const first = group.rowStart + at;
          decodeOcsfRows(slice, (i) => `${name}#${first + i}`, ctx, collector, tally);
          yield take();
        }
      }
    }
  } catch (e) {
    fault = ownFault(e, PARQUET_REASONS.invalid);
  }
  yield take(fault);
}
