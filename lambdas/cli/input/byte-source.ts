/**
 * The bytes of one input as a stream: a file, standard input (`-`), a FIFO or a character device
 * (never stat-sized, never read twice), gunzipped when its first bytes are the gzip magic (the
 * shared decoder in lambdas/core/envelopes/byte-stream.ts). Every fault becomes an
 * {@link InputFault} with a reason the reader counts.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { type ByteCounters, SourceReadError, decodedBytes, gzipFault } from '../../core/envelopes/byte-stream';
import { InputFault } from '../../core/envelopes/input-fault';
import { errorMessage } from '../../core/util/errors';

export { InputFault } from '../../core/envelopes/input-fault';
export type { ByteCounters } from '../../core/envelopes/byte-stream';

export interface ByteSourceOptions {
  /** What `-` reads (process.stdin unless a test hands another stream). */
  stdin?: Readable;
  /** Decompressed bytes one gzip input may produce before it is stopped. */
  maxGunzipBytes: number;
  /** Sees the first bytes; returning true ends the read there (see `decodedBytes`). */
  onHead?: (head: Buffer) => boolean;
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
  const cause = e instanceof SourceReadError ? e.cause : e;
  if (cause instanceof InputFault) return cause;
  if (gzip) {
    const fault = gzipFault(cause);
    if (fault) return fault;
  }
  return new InputFault('input:unreadable', errorMessage(cause).slice(0, 200));
}

/** The input's (decompressed) bytes; throws an {@link InputFault}. */
export async function* inputBytes(file: string, opts: ByteSourceOptions, counters: ByteCounters): AsyncGenerator<Buffer> {
  const stdin = isStdin(file);
  const raw = openRaw(file, opts.stdin);
  try {
    yield* decodedBytes(raw as AsyncIterable<Buffer | string>, { maxGunzipBytes: opts.maxGunzipBytes, release: !stdin }, counters, opts.onHead);
  } catch (e) {
    throw faultOf(e, counters.gzip);
  } finally {
    if (!stdin) raw.destroy();
  }
}
