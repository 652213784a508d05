/**
 * BatchImportFindings requests (pure): at most 100 findings and 6 MB of request body per call
 * (Security Hub CSPM limits), chunked by ./request-chunks.ts with the `{"Findings":[…]}` envelope
 * and the commas counted. Order is kept, so the outcome of each finding can be matched back to its
 * queue message.
 */
import { type RequestLimits, chunkRequests } from './request-chunks';

export const SECURITY_HUB_MAX_FINDINGS_PER_CALL = 100;
/** 6 MB, read as decimal megabytes to stay on the safe side of either reading. */
export const SECURITY_HUB_MAX_REQUEST_BYTES = 6_000_000;

export interface ChunkLimits {
  maxFindings: number;
  maxBytes: number;
}

export const SECURITY_HUB_LIMITS: ChunkLimits = { maxFindings: SECURITY_HUB_MAX_FINDINGS_PER_CALL, maxBytes: SECURITY_HUB_MAX_REQUEST_BYTES };

/** `{"Findings":[` … `]}` around the findings, a comma between two. */
function requestLimits(limits: ChunkLimits): RequestLimits {
  return { maxItems: limits.maxFindings, maxBytes: limits.maxBytes, baseBytes: '{"Findings":[]}'.length, separatorBytes: 1 };
}

/**
 * Greedy chunks in input order; `bytesOf` is the JSON size of one finding. A finding larger than
 * `maxBytes` on its own goes alone (Security Hub then reports it in FailedFindings).
 * @example chunkForImport(Array(250).fill(f), () => 2_000).map((c) => c.length) // [100, 100, 50]
 */
export function chunkForImport<T>(items: readonly T[], bytesOf: (item: T) => number, limits: ChunkLimits = SECURITY_HUB_LIMITS): T[][] {
  return chunkRequests(items, bytesOf, requestLimits(limits));
}
