/**
 * The errors the fault injector throws, shaped as the SDK's deserializers and HTTP handler produce
 * them, so that the SDK's retry strategy (@smithy/core/retry) classifies them as it would the real
 * thing:
 * - throttling: a modeled exception of the service where it has one (DynamoDB
 *   ProvisionedThroughputExceededException, SNS ThrottledException, SQS RequestThrottled, Security
 *   Hub LimitExceededException …), else what the deserializer makes of an unmodeled error code: the
 *   service's base exception (SQSServiceException …) named as the protocol's common error
 *   (`ThrottlingException` for JSON protocols, `Throttling` for the query protocol). The retry
 *   strategy knows them by name (THROTTLING_ERROR_CODES) or by HTTP 429.
 * - server-error: the service's modeled 5xx (DynamoDB InternalServerError, SNS InternalErrorException,
 *   Security Hub InternalException) or `InternalFailure` / `ServiceUnavailable`, with
 *   `$metadata.httpStatusCode` 500 or 503, transient for the strategy by status code.
 * - timeout: what @smithy/node-http-handler throws on a request or connection timeout (an Error
 *   named `TimeoutError`) or a socket reset (`code: 'ECONNRESET'`); transient, no `$metadata`.
 * Every message says the fault was injected, so a log reader is not misled.
 */
import { DynamoDBServiceException, InternalServerError, ProvisionedThroughputExceededException, ThrottlingException as DynamoDbThrottlingException } from '@aws-sdk/client-dynamodb';
import { InternalException, LimitExceededException, SecurityHubServiceException, ThrottlingException as SecurityHubThrottlingException } from '@aws-sdk/client-securityhub';
import { InternalErrorException, SNSServiceException, ThrottledException } from '@aws-sdk/client-sns';
import { RequestThrottled, SQSServiceException } from '@aws-sdk/client-sqs';
import type { AttemptFaultKind } from './fault-plan';
import { pick } from './fault-plan';

type ServiceErrorKind = Exclude<AttemptFaultKind, 'timeout'>;

/** What every service's base exception is built with (the SDK's ServiceException options). */
interface ServiceExceptionOptions {
  name: string;
  $fault: 'client' | 'server';
  $metadata: ErrorMetadata;
  message: string;
}
type ServiceException = DynamoDBServiceException;
type BaseException = new (options: ServiceExceptionOptions) => ServiceException;

/**
 * The SDK's own ServiceException (@smithy/core/client), the base of every service's base exception:
 * taken from the prototype chain of a service exception, so it is the very class the clients use
 * (a second copy of @smithy/core would not be).
 */
const SdkServiceException = Object.getPrototypeOf(DynamoDBServiceException) as BaseException;

/** The metadata a deserialized error carries (the retry middleware adds attempts and totalRetryDelay). */
interface ErrorMetadata {
  httpStatusCode: number;
  requestId: string;
}

/** One error a service may answer with: a modeled exception class, or a name for a plain ServiceException. */
interface ErrorSpec {
  name: string;
  status: number;
  fault: 'client' | 'server';
  modeled?: new (options: { message: string; $metadata: ErrorMetadata }) => ServiceException;
}

/** A service's catalog: its base exception (for unmodeled codes) and the errors of each kind. */
interface ServiceErrors {
  base: BaseException;
  throttling: readonly ErrorSpec[];
  'server-error': readonly ErrorSpec[];
}

const SERVICE_UNAVAILABLE: ErrorSpec = { name: 'ServiceUnavailable', status: 503, fault: 'server' };

/** Per service (the client's name without `Client`), then `default` for the others. */
const CATALOG: Readonly<Record<string, ServiceErrors>> = {
  DynamoDB: {
    base: DynamoDBServiceException,
    throttling: [
      { name: 'ProvisionedThroughputExceededException', status: 400, fault: 'client', modeled: ProvisionedThroughputExceededException },
      { name: 'ThrottlingException', status: 400, fault: 'client', modeled: DynamoDbThrottlingException },
    ],
    'server-error': [{ name: 'InternalServerError', status: 500, fault: 'server', modeled: InternalServerError }, SERVICE_UNAVAILABLE],
  },
  SNS: {
    base: SNSServiceException,
    throttling: [
      { name: 'ThrottledException', status: 400, fault: 'client', modeled: ThrottledException },
      { name: 'Throttling', status: 400, fault: 'client' },
    ],
    'server-error': [{ name: 'InternalErrorException', status: 500, fault: 'server', modeled: InternalErrorException }, SERVICE_UNAVAILABLE],
  },
  SQS: {
    base: SQSServiceException,
    throttling: [
      { name: 'RequestThrottled', status: 400, fault: 'client', modeled: RequestThrottled },
      { name: 'ThrottlingException', status: 400, fault: 'client' },
    ],
    'server-error': [{ name: 'InternalError', status: 500, fault: 'server' }, SERVICE_UNAVAILABLE],
  },
  SecurityHub: {
    base: SecurityHubServiceException,
    throttling: [
      { name: 'LimitExceededException', status: 429, fault: 'client', modeled: LimitExceededException },
      { name: 'ThrottlingException', status: 400, fault: 'client', modeled: SecurityHubThrottlingException },
    ],
    'server-error': [{ name: 'InternalException', status: 500, fault: 'server', modeled: InternalException }, SERVICE_UNAVAILABLE],
  },
  STS: {
    base: SdkServiceException,
    throttling: [{ name: 'Throttling', status: 400, fault: 'client' }],
    'server-error': [{ name: 'InternalFailure', status: 500, fault: 'server' }, SERVICE_UNAVAILABLE],
  },
  default: {
    base: SdkServiceException,
    throttling: [
      { name: 'ThrottlingException', status: 400, fault: 'client' },
      { name: 'RequestThrottled', status: 400, fault: 'client' },
    ],
    'server-error': [{ name: 'InternalFailure', status: 500, fault: 'server' }, SERVICE_UNAVAILABLE],
  },
};

/** Errors built by the injector are tagged, so tests and reports can tell them from real ones. */
export const INJECTED = Symbol.for('an1261.chaos.injected');

function injectedRequestId(random: () => number): string {
  return `chaos-${Math.floor(random() * 0xffffffff).toString(16).padStart(8, '0')}`;
}

function tag<E extends Error>(error: E): E {
  Object.defineProperty(error, INJECTED, { value: true, enumerable: false });
  return error;
}

/** An error response of `service` for `kind`, as the SDK's deserializer would have built it. */
export function serviceError(service: string, kind: ServiceErrorKind, random: () => number): ServiceException {
  const errors = CATALOG[service] ?? CATALOG.default!;
  const spec = pick(errors[kind], random);
  const $metadata: ErrorMetadata = { httpStatusCode: spec.status, requestId: injectedRequestId(random) };
  const message = `${spec.name} (injected by chaos)`;
  const error = spec.modeled ? new spec.modeled({ message, $metadata }) : new errors.base({ name: spec.name, $fault: spec.fault, $metadata, message });
  // The deserializer reads the status from the response; the modeled constructors take it from $metadata as given.
  error.$metadata = { ...$metadata };
  return tag(error);
}

/** A timeout or a connection reset, as @smithy/node-http-handler rejects with them. */
export function timeoutError(random: () => number): Error {
  if (random() < 0.5) return tag(Object.assign(new Error('Connection timed out after 1000 ms (injected by chaos)'), { name: 'TimeoutError' }));
  return tag(Object.assign(new Error('socket hang up (injected by chaos)'), { code: 'ECONNRESET' }));
}

/** The error for one attempt fault. */
export function attemptError(service: string, kind: AttemptFaultKind, random: () => number): Error {
  return kind === 'timeout' ? timeoutError(random) : serviceError(service, kind, random);
}

/** Whether the injector built this error. */
export function isInjected(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[INJECTED] === true;
}
