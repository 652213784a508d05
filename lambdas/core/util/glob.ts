/**
 * Glob patterns for allowlists: `*` matches any run of characters (including `/` and `:`), `?` one
 * character; everything else is literal. Matching is case-sensitive, as ARNs and image names are.
 */
const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`);
    if (cache.size < 10_000) cache.set(pattern, re);
  }
  return re;
}

export function globMatch(pattern: string, value: string): boolean {
  return globToRegExp(pattern).test(value);
}

/** The first pattern that matches, or undefined. */
export function firstGlobMatch(patterns: readonly string[], value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return patterns.find((p) => globMatch(p, value));
}
