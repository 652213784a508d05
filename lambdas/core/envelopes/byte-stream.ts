/**
 * The bytes of one input (a file, standard input, an S3 object's body) as a stream, gunzipped when
 * its first bytes are the gzip magic (never by name), with the decompressed size capped. Shared by
 * the CLI's file reader and the S3 object reader.
 *
 * Errors are told apart: a failure of the source itself (a read error, a dropped connection) is
 * thrown as {@link SourceReadError} wrapping it, so the caller decides (a local file's is a counted
 * fault; an S3 stream's is retried); a gzip stream that is truncated or corrupt, or decompresses past
 * the cap, is an {@link InputFault} (`input:truncated-gzip`, `input:corrupt-gzip`,
 * `input:gzip-too-large`): the input's own problem, counted.
 */
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isGzip } from './gzip';
import { InputFault } from './input-fault';
import { An1261Error, errnoCode, errorMessage } from '../util/errors';

/** A read of the input's source failed (not its content): `cause` is what the source threw. */
export class SourceReadError extends An1261Error {
  constructor(cause: unknown) {
    super(`reading the input failed: ${errorMessage(cause)}`, { cause });
  }
}

export interface ByteCounters {
  /** Bytes read from the source itself (compressed size for gzip), for progress. */
  raw: number;
  gzip: boolean;
}

/** A zlib error of a gzip stream as the input's fault, or undefined when `e` is something else. */
export function gzipFault(e: unknown): InputFault | undefined {
  if (e instanceof InputFault) return e;
  const code = errnoCode(e);
  const message = errorMessage(e).slice(0, 200);
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message)) return new InputFault('input:truncated-gzip', `gzip data ends early (${message})`);
  if (code?.startsWith('Z_')) return new InputFault('input:corrupt-gzip', `cannot read gzip data (${message})`);
  return undefined;
}

const asBuffer = (c: Uint8Array | string): Buffer => (typeof c === 'string' ? Buffer.from(c) : Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength));

/**
 * The decoded bytes of `source`. `onHead`, when given, sees the first bytes (at least 4 when the
 * input has them) before anything is yielded, and may stop the read by returning true (the Parquet
 * magic, say): the generator then ends without yielding.
 * @throws SourceReadError when the source fails; InputFault for a bad gzip stream.
 */
export async function* decodedBytes(
  source: AsyncIterable<Uint8Array | string>,
  opts: { maxGunzipBytes: number; /** Stop the source when reading ends early (default true; not for standard input). */ release?: boolean },
  counters: ByteCounters,
  onHead?: (head: Buffer) => boolean,
): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  let ended = false;
  const next = async (): Promise<Buffer | undefined> => {
    let n: IteratorResult<Uint8Array | string>;
    try {
      n = await it.next();
    } catch (e) {
      throw new SourceReadError(e);
    }
    if (n.done) {
      ended = true;
      return undefined;
    }
    const b = asBuffer(n.value);
    counters.raw += b.length;
    return b;
  };
  let head: Buffer = Buffer.alloc(0);
  try {
    while (head.length < 4) {
      const b = await next();
      if (b === undefined) break;
      head = head.length === 0 ? b : Buffer.concat([head, b]);
    }
    if (onHead?.(head)) return;
    counters.gzip = isGzip(head);
    /** The raw bytes: the head, then the rest of the source. */
    const rawChunks = async function* (): AsyncGenerator<Buffer> {
      if (head.length > 0) yield head;
      if (ended) return;
      for (;;) {
        const b = await next();
        if (b === undefined) return;
        yield b;
      }
    };
    if (!counters.gzip) {
      yield* rawChunks();
      return;
    }
    const gunzip = createGunzip();
    pipeline(Readable.from(rawChunks()), gunzip, () => undefined);
    let out = 0;
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        out += chunk.length;
        if (out > opts.maxGunzipBytes) throw new InputFault('input:gzip-too-large', `decompresses to more than ${opts.maxGunzipBytes} bytes`);
        yield chunk;
      }
    } catch (e) {
      if (e instanceof SourceReadError || e instanceof InputFault) throw e;
      throw gzipFault(e) ?? new SourceReadError(e);
    } finally {
      gunzip.destroy();
    }
  } finally {
    // Stops the source when the reader stops early (a fault, a Parquet head): an HTTP body is released.
    if (!ended && opts.release !== false) await it.return?.();
  }
}
