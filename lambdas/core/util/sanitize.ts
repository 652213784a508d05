/**
 * Attacker-controlled strings (image names, commands, user and pod names, whole log lines) reach
 * terminals, emails and consoles. `sanitizeForTerminal` is the one function every input-derived
 * string goes through before a terminal: it makes escape sequences and invisible characters
 * visible instead of acting on them, keeps the value on one line and caps its length.
 */
// C0 controls except tab/newline/carriage return (those become a space), DEL, C1 controls (8-bit
// CSI/OSC/ST included), zero-width and line/paragraph separators, bidi embeddings, overrides
// (U+202A–U+202E) and isolates (U+2066–U+2069), the byte-order mark.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const LINE_BREAKS = /[\t\n\r]/g;
// eslint-disable-next-line no-control-regex -- ANSI escape sequences start with ESC
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-_]/g;
// An escape left incomplete by the length cut: `\x1`, `\u20`.
const PARTIAL_ESCAPE = /\\(?:x[0-9a-f]?|u[0-9a-f]{0,3})?$/;

/** `value` without ANSI escape sequences (colour codes, cursor moves), which would otherwise leave `[31m` debris. */
export function stripAnsi(value: string): string {
  return value.replace(ANSI, '');
}

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * One line, safe for a terminal, at most `max` characters (an ellipsis marks the cut): ESC, BEL,
 * every other C0/C1 control, DEL and the bidi and zero-width marks are shown as `\x1b`, `\x07`,
 * `\u202e` … (so `ESC ] 0;title BEL` prints as the harmless text `\x1b]0;title\x07`), tabs and
 * line breaks become spaces.
 */
export function sanitizeForTerminal(value: string, max = 200): string {
  let s = value.length > max * 4 ? value.slice(0, max * 4) : value;
  s = s.replace(LINE_BREAKS, ' ').replace(UNSAFE, visible);
  if (s.length <= max) return s;
  // Do not cut a surrogate pair or an escape in half.
  let cut = max - 1;
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${s.slice(0, cut).replace(PARTIAL_ESCAPE, '')}…`;
}

// Characters JSON.stringify leaves raw but a terminal may act on (or a reader misread): DEL, C1, bidi, separators.
const JSON_UNSAFE = /[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/**
 * `JSON.stringify` whose output is also terminal-safe: it escapes C0 controls itself; DEL, C1 and
 * the bidi/zero-width marks are written as `\uXXXX` too. Parses back to the very same value.
 */
export function terminalSafeJson(value: unknown, space?: number): string {
  return (JSON.stringify(value, null, space) ?? 'null').replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
