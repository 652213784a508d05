/**
 * Glob patterns for allowlists: `*` matches any run of characters (including `/` and `:`), `?` one
 * character; everything else is literal. Matching is case-sensitive, as ARNs and image names are,
 * and anchored (the whole value must match).
 *
 * Matching never backtracks more than one `*` at a time: values are attacker-influenced (user names,
 * image names, host names) and a regex such as `^.*a.*a.*a…b$` takes exponential-looking time on a
 * long value. `globMatch` is O(value × pattern) in the worst case and linear in the common one.
 *
 * Kept exactly as the former regex (`.` without the `s` flag): `*` and `?` match any UTF-16 code unit
 * except the line terminators `\n`, `\r`, U+2028 and U+2029 (a value holding one matches only a
 * pattern holding the same character at that place).
 */

const isLineTerminator = (c: number): boolean => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
const STAR = 0x2a; // *
const QMARK = 0x3f; // ?
const LINE_TERMINATORS = /[\n\r\u2028\u2029]/;

/**
 * The pattern as an anchored RegExp. For display and tooling only: do not use it to match untrusted
 * values (it backtracks); `globMatch` is the matcher.
 */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * Classic wildcard matching with a single backtrack point (the last `*` seen): a later `*` can absorb
 * whatever an earlier one could, so earlier ones never need revisiting. Only for values without line
 * terminators (where every `*` and `?` matches every character).
 */
function matchTwoPointer(p: string, v: string): boolean {
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    const pc = pi < p.length ? p.charCodeAt(pi) : -1;
    if (pc === STAR) {
      star = pi++;
      mark = vi;
    } else if (pc !== -1 && (pc === QMARK || pc === v.charCodeAt(vi))) {
      pi++;
      vi++;
    } else if (star !== -1) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p.charCodeAt(pi) === STAR) pi++;
  return pi === p.length;
}

/**
 * Set-of-states simulation (no backtracking at all), for values holding line terminators, which
 * neither `*` nor `?` match. O(value × pattern).
 */
function matchStates(p: string, v: string): boolean {
  const m = p.length;
  let cur = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  const close = (s: Uint8Array) => {
    for (let i = 0; i < m; i++) if (s[i] && p.charCodeAt(i) === STAR) s[i + 1] = 1;
  };
  cur[0] = 1;
  close(cur);
  for (let vi = 0; vi < v.length; vi++) {
    const c = v.charCodeAt(vi);
    const wild = !isLineTerminator(c);
    next.fill(0);
    let any = false;
    for (let i = 0; i < m; i++) {
      if (!cur[i]) continue;
      const pc = p.charCodeAt(i);
      if (pc === STAR) {
        if (wild) {
          next[i] = 1; // the star absorbs c
          any = true;
        }
      } else if ((pc === QMARK && wild) || pc === c) {
        next[i + 1] = 1;
        any = true;
      }
    }
    if (!any) return false;
    close(next);
    [cur, next] = [next, cur];
  }
  return cur[m] === 1;
}

export function globMatch(pattern: string, value: string): boolean {
  if (pattern.indexOf('*') === -1 && pattern.indexOf('?') === -1) return pattern === value;
  return LINE_TERMINATORS.test(value) ? matchStates(pattern, value) : matchTwoPointer(pattern, value);
}

/** The first pattern that matches, or undefined. */
export function firstGlobMatch(patterns: readonly string[], value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return patterns.find((p) => globMatch(p, value));
}
