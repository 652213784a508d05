/**
 * Which errors fail an ingest invocation (or a Kinesis batch item) and which only lose the record
 * that caused them. Infrastructure faults — the state table or the queue refusing, throttling, 5xx,
 * the network — must fail, so the event is retried and lands in its on-failure destination rather
 * than being dropped. A fault caused by one record's content (a TypeError on odd input) must not:
 * retrying reads the record no better, and it would take every good record of the batch with it.
 *
 * Duck-typed (the core imports no AWS SDK): an AWS SDK v3 error carries `$metadata` and `$fault`.
 */

/** Error names of infrastructure faults that may reach us without SDK metadata. */
const INFRASTRUCTURE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'LimitExceededException',
  'TransactionInProgressException',
  'InternalServerError',
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ResourceNotFoundException',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'ExpiredTokenException',
  'CredentialsProviderError',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
  'NetworkingError',
  'SqsSendError',
]);

/** Node.js system error codes of network faults. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/** JavaScript engine errors: what odd input makes pure code throw. */
const CONTENT_ERROR_NAMES = new Set(['TypeError', 'RangeError', 'SyntaxError', 'URIError', 'ReferenceError', 'EvalError']);

/** An AWS SDK error (`$metadata`, `$fault`), a known infrastructure error name, a network error, or an HTTP 429/5xx. */
export function isInfrastructureError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as { name?: unknown; code?: unknown; $metadata?: unknown; $fault?: unknown; $retryable?: unknown; statusCode?: unknown; $response?: unknown };
  if (x.$metadata !== undefined || x.$fault !== undefined || x.$retryable !== undefined || x.$response !== undefined) return true;
  if (typeof x.name === 'string' && INFRASTRUCTURE_NAMES.has(x.name)) return true;
  if (typeof x.code === 'string' && NETWORK_CODES.has(x.code)) return true;
  return typeof x.statusCode === 'number' && (x.statusCode === 429 || x.statusCode >= 500);
}

/**
 * A fault caused by a record's content: a JavaScript engine error (TypeError, RangeError …) or a
 * thrown non-Error, and not an infrastructure fault. Any other error (a plain `Error` from an
 * adapter: items left unprocessed, conflicting concurrent updates) is taken as infrastructure: when
 * in doubt, the event is retried, never dropped.
 */
export function isRecordFault(e: unknown): boolean {
  if (isInfrastructureError(e)) return false;
  if (!(e instanceof Error)) return true;
  return CONTENT_ERROR_NAMES.has(e.name);
}

/** A short description of a fault for reject samples. */
export function describeFault(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`.slice(0, 300);
  return String(e).slice(0, 300);
}
