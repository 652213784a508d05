/**
 * Query parameters of an audit `requestURI`. The exec command exists only there: kubectl sends
 * every argv word as a repeated `command=` key, form-encoded (`+` or `%20` for spaces).
 */

function decodeFormValue(v: string): string {
  const plus = v.includes('+') ? v.replace(/\+/g, ' ') : v;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}

/** All values of `key` in the query string of `uri`, decoded, in order. */
export function queryValues(uri: string, key: string): string[] {
  const q = uri.indexOf('?');
  if (q < 0) return [];
  const out: string[] = [];
  const hash = uri.indexOf('#', q);
  for (const pair of uri.slice(q + 1, hash >= 0 ? hash : undefined).split('&')) {
    const eq = pair.indexOf('=');
    const k = decodeFormValue(eq >= 0 ? pair.slice(0, eq) : pair);
    if (k === key) out.push(eq >= 0 ? decodeFormValue(pair.slice(eq + 1)) : '');
  }
  return out;
}
