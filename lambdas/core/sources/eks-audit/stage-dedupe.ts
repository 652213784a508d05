/**
 * One request, one fact. The API server logs a request at several stages under one auditID
 * (RequestReceived, ResponseStarted, ResponseComplete, Panic); within a batch only the most
 * informative stage is kept, and a request whose response failed did not happen at all.
 * Across batches the signal id (rule + auditID, never the stage) dedupes downstream.
 */
import type { Tally } from '../../model/normalize-result';
import { type JsonObject, objAt, strAt } from '../../records/eks-audit/json-fields';

export interface StagedEvent {
  readonly event: JsonObject;
  readonly auditId: string;
  readonly ref: string;
  readonly envelopeMs?: number;
}

/** Later stages carry the response (status, responseObject), so they win. */
const STAGE_RANK: Readonly<Record<string, number>> = {
  ResponseComplete: 3,
  ResponseStarted: 2,
  RequestReceived: 1,
};

/**
 * A failed response (code >= 400 or status Failure) or a Panic stage means the request did not take
 * effect. RequestReceived has no responseStatus: that is not a failure.
 */
export function hasFailed(event: JsonObject): boolean {
  if (event['stage'] === 'Panic') return true;
  const status = objAt(event, 'responseStatus');
  if (!status) return false;
  const code = status['code'];
  if (typeof code === 'number' && code >= 400) return true;
  return strAt(status, 'status') === 'Failure';
}

interface Group {
  best: StagedEvent;
  rank: number;
  failed: boolean;
  size: number;
}

/**
 * The events to evaluate, in first-seen order: one per auditID, the highest stage (first on ties).
 * Dropped stages are counted as `eks-audit:duplicate-stage`, failed requests as
 * `eks-audit:request-failed` (once per request).
 */
export function dedupeStages(events: readonly StagedEvent[], tally: Tally): StagedEvent[] {
  const groups = new Map<string, Group>();
  for (const e of events) {
    const rank = STAGE_RANK[strAt(e.event, 'stage') ?? ''] ?? 0;
    const failed = hasFailed(e.event);
    const g = groups.get(e.auditId);
    if (!g) {
      groups.set(e.auditId, { best: e, rank, failed, size: 1 });
      continue;
    }
    g.size++;
    g.failed ||= failed;
    if (rank > g.rank) {
      g.best = e;
      g.rank = rank;
    }
  }
  const out: StagedEvent[] = [];
  for (const g of groups.values()) {
    if (g.size > 1) tally.ignore('eks-audit:duplicate-stage', g.size - 1);
    if (g.failed) tally.ignore('eks-audit:request-failed');
    else out.push(g.best);
  }
  return out;
}
