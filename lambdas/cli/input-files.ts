/**
 * Reads input files and directories for `signals` and `replay`: content decides the format (gzip
 * by magic bytes; a JSON document, JSON lines, or text lines, told record by record), everything
 * streams at bounded memory (lines and JSON values are capped), and one input's problem (cannot be
 * opened, truncated gzip, broken document, over-long line) is a counted reject on that input's
 * chunk, never the end of the run. `-` is standard input; FIFOs and character devices are read as
 * streams. A local copy of an S3 object in one of AWS's layouts (flow logs, CloudTrail, Security
 * Lake: see lambdas/core/objects/object-key.ts) is read by the object reader the S3 intake Lambda
 * uses, its account and region taken from the path; Parquet is told by its magic bytes and read by
 * ranges through a file handle.
 */
import { promises as fsp } from 'node:fs';
import { join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import type { DecodedBatch } from '../core/envelopes/decoded-batch';
import { Tally } from '../core/model/normalize-result';
import { type ByteCounters, InputFault, faultOf, inputBytes, isStdin } from './input/byte-source';
import { localObjectBody } from './input/local-object-body';
import { type ContentOptions, ContentReader } from '../core/envelopes/content-reader';
import { KEY_REASONS, type ObjectKeyInfo, classifyLocalPath, isRefusal } from '../core/objects/object-key';
import { isParquetMagic } from '../core/objects/parquet-magic';
import { An1261Error, errnoCode, errorMessage } from '../core/util/errors';

/**
 * Where plain files came from (the flags: log group and stream, source, flow format, cluster, and
 * `--owner` as `account`), as the content reader takes them; its limits, defaults filled in
 * (`batchLines` 5000, {@link INPUT_LIMITS}); and what a file reader adds.
 */
export interface InputOptions
  extends Pick<ContentOptions, 'router' | 'logGroup' | 'logStream' | 'source' | 'flowFormat' | 'cluster' | 'account'>,
    Partial<Pick<ContentOptions, 'batchLines' | 'maxLineBytes' | 'maxJsonValueBytes'>> {
  /** Decompressed bytes per gzip input before it stops (`input:gzip-too-large`). Default 64 GiB. */
  maxGunzipBytes?: number;
  /** What `-` reads; process.stdin by default. */
  stdin?: Readable;
}

export const INPUT_LIMITS = {
  maxLineBytes: 8 * 1024 * 1024,
  maxJsonValueBytes: 16 * 1024 * 1024,
  maxGunzipBytes: 64 * 1024 * 1024 * 1024,
} as const;

export interface InputChunk {
  file: string;
  batches: DecodedBatch[];
  /** Records that could not be decoded, counted. */
  tally: Tally;
  /** Bytes of the file consumed so far (compressed size for gzip), for progress. */
  bytesRead: number;
  /**
   * Set on the last chunk of an input that could not be read to its end (or at all): the records
   * before the fault are in this and earlier chunks; the same fault is a reject on `tally`.
   */
  inputError?: { file: string; reason: string };
}

/** Thrown only by {@link listInputFiles} for a path that does not exist (kept for its callers). */
export class InputError extends An1261Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

export interface InputListing {
  /** What to read, in order: regular files, `-`, FIFOs and character devices named on the command line. */
  files: string[];
  /** Named paths that do not exist or cannot be listed: each is a fault of its own. */
  missing: Array<{ file: string; reason: string; message: string }>;
  /** Left out on purpose: dot-files and special files met while recursing, sockets. */
  skipped: Array<{ file: string; reason: 'input:skipped-dot-file' | 'input:skipped-special-file' }>;
}

/**
 * Inputs under the given paths, directories recursed (sorted, dot-files and special files skipped
 * and said); a path named explicitly is read whatever its name (`-` is standard input).
 */
export async function listInputs(paths: readonly string[]): Promise<InputListing> {
  const out: InputListing = { files: [], missing: [], skipped: [] };
  const visit = async (p: string, named: boolean): Promise<void> => {
    if (p === '-') {
      out.files.push(p);
      return;
    }
    let st;
    try {
      st = await fsp.stat(p);
    } catch (e) {
      const code = errnoCode(e);
      out.missing.push({ file: p, reason: code === 'ENOENT' ? 'input:not-found' : 'input:unreadable', message: code === 'ENOENT' ? 'no such file or directory' : errorMessage(e) });
      return;
    }
    if (st.isDirectory()) {
      let entries: string[];
      try {
        entries = (await fsp.readdir(p)).sort();
      } catch (e) {
        out.missing.push({ file: p, reason: 'input:unreadable', message: errorMessage(e) });
        return;
      }
      for (const n of entries) {
        const child = join(p, n);
        if (n.startsWith('.')) out.skipped.push({ file: child, reason: 'input:skipped-dot-file' });
        else await visit(child, false);
      }
    } else if (st.isFile()) {
      out.files.push(p);
    } else if (named && (st.isFIFO() || st.isCharacterDevice())) {
      out.files.push(p);
    } else {
      out.skipped.push({ file: p, reason: 'input:skipped-special-file' });
    }
  };
  for (const p of paths) await visit(p, true);
  return out;
}

/**
 * Files under the given paths, directories recursed, sorted for a stable order; `-` is standard
 * input. Throws {@link InputError} for a path that does not exist (use {@link readInputs} to have
 * it reported as a fault of that input instead). Skipped entries are not said: see {@link listInputs}.
 */
export async function listInputFiles(paths: readonly string[]): Promise<string[]> {
  const listing = await listInputs(paths);
  const first = listing.missing[0];
  if (first) throw new InputError(first.file, first.message);
  // `-` is named by a path so callers may stat it.
  return listing.files.map((f) => (f === '-' ? '/dev/stdin' : f));
}

/**
 * Every input under `paths`, read in order: missing paths become a chunk with `inputError`,
 * skipped entries are ignores on a chunk's tally (with a sample line naming them).
 */
export async function* readInputs(paths: readonly string[], opts: InputOptions): AsyncGenerator<InputChunk> {
  const listing = await listInputs(paths);
  const firstSkipped = listing.skipped[0];
  if (firstSkipped) {
    const tally = new Tally();
    for (const s of listing.skipped) tally.ignore(s.reason);
    for (const s of listing.skipped.slice(0, 3)) tally.rejectSamples.push({ reason: s.reason, ref: s.file });
    yield { file: firstSkipped.file, batches: [], tally, bytesRead: 0 };
  }
  for (const m of listing.missing) {
    const tally = new Tally();
    tally.reject(m.reason, m.file, m.message);
    yield { file: m.file, batches: [], tally, bytesRead: 0, inputError: { file: m.file, reason: m.reason } };
  }
  for (const f of listing.files) yield* readInputFile(f, opts);
}

/**
 * Keys of AWS's layouts whose objects hold nothing the detector reads (CloudTrail digests and
 * Insights, other services' logs, Security Lake sources it does not map): such a local copy is
 * counted and left, as the S3 intake leaves the object.
 */
const LEFT_BY_PATH: ReadonlySet<string> = new Set([KEY_REASONS.cloudTrailDigest, KEY_REASONS.cloudTrailInsight, KEY_REASONS.unknownService, KEY_REASONS.lakeSourceNotRead]);

/** Reads one input into decoded batches, chunk by chunk. Never throws for the input's own problems. */
export async function* readInputFile(file: string, opts: InputOptions): AsyncGenerator<InputChunk> {
  const name = file === '-' || file.startsWith('/dev/') ? file : relative(process.cwd(), file) || file;
  // A local copy of an S3 object in AWS's layout is read as the S3 intake reads the object, the
  // account and region taken from its path (unless flags say where plain files come from).
  if (!isStdin(file) && !opts.source && !opts.logGroup) {
    const key = classifyLocalPath(file);
    if (!isRefusal(key)) {
      yield* readLocalObject(file, name, key, opts);
      return;
    }
    if (LEFT_BY_PATH.has(key.reason)) {
      const tally = new Tally();
      tally.ignore(key.reason);
      yield { file: name, batches: [], tally, bytesRead: 0 };
      return;
    }
  }
  const counters: ByteCounters = { raw: 0, gzip: false };
  const { maxGunzipBytes: _gunzip, stdin: _stdin, ...content } = opts;
  const reader = new ContentReader(name, {
    ...content,
    batchLines: opts.batchLines ?? 5000,
    maxLineBytes: opts.maxLineBytes ?? INPUT_LIMITS.maxLineBytes,
    maxJsonValueBytes: opts.maxJsonValueBytes ?? INPUT_LIMITS.maxJsonValueBytes,
  });
  const chunk = (inputError?: InputFault): InputChunk => {
    if (inputError) reader.fault(inputError);
    const { batches, tally } = reader.take();
    return { file: name, batches, tally, bytesRead: counters.raw, ...(inputError ? { inputError: { file: name, reason: inputError.reason } } : {}) };
  };
  let fault: InputFault | undefined;
  let parquet = false;
  try {
    const bytes = inputBytes(file, { ...(opts.stdin ? { stdin: opts.stdin } : {}), maxGunzipBytes: opts.maxGunzipBytes ?? INPUT_LIMITS.maxGunzipBytes, onHead: (head) => (parquet = isParquetMagic(head)) }, counters);
    for await (const _ of reader.feed(bytes)) yield chunk();
    if (!parquet) reader.end();
  } catch (e) {
    fault = faultOf(e, counters.gzip);
  }
  if (parquet && !fault) {
    // Parquet outside AWS's layouts: flow logs by their columns (range reads need a file, not a stream).
    if (isStdin(file) || !(await isRegularFile(file))) fault = new InputFault('input:parquet-not-a-file', 'Parquet is read by ranges: give it as a file, not a stream');
    else {
      yield* readLocalObject(file, name, { kind: 'vpc-flow', format: 'parquet', layout: 'content', tail: name }, opts);
      return;
    }
  }
  yield chunk(fault);
}

async function isRegularFile(file: string): Promise<boolean> {
  try {
    return (await fsp.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** A local copy of an S3 object, through the object reader the S3 intake Lambda uses (loaded on first use). */
async function* readLocalObject(file: string, name: string, info: ObjectKeyInfo, opts: InputOptions): AsyncGenerator<InputChunk> {
  const { readObject } = await import('../core/objects/object-reader');
  const counters = { raw: 0 };
  const body = localObjectBody(file, counters);
  const chunks = readObject(body, {
    router: opts.router,
    name,
    info,
    batchLines: opts.batchLines ?? 5000,
    maxLineBytes: opts.maxLineBytes ?? INPUT_LIMITS.maxLineBytes,
    maxJsonValueBytes: opts.maxJsonValueBytes ?? INPUT_LIMITS.maxJsonValueBytes,
    maxGunzipBytes: opts.maxGunzipBytes ?? INPUT_LIMITS.maxGunzipBytes,
  });
  for await (const c of chunks) {
    yield { file: name, batches: c.batches, tally: c.tally, bytesRead: Math.max(c.bytesRead, counters.raw), ...(c.fault ? { inputError: { file: name, reason: c.fault.reason } } : {}) };
  }
}
