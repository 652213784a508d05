/**
 * Splits ASFF findings into BatchImportFindings requests (pure): at most 100 findings and 6 MB of
 * request body per call (Security Hub CSPM limits). Order is kept, so the outcome of each finding
 * can be matched back to its queue message.
 */

export const SECURITY_HUB_MAX_FINDINGS_PER_CALL = 100;
/** 6 MB, read as decimal megabytes to stay on the safe side of either reading. */
export const SECURITY_HUB_MAX_REQUEST_BYTES = 6_000_000;
/** `{"Findings":[` … `]}` around the findings. */
const ENVELOPE_BYTES = '{"Findings":[]}'.length;

export interface ChunkLimits {
  maxFindings: number;
  maxBytes: number;
}

export const SECURITY_HUB_LIMITS: ChunkLimits = { maxFindings: SECURITY_HUB_MAX_FINDINGS_PER_CALL, maxBytes: SECURITY_HUB_MAX_REQUEST_BYTES };

/**
 * Greedy chunks in input order; `bytesOf` is the JSON size of one finding. A finding larger than
 * `maxBytes` on its own goes alone (Security Hub then reports it in FailedFindings).
 * @example chunkForImport(Array(250).fill(f), () => 2_000).map((c) => c.length) // [100, 100, 50]
 */
export function chunkForImport<T>(items: readonly T[], bytesOf: (item: T) => number, limits: ChunkLimits = SECURITY_HUB_LIMITS): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const item of items) {
    const size = bytesOf(item) + (current.length > 0 ? 1 : 0); // the comma
    if (current.length > 0 && (current.length >= limits.maxFindings || bytes + size > limits.maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = ENVELOPE_BYTES;
    }
    bytes += current.length > 0 ? size : bytesOf(item);
    current.push(item);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
