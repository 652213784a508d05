/**
 * A local copy of an S3 object (as `aws s3 sync` writes it) for the shared object reader: streamed
 * for text and JSON, read by ranges through one file handle for Parquet (never whole in memory).
 * Every failure of the file is an {@link InputFault} (`input:unreadable`): the input's own problem,
 * counted, the run goes on.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { InputFault } from '../../core/envelopes/input-fault';
import type { ObjectBody } from '../../core/objects/object-reader';
import type { AsyncBuffer } from '../../core/objects/parquet-rows';
import { errorMessage } from '../../core/util/errors';

const unreadable = (e: unknown) => (e instanceof InputFault ? e : new InputFault('input:unreadable', errorMessage(e).slice(0, 200)));

export function localObjectBody(file: string, counters?: { raw: number }): ObjectBody {
  let handle: FileHandle | undefined;
  return {
    async *stream() {
      const raw = createReadStream(file, { highWaterMark: 1 << 20 });
      try {
        for await (const chunk of raw as AsyncIterable<Buffer>) yield chunk;
      } catch (e) {
        throw unreadable(e);
      } finally {
        raw.destroy();
      }
    },
    async open(): Promise<AsyncBuffer> {
      let size: number;
      try {
        handle = await fsp.open(file, 'r');
        size = (await handle.stat()).size;
      } catch (e) {
        throw unreadable(e);
      }
      const h = handle;
      return {
        byteLength: size,
        async slice(start: number, end: number = size) {
          const length = Math.max(0, Math.min(end, size) - start);
          const buf = new Uint8Array(length);
          let done = 0;
          try {
            while (done < length) {
              const { bytesRead } = await h.read(buf, done, length - done, start + done);
              if (bytesRead === 0) break;
              done += bytesRead;
            }
          } catch (e) {
            throw unreadable(e);
          }
          if (counters) counters.raw += done;
          return buf.buffer.slice(0, done);
        },
      };
    },
    async close() {
      await handle?.close().catch(() => undefined);
      handle = undefined;
    },
  };
}
