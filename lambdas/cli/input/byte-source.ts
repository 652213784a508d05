/**
 * The bytes of one input as a stream: a file, standard input (`-`), a FIFO or a character device
 * (never stat-sized, never read twice), gunzipped when its first bytes are the gzip magic. Every
 * fault becomes an {@link InputFault} with a reason the reader counts.
 */
import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isGzip } from '../../core/envelopes/gzip';
import { An1261Error, errnoCode, errorMessage } from '../../core/util/errors';

/** A problem with one input: counted as a reject with this reason, the run goes on. */
export class InputFault extends An1261Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ByteSourceOptions {
  /** What `-` reads (process.stdin unless a test hands another stream). */
  stdin?: Readable;
  /** Decompressed bytes one gzip input may produce before it is stopped. */
  maxGunzipBytes: number;
}

export interface ByteCounters {
  /** Bytes read from the input itself (compressed size for gzip), for progress. */
  raw: number;
  gzip: boolean;
}

/** Names of standard input: read from fd 0 itself (opening `/dev/stdin` fails when it is a socket). */
export function isStdin(file: string): boolean {
  return file === '-' || file === '/dev/stdin' || file === '/dev/fd/0' || file === '/proc/self/fd/0';
}

function openRaw(file: string, stdin: Readable | undefined): Readable {
  if (isStdin(file)) return stdin ?? process.stdin;
  return createReadStream(file, { highWaterMark: 1 << 20 });
}

/** Classifies an error met while reading (open, read or gunzip). */
export function faultOf(e: unknown, gzip: boolean): InputFault {
  if (e instanceof InputFault) return e;
  const code = errnoCode(e);
  const message = errorMessage(e).slice(0, 200);
  if (gzip && (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message))) return new InputFault('input:truncated-gzip', `gzip data ends early (${message})`);
  if (gzip && code?.startsWith('Z_')) return new InputFault('input:corrupt-gzip', `cannot read gzip data (${message})`);
  return new InputFault('input:unreadable', message);
}

/** The input's (decompressed) bytes; throws an {@link InputFault}. */
export async function* inputBytes(file: string, opts: ByteSourceOptions, counters: ByteCounters): AsyncGenerator<Buffer> {
  const raw = openRaw(file, opts.stdin);
  const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const asBuf = (c: Buffer | string) => (typeof c === 'string' ? Buffer.from(c) : c);
  let first: Buffer = Buffer.alloc(0);
  let ended = false;
  try {
    while (first.length < 2) {
      const n = await it.next();
      if (n.done) {
        ended = true;
        break;
      }
      const b = asBuf(n.value);
      counters.raw += b.length;
      first = first.length === 0 ? b : Buffer.concat([first, b]);
    }
  } catch (e) {
    throw faultOf(e, false);
  }
  counters.gzip = isGzip(first);
  /** The raw bytes: the sniffed head, then the rest of the stream, counted. */
  async function* rawChunks(): AsyncGenerator<Buffer> {
    if (first.length > 0) yield first;
    if (ended) return;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      const b = asBuf(n.value);
      counters.raw += b.length;
      yield b;
    }
  }
  if (!counters.gzip) {
    try {
      yield* rawChunks();
    } catch (e) {
      throw faultOf(e, false);
    } finally {
      if (!isStdin(file)) raw.destroy();
    }
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
    throw faultOf(e, true);
  } finally {
    gunzip.destroy();
    if (!isStdin(file)) raw.destroy();
  }
}
