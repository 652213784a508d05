/**
 * Errors of the read-only account adapters: every failed AWS call becomes an `AwsCallError` that
 * names the IAM action it needed and says what kind of failure it was, so `an1261 doctor` can
 * report "missing permission eks:DescribeCluster" instead of crashing on an SDK exception.
 */
import { An1261Error, errorMessage } from '../core/util/errors';

export type AwsFailure = 'access-denied' | 'throttled' | 'not-found' | 'credentials' | 'other';

// Each service spells "denied" its own way: EC2 says UnauthorizedOperation, STS AccessDenied.
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedException', 'AuthorizationError', 'AuthorizationErrorException']);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'RequestThrottled', 'SlowDown']);
const CREDENTIALS = new Set(['CredentialsProviderError', 'ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'AuthFailure', 'TokenProviderError']);

export class AwsCallError extends An1261Error {
  constructor(
    /** The IAM action of the call, e.g. `logs:DescribeLogGroups`. */
    readonly action: string,
    readonly failure: AwsFailure,
    /** The service's error code, e.g. `AccessDeniedException`. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function errorCode(e: unknown): string {
  if (typeof e !== 'object' || e === null) return 'Error';
  const x = e as { name?: unknown; Code?: unknown; code?: unknown };
  for (const v of [x.name, x.Code, x.code]) if (typeof v === 'string' && v.length > 0 && v !== 'Error') return v;
  return 'Error';
}

export function classifyAwsError(code: string, httpStatus: number | undefined): AwsFailure {
  if (DENIED.has(code)) return 'access-denied';
  if (THROTTLED.has(code)) return 'throttled';
  if (CREDENTIALS.has(code)) return 'credentials';
  if (code.endsWith('NotFoundException') || code.endsWith('.NotFound') || code === 'NoSuchEntity' || code === 'TrailNotFound') return 'not-found';
  if (httpStatus === 403) return 'access-denied';
  if (httpStatus === 429) return 'throttled';
  return 'other';
}

/** Wraps any error of `action` into an AwsCallError (kept as is when already one). */
export function toAwsCallError(e: unknown, action: string): AwsCallError {
  if (e instanceof AwsCallError) return e;
  const code = errorCode(e);
  const status = (e as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  const failure = classifyAwsError(code, status);
  // EC2 appends a long encoded authorization message; the first sentence is enough.
  const raw = errorMessage(e);
  const short = raw.split(/ Encoded authorization failure message:/)[0]!.slice(0, 300);
  const text =
    failure === 'access-denied'
      ? `missing IAM permission ${action} (${code})`
      : failure === 'throttled'
        ? `${action} throttled by AWS even after the SDK's adaptive retries (${code})`
        : failure === 'credentials'
          ? `AWS credentials were rejected or not found calling ${action} (${code}: ${short})`
          : `${action} failed: ${code}: ${short}`;
  return new AwsCallError(action, failure, code, text, { cause: e });
}

/** Runs one AWS call; whatever it throws comes out as an AwsCallError naming `action`. */
export async function awsCall<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw toAwsCallError(e, action);
  }
}

/** Collects every item of a paginated listing, errors named after `action`. */
export async function collectPages<P, T>(action: string, pages: AsyncIterable<P>, items: (page: P) => readonly T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  try {
    for await (const page of pages) out.push(...(items(page) ?? []));
  } catch (e) {
    throw toAwsCallError(e, action);
  }
  return out;
}
