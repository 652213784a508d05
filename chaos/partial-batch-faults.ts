/**
 * Partial failures of the batch APIs, as AWS reports them in a successful response: a non-empty
 * subset of the request's entries is withheld (never sent, so never written, imported or enqueued)
 * and reported back the way the service reports refused entries:
 * - DynamoDB BatchWriteItem: in `UnprocessedItems`, by table, the WriteRequests as sent;
 * - Security Hub BatchImportFindings: in `FailedFindings` [{ Id, ErrorCode, ErrorMessage }], with
 *   `FailedCount` / `SuccessCount` adjusted;
 * - SQS SendMessageBatch: in `Failed` [{ Id, SenderFault: false, Code: 'InternalError', Message }].
 * When every entry is withheld, no request is sent and the response is made up (HTTP 200, nothing
 * accepted), as AWS answers when it accepts none of them.
 */
import type { BatchWriteItemCommandInput, BatchWriteItemCommandOutput, WriteRequest } from '@aws-sdk/client-dynamodb';
import type { BatchImportFindingsCommandInput, BatchImportFindingsCommandOutput, ImportFindingsError } from '@aws-sdk/client-securityhub';
import type { BatchResultErrorEntry, SendMessageBatchCommandInput, SendMessageBatchCommandOutput } from '@aws-sdk/client-sqs';
import type { ResponseMetadata } from '@smithy/types';
import { pick } from './fault-plan';

/** One call's partial failure: the input to send (undefined: send nothing) and how to complete its output. */
export interface PartialBatch<I, O> {
  /** The input with the withheld entries removed; undefined when all are withheld. */
  send: I | undefined;
  /** Entries withheld. */
  withheld: number;
  /** The caller's output: the service's output (undefined when nothing was sent) plus the withheld entries as refused. */
  complete(output: O | undefined): O;
}

/** A non-empty subset: each entry withheld with probability 1/2, at least one. */
export function splitEntries<T>(entries: readonly T[], random: () => number): { kept: T[]; withheld: T[] } {
  const kept: T[] = [];
  const withheld: T[] = [];
  for (const e of entries) (random() < 0.5 ? withheld : kept).push(e);
  if (withheld.length === 0 && kept.length > 0) withheld.push(...kept.splice(Math.floor(random() * kept.length) % kept.length, 1));
  return { kept, withheld };
}

/** The metadata of a response made up for a request never sent. */
function madeUpMetadata(): ResponseMetadata {
  return { httpStatusCode: 200, requestId: 'chaos-not-sent', attempts: 1, totalRetryDelay: 0 };
}

type TableRequest = readonly [table: string, request: WriteRequest];

function byTable(pairs: readonly TableRequest[]): Record<string, WriteRequest[]> {
  const out: Record<string, WriteRequest[]> = {};
  for (const [table, request] of pairs) (out[table] ??= []).push(request);
  return out;
}

/** BatchWriteItem: withheld WriteRequests come back in UnprocessedItems; undefined when the request has none. */
export function partialBatchWrite(input: BatchWriteItemCommandInput, random: () => number): PartialBatch<BatchWriteItemCommandInput, BatchWriteItemCommandOutput> | undefined {
  const pairs: TableRequest[] = Object.entries(input.RequestItems ?? {}).flatMap(([table, requests]) => (requests ?? []).map((r) => [table, r] as const));
  if (pairs.length === 0) return undefined;
  const { kept, withheld } = splitEntries(pairs, random);
  return {
    send: kept.length > 0 ? { ...input, RequestItems: byTable(kept) } : undefined,
    withheld: withheld.length,
    complete(output) {
      const unprocessed = byTable([...Object.entries(output?.UnprocessedItems ?? {}).flatMap(([t, rs]) => (rs ?? []).map((r) => [t, r] as const)), ...withheld]);
      return { ...(output ?? { $metadata: madeUpMetadata() }), UnprocessedItems: unprocessed };
    },
  };
}

/** BatchImportFindings: withheld findings come back in FailedFindings, counts adjusted. */
export function partialImportFindings(
  input: BatchImportFindingsCommandInput,
  random: () => number,
): PartialBatch<BatchImportFindingsCommandInput, BatchImportFindingsCommandOutput> | undefined {
  const findings = input.Findings ?? [];
  if (findings.length === 0) return undefined;
  const { kept, withheld } = splitEntries(findings, random);
  const failed: ImportFindingsError[] = withheld.map((f) => {
    const code = pick(['InternalFailure', 'Throttling'] as const, random);
    return { Id: f.Id, ErrorCode: code, ErrorMessage: code === 'Throttling' ? 'Rate exceeded (injected by chaos)' : 'Internal service failure (injected by chaos)' };
  });
  return {
    send: kept.length > 0 ? { ...input, Findings: kept } : undefined,
    withheld: withheld.length,
    complete(output) {
      const base = output ?? { $metadata: madeUpMetadata(), FailedCount: 0, SuccessCount: 0, FailedFindings: [] };
      return { ...base, FailedCount: (base.FailedCount ?? 0) + failed.length, SuccessCount: base.SuccessCount ?? 0, FailedFindings: [...(base.FailedFindings ?? []), ...failed] };
    },
  };
}

/** SendMessageBatch: withheld entries come back in Failed, as a server-side (retryable) failure. */
export function partialSendMessageBatch(input: SendMessageBatchCommandInput, random: () => number): PartialBatch<SendMessageBatchCommandInput, SendMessageBatchCommandOutput> | undefined {
  const entries = input.Entries ?? [];
  if (entries.length === 0) return undefined;
  const { kept, withheld } = splitEntries(entries, random);
  const failed: BatchResultErrorEntry[] = withheld.map((e) => ({ Id: e.Id, SenderFault: false, Code: 'InternalError', Message: 'We encountered an internal error. Please try again. (injected by chaos)' }));
  return {
    send: kept.length > 0 ? { ...input, Entries: kept } : undefined,
    withheld: withheld.length,
    complete(output) {
      const base = output ?? { $metadata: madeUpMetadata(), Successful: [], Failed: [] };
      return { ...base, Successful: base.Successful ?? [], Failed: [...(base.Failed ?? []), ...failed] };
    },
  };
}

/** The partial failure for `service.operation`, or undefined when that operation has none (or the request no entries). */
export function partialBatchFor(service: string, operation: string, input: unknown, random: () => number): PartialBatch<unknown, unknown> | undefined {
  switch (`${service}.${operation}`) {
    case 'DynamoDB.BatchWriteItem':
      return partialBatchWrite(input as BatchWriteItemCommandInput, random) as PartialBatch<unknown, unknown> | undefined;
    case 'SecurityHub.BatchImportFindings':
      return partialImportFindings(input as BatchImportFindingsCommandInput, random) as PartialBatch<unknown, unknown> | undefined;
    case 'SQS.SendMessageBatch':
      return partialSendMessageBatch(input as SendMessageBatchCommandInput, random) as PartialBatch<unknown, unknown> | undefined;
    default:
      return undefined;
  }
}
