/**
 * Splits entries into batch requests under a count and a byte limit (pure), in input order so that
 * each entry's outcome can be matched back. One function for every batch API: SendMessageBatch
 * (≤ 10 entries, bodies ≤ 256 KiB in all) and BatchImportFindings (≤ 100 findings, ≤ 6 MB of
 * request body, counted with its JSON envelope and commas).
 */

export interface RequestLimits {
  /** Entries per request at most. */
  maxItems: number;
  /** Bytes per request at most. */
  maxBytes: number;
  /** Bytes every request carries whatever its entries, e.g. a JSON envelope. Default 0. */
  baseBytes?: number;
  /** Bytes between two entries, e.g. a comma. Default 0. */
  separatorBytes?: number;
}

/**
 * Greedy chunks; `bytesOf` is one entry's size. An entry larger than the limit on its own goes
 * alone (the service then refuses it, and says so).
 * @example chunkRequests([5, 5, 5], (n) => n, { maxItems: 10, maxBytes: 10 }) // [[5, 5], [5]]
 */
export function chunkRequests<T>(items: readonly T[], bytesOf: (item: T) => number, limits: RequestLimits): T[][] {
  const base = limits.baseBytes ?? 0;
  const separator = limits.separatorBytes ?? 0;
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = base;
  for (const item of items) {
    const itemBytes = bytesOf(item);
    if (current.length > 0 && (current.length >= limits.maxItems || bytes + separator + itemBytes > limits.maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = base;
    }
    bytes += (current.length > 0 ? separator : 0) + itemBytes;
    current.push(item);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
