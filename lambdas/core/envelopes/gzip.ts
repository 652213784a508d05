/** Gzip is detected by its magic bytes (1f 8b), never by a file name. */
import { gunzipSync } from 'node:zlib';

export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/** Gunzips when the bytes are gzip (all members), else returns them unchanged. Throws on corrupt gzip. */
export function maybeGunzip(buf: Buffer): Buffer {
  return isGzip(buf) ? gunzipSync(buf) : buf;
}
