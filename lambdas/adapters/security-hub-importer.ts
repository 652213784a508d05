/**
 * Imports ASFF findings into Security Hub CSPM with BatchImportFindings. Throttling, 5xx and
 * network errors are retried by the SDK's adaptive retry strategy (which also rate-limits the
 * client below the 10 TPS quota). Per-finding `FailedFindings` are not SDK errors: transient ones
 * are retried here a bounded number of times, then reported. Nothing is dropped: every Id comes
 * back either accepted or failed with a reason.
 *
 * @example
 *   const importer = new SecurityHubImporter(createSecurityHubClient());
 *   const { accepted, failed } = await importer.import(asffFindings);
 */
import { type AwsSecurityFinding, BatchImportFindingsCommand, SecurityHubClient, type SecurityHubClientConfig } from '@aws-sdk/client-securityhub';
import type { AsffFinding } from '../core/publish/asff';
import { type ClientSource, clientGetter } from './client-source';
import { retryPartialBatch, sleepMs } from './partial-batch-retry';
import { chunkForImport, type ChunkLimits, SECURITY_HUB_LIMITS } from './security-hub-batches';
import { errorMessage, errorName } from '../core/util/errors';

/** Error codes that another attempt cannot fix (invalid finding, Security Hub or the integration not enabled). */
const PERMANENT_ERROR_CODES = new Set(['InvalidInput', 'FindingSizeExceeded', 'DuplicatedFindingIdentifier', 'InvalidAccess', 'InvalidAccessException', 'AccessDeniedException']);

export interface SecurityHubImporterOptions {
  /** Extra attempts for transient FailedFindings (ConcurrentUpdateError, InternalFailure …). Default 2. */
  failedFindingRetries?: number;
  /** First pause before re-sending FailedFindings, doubled each time. Default 500 ms. */
  failedFindingDelayMs?: number;
  limits?: ChunkLimits;
  sleep?: (ms: number) => Promise<void>;
}

export interface ImportResult {
  /** ASFF Ids Security Hub accepted. */
  accepted: Set<string>;
  /** ASFF Id → why it was not imported (error code and message). */
  failed: Map<string, string>;
  /** BatchImportFindings calls made (retries of FailedFindings included, SDK retries not). */
  calls: number;
}

/**
 * A Security Hub client with the SDK's adaptive retry mode: throttling and 5xx are retried with
 * backoff and client-side rate limiting. Region, credentials and endpoint come from the standard
 * SDK configuration (AWS_REGION, profiles, AWS_ENDPOINT_URL_SECURITYHUB …) unless `config` sets them.
 */
export function createSecurityHubClient(config: SecurityHubClientConfig = {}): SecurityHubClient {
  return new SecurityHubClient({ retryMode: 'adaptive', maxAttempts: 6, ...config });
}

function describeError(e: unknown): string {
  const meta = (e as { $metadata?: { httpStatusCode?: number; attempts?: number } } | null)?.$metadata;
  const status = meta?.httpStatusCode ? ` (HTTP ${meta.httpStatusCode}, ${meta.attempts ?? 1} attempts)` : '';
  return `${errorName(e) ?? 'Error'}: ${errorMessage(e)}${status}`;
}

export class SecurityHubImporter {
  private readonly retries: number;
  private readonly delayMs: number;
  private readonly limits: ChunkLimits;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly client: () => Promise<SecurityHubClient>;

  constructor(
    client: ClientSource<SecurityHubClient>,
    options: SecurityHubImporterOptions = {},
  ) {
    this.client = clientGetter(client);
    this.retries = options.failedFindingRetries ?? 2;
    this.delayMs = options.failedFindingDelayMs ?? 500;
    this.limits = options.limits ?? SECURITY_HUB_LIMITS;
    this.sleep = options.sleep ?? sleepMs;
  }

  /** Imports findings with unique Ids, in chunks sent one after the other (the quota is per account). */
  async import(findings: readonly AsffFinding[]): Promise<ImportResult> {
    const result: ImportResult = { accepted: new Set(), failed: new Map(), calls: 0 };
    const sized = findings.map((f) => ({ f, bytes: Buffer.byteLength(JSON.stringify(f), 'utf8') }));
    for (const chunk of chunkForImport(sized, (s) => s.bytes, this.limits)) {
      await this.importChunk(
        chunk.map((s) => s.f),
        result,
      );
    }
    return result;
  }

  private async importChunk(chunk: readonly AsffFinding[], result: ImportResult): Promise<void> {
    // Only a transient FailedFinding with attempts left is sent again, so no finding is left pending.
    await retryPartialBatch(chunk, {
      send: (pending, attempt) => this.importOnce(pending, attempt, result),
      maxRounds: this.retries + 1,
      backoffMs: (round) => this.delayMs * 2 ** (round - 1),
      sleep: this.sleep,
    });
  }

  /** One BatchImportFindings call: records accepted and failed findings, returns those to send again. */
  private async importOnce(pending: readonly AsffFinding[], attempt: number, result: ImportResult): Promise<AsffFinding[]> {
    result.calls++;
    let failedFindings;
    try {
      const out = await (await this.client()).send(new BatchImportFindingsCommand({ Findings: pending as unknown as AwsSecurityFinding[] }));
      failedFindings = out.FailedFindings ?? [];
    } catch (e) {
      // The SDK already retried throttling and 5xx; what is left fails the whole chunk.
      for (const f of pending) result.failed.set(f.Id, describeError(e));
      return [];
    }
    const retry = new Set<string>();
    const sent = new Set(pending.map((f) => f.Id));
    for (const ff of failedFindings) {
      const id = ff.Id ?? '';
      if (!sent.has(id)) continue;
      const reason = `${ff.ErrorCode ?? 'UnknownError'}: ${ff.ErrorMessage ?? 'no message'}`;
      if (attempt < this.retries && !PERMANENT_ERROR_CODES.has(ff.ErrorCode ?? '')) retry.add(id);
      else result.failed.set(id, attempt > 0 ? `${reason} (after ${attempt + 1} attempts)` : reason);
    }
    for (const f of pending) {
      if (!retry.has(f.Id) && !result.failed.has(f.Id)) result.accepted.add(f.Id);
    }
    return pending.filter((f) => retry.has(f.Id));
  }
}
