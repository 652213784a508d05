/** Gzip is detected by its magic bytes (1f 8b), never by a file name. */
import { gunzipSync } from 'node:zlib';
import { An1261Error } from '../util/errors';

/**
 * The most one gzip payload may decompress to (64 MiB). A CloudWatch Logs subscription payload is
 * at most 1 MB compressed and holds at most one PutLogEvents batch (≤ 1 MiB of messages, ≤ 10,000
 * events), a few MB once JSON-encoded; a Kinesis record is at most 1 MB. Anything larger is a
 * decompression bomb: without a cap a 1 MB payload that gunzips to 1 GB takes 2.2 GB of memory and
 * kills the Lambda. With it, memory stays under about 64 MiB plus the input.
 */
export const MAX_GUNZIP_BYTES = 64 * 1024 * 1024;

/** The gzip payload decompresses to more than the cap: counted as `envelope:too-large`, not as invalid gzip. */
export class GunzipTooLargeError extends An1261Error {
  constructor(readonly maxOutputLength: number) {
    super(`gzip payload decompresses to more than ${maxOutputLength} bytes`);
  }
}

export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/**
 * Gunzips when the bytes are gzip (all members), else returns them unchanged. Throws
 * GunzipTooLargeError when the output would exceed `maxOutputLength` (decompression stops there),
 * and zlib's error on corrupt gzip.
 */
export function maybeGunzip(buf: Buffer, maxOutputLength: number = MAX_GUNZIP_BYTES): Buffer {
  if (!isGzip(buf)) return buf;
  try {
    return gunzipSync(buf, { maxOutputLength });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw new GunzipTooLargeError(maxOutputLength);
    throw e;
  }
}
