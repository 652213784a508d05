/**
 * An S3 object as the object reader reads it (lambdas/core/objects/object-reader.ts): a streamed
 * GetObject body for text and JSON (never the whole object in memory), ranged GetObjects for Parquet
 * (`Range: bytes=start-end`, the size from the notification or a HeadObject). The version the
 * notification announced is read when it names one.
 *
 * Faults a retry cannot mend (the object is gone, access is denied, it is archived) are thrown as
 * {@link ObjectAccessError} with a counted reason; everything else (throttling, 5xx, timeouts, a
 * dropped connection) is thrown as the SDK threw it, after the client's own retry strategy, so the
 * message is retried.
 */
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectBody } from '../core/objects/object-reader';
import type { AsyncBuffer } from '../core/objects/parquet-rows';
import { An1261Error, errorMessage, errorName } from '../core/util/errors';
import { type ClientSource, clientGetter } from './client-source';

export interface S3ObjectLocation {
  bucket: string;
  key: string;
  versionId?: string;
  /** Size from the notification (saves a HeadObject for Parquet). */
  size?: number;
}

/** The object cannot be read, and reading it again will not help: counted, the message succeeds. */
export class ObjectAccessError extends An1261Error {
  constructor(
    readonly reason: 'object:not-found' | 'object:access-denied' | 'object:not-readable',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket', 'NoSuchVersion']);
const DENIED = new Set(['AccessDenied', 'Forbidden', 'AllAccessDisabled', 'InvalidAccessKeyId', 'KMS.AccessDeniedException', 'KMS.DisabledException', 'KMS.KMSInvalidStateException']);
const NOT_READABLE = new Set(['InvalidObjectState', 'InvalidRange', 'PreconditionFailed', 'MethodNotAllowed']);

/** A permanent fault as an {@link ObjectAccessError}; other errors unchanged. */
export function classifyS3Error(e: unknown, where: string): unknown {
  const name = errorName(e) ?? '';
  const status = (e as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  const fault = (e as { $fault?: string } | undefined)?.$fault;
  const message = `${where}: ${name || 'error'} (${errorMessage(e).slice(0, 160)})`;
  if (NOT_FOUND.has(name)) return new ObjectAccessError('object:not-found', message, { cause: e });
  if (DENIED.has(name)) return new ObjectAccessError('object:access-denied', message, { cause: e });
  if (NOT_READABLE.has(name)) return new ObjectAccessError('object:not-readable', message, { cause: e });
  // A HeadObject error has no body, so no code: its status says it.
  if (status === 404 && fault === 'client') return new ObjectAccessError('object:not-found', message, { cause: e });
  if (status === 403 && fault === 'client') return new ObjectAccessError('object:access-denied', message, { cause: e });
  if (status === 416) return new ObjectAccessError('object:not-readable', message, { cause: e });
  return e;
}

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? (b.buffer as ArrayBuffer) : (b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
}

/**
 * @example const body = s3ObjectBody(() => s3(), { bucket, key, versionId, size });
 * for await (const chunk of readObject(body, opts)) …
 */
export function s3ObjectBody(client: ClientSource<S3Client>, loc: S3ObjectLocation): ObjectBody {
  const s3 = clientGetter(client);
  const target = { Bucket: loc.bucket, Key: loc.key, ...(loc.versionId ? { VersionId: loc.versionId } : {}) };
  const where = `s3://${loc.bucket}/${loc.key}`;
  return {
    async *stream() {
      let body: AsyncIterable<Uint8Array> | undefined;
      try {
        const out = await (await s3()).send(new GetObjectCommand(target));
        body = out.Body as AsyncIterable<Uint8Array> | undefined;
      } catch (e) {
        throw classifyS3Error(e, where);
      }
      if (!body) return;
      try {
        for await (const chunk of body) yield chunk;
      } catch (e) {
        throw classifyS3Error(e, where);
      }
    },
    async open(): Promise<AsyncBuffer> {
      let size = loc.size;
      if (size === undefined) {
        try {
          size = (await (await s3()).send(new HeadObjectCommand(target))).ContentLength ?? 0;
        } catch (e) {
          throw classifyS3Error(e, where);
        }
      }
      return {
        byteLength: size,
        async slice(start: number, end: number = size) {
          if (end <= start) return new ArrayBuffer(0);
          try {
            const out = await (await s3()).send(new GetObjectCommand({ ...target, Range: `bytes=${start}-${end - 1}` }));
            const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array(0);
            return toArrayBuffer(bytes);
          } catch (e) {
            throw classifyS3Error(e, where);
          }
        },
      };
    },
  };
}
