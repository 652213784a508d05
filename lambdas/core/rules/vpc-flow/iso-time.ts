/**
 * ISO 8601 text of epoch-ms times, cached: flow records of a batch share a handful of
 * start/end/bucket times, and Date#toISOString costs about a microsecond each.
 */
const CACHE_LIMIT = 4096;
const cache = new Map<number, string>();

export function isoTime(ms: number): string {
  let iso = cache.get(ms);
  if (iso === undefined) {
    iso = new Date(ms).toISOString();
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(ms, iso);
  }
  return iso;
}
