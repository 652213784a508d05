/**
 * Attacker-controlled strings (image names, commands, user and pod names) reach terminals, emails
 * and consoles: strip control characters (ANSI escapes, newlines, bidi overrides) and cap length.
 */
// C0/C1 controls, DEL, bidi embedding/override/isolate marks, zero-width and line/paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;
// eslint-disable-next-line no-control-regex -- ANSI escape sequences start with ESC
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-_]/g;

/** `value` without ANSI escape sequences (colour codes, cursor moves), which would otherwise leave `[31m` debris. */
export function stripAnsi(value: string): string {
  return value.replace(ANSI, '');
}

/** One line, no control characters, at most `max` characters (an ellipsis marks the cut). */
export function sanitizeForTerminal(value: string, max = 200): string {
  let s = value.length > max * 4 ? value.slice(0, max * 4) : value;
  s = s.replace(ANSI, '').replace(CONTROL, ' ');
  if (s.length <= max) return s;
  // Do not cut a surrogate pair in half.
  let cut = max - 1;
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${s.slice(0, cut)}…`;
}
