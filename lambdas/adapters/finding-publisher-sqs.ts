/**
 * The publish Lambda's work for one SQS batch of FindingUpdate messages: Powertools BatchProcessor
 * (partial batch failures: only failed messages return to the queue, then to its DLQ) around a
 * Powertools idempotent step keyed on `finding.id#finding.version` (DynamoDB persistence), so a
 * message delivered twice publishes once; the updates of the batch are published together through
 * the PublishGate. A message is acknowledged only when both destinations accepted its update.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, IdempotencyPersistenceLayerError, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { SEVERITIES } from '../core/model/config';
import type { FindingUpdate } from '../core/model/finding';
import { type ClientSource, clientGetter } from './client-source';
import { type FindingPublisher, type PublishOutcome, updateKey } from './finding-publisher';
import { PublishGate } from './finding-publisher-gate';
import { type ImportTarget, targetFromFunctionArn } from './security-hub-account';
import { An1261Error, errorMessage } from '../core/util/errors';

/** How long a published version is remembered: far longer than any SQS redelivery of it. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** Stable across function renames, so a redeploy does not forget what was published. */
export const IDEMPOTENCY_KEY_PREFIX = 'an1261-publish';

export class PublishFailedError extends An1261Error {
  constructor(readonly outcome: PublishOutcome) {
    super(`finding ${outcome.key} not published: ${outcome.error ?? 'unknown error'}`);
  }
}

/** Hooks for logs and metrics (Powertools in the handler; nothing in tests unless asserted). */
export interface PublishObserver {
  published?(outcome: PublishOutcome): void;
  failed?(record: SQSRecord, error: unknown): void;
  /** Published, but the idempotency store could not record it: acknowledged anyway (see createSqsPublisher). */
  unrecorded?(record: SQSRecord, error: unknown): void;
}

export interface SqsPublishOptions {
  publisher: FindingPublisher;
  /** The idempotency store, or a factory called on the first batch (its DynamoDB client is then built off the cold start). */
  persistenceStore: ClientSource<BasePersistenceLayer>;
  observer?: PublishObserver;
  /** Default: account and Region of the invoked function. */
  target?: (context: Context) => ImportTarget;
}

/** The message body as a FindingUpdate; throws naming what is wrong (the message then goes to the DLQ). */
export function parseFindingUpdate(body: string): FindingUpdate {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    throw new An1261Error(`message body is not JSON (${errorMessage(e)})`, { cause: e });
  }
  const u = json as Partial<FindingUpdate> | null;
  const f = u?.finding as unknown as Record<string, unknown> | undefined;
  if (typeof f !== 'object' || f === null || Array.isArray(f)) throw new Error('message body has no "finding" object');
  if (typeof f.id !== 'string' || f.id.length === 0) throw new Error('"finding.id" must be a non-empty string');
  if (!Number.isInteger(f.version) || (f.version as number) < 1) throw new Error('"finding.version" must be a positive integer');
  if (!SEVERITIES.includes(f.severity as never)) throw new Error(`"finding.severity" must be one of ${SEVERITIES.join(', ')}`);
  for (const k of ['createdAt', 'updatedAt'] as const) if (typeof f[k] !== 'string') throw new Error(`"finding.${k}" must be a timestamp string`);
  if (u!.previousSeverity !== undefined && !SEVERITIES.includes(u!.previousSeverity)) throw new Error(`"previousSeverity" must be one of ${SEVERITIES.join(', ')}`);
  return u as FindingUpdate;
}

/**
 * A function of (event, context) → SQSBatchResponse for the handler to wrap with middy.
 * @example export const handler = instrument(createSqsPublisher({ publisher, persistenceStore }), tools);
 */
export function createSqsPublisher(options: SqsPublishOptions): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const config = new IdempotencyConfig({ eventKeyJmesPath: 'key', expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS });
  const targetOf = options.target ?? ((c: Context) => targetFromFunctionArn(c.invokedFunctionArn));
  const persistenceStore = clientGetter(options.persistenceStore);

  return async (event, context) => {
    config.registerLambdaContext(context);
    const target = targetOf(context);
    const records = event.Records ?? [];
    const gate = new PublishGate(records.length, (updates) => options.publisher.publish(updates, target));
    const idempotency = { persistenceStore: await persistenceStore(), config, keyPrefix: IDEMPOTENCY_KEY_PREFIX };

    const recordHandler = async (record: SQSRecord) => {
      // Per record (not per messageId: SQS may deliver one message twice in a batch), whether it reached the gate.
      let submitted = false;
      let published: { securityHub: string; sns: string; snsMessageId?: string } | undefined;
      try {
        const update = parseFindingUpdate(record.body);
        // Runs only for a version not published before; Powertools records it COMPLETED on return and
        // deletes the in-progress record on throw, so a failed message is published again on redelivery.
        const publishOnce = makeIdempotent(async (item: { key: string; update: FindingUpdate }) => {
          submitted = true;
          const outcome = await gate.submit(item.update);
          if (!outcome.ok) throw new PublishFailedError(outcome);
          options.observer?.published?.(outcome);
          published = { securityHub: outcome.securityHub, sns: outcome.sns, ...(outcome.snsMessageId ? { snsMessageId: outcome.snsMessageId } : {}) };
          return published;
        }, idempotency);
        try {
          return await publishOnce({ key: updateKey(update), update });
        } catch (e) {
          // Published, but the COMPLETED record was not saved (the store failed after its own retries):
          // failing the message would page again on its redelivery, certainly; acknowledging it leaves
          // only an SQS duplicate of it, after its in-progress record expired, to page twice (docs/redrive.md).
          if (published && e instanceof IdempotencyPersistenceLayerError) {
            options.observer?.unrecorded?.(record, e);
            return published;
          }
          throw e;
        }
      } catch (e) {
        options.observer?.failed?.(record, e);
        throw e;
      } finally {
        if (!submitted) gate.leave();
      }
    };

    // Parallel, so that every record reaches the gate before it publishes.
    return processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), { context, processInParallel: true, throwOnFullBatchFailure: false });
  };
}
