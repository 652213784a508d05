/**
 * Text hygiene for SNS notifications (pure). Every value that came from telemetry (image names,
 * commands, pod and user names, even timestamps) is attacker-controlled: ANSI sequences are
 * removed, control/bidi/zero-width characters and newlines become spaces, whitespace runs collapse,
 * and the result is capped, so one hostile field cannot forge lines, recolour a terminal or grow
 * the message.
 */
import { stripAnsi } from '../util/sanitize';
import { capText, isAsffTimestamp, safeText } from './asff-text';

/** One display-safe line of at most `max` characters, or undefined when nothing visible remains. */
export function clean(raw: unknown, max: number): string | undefined {
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const s = String(raw);
  // Bound the regex work before stripping: a 100 KB name costs no more than a short one.
  const bound = max * 4 + 16;
  const head = s.length > bound ? s.slice(0, bound) : s;
  const text = safeText(stripAnsi(head), max);
  if (text === undefined) return undefined;
  return s.length > bound && !text.endsWith('…') ? capText(text, max, true) : text;
}

/** `clean`, or a placeholder that says the value was missing. */
export function show(raw: unknown, max: number, missing = '(unknown)'): string {
  return clean(raw, max) ?? missing;
}

/** Distinct cleaned items joined by `, `, at most `maxItems`, with `(+N more)`. */
export function showList(raw: unknown, maxItems: number, maxEach: number): string | undefined {
  const items = [...new Set((Array.isArray(raw) ? raw : []).map((x) => clean(x, maxEach)).filter((x): x is string => x !== undefined))];
  if (items.length === 0) return undefined;
  const shown = items.slice(0, maxItems).join(', ');
  return items.length > maxItems ? `${shown} (+${items.length - maxItems} more)` : shown;
}

/** A timestamp as sent, when it has the documented form; anything else is not echoed. */
export function showTime(raw: unknown): string {
  return isAsffTimestamp(raw) ? (raw as string) : '(invalid time)';
}

/** Printable ASCII only (SNS email subjects), cut to `max` with `...`. */
export function asciiLine(s: string, max: number): string {
  const ascii = s
    .replace(/…/g, '...')
    .replace(/→/g, '->')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/ {2,}/g, ' ')
    .trim();
  return ascii.length <= max ? ascii : `${ascii.slice(0, Math.max(0, max - 3)).trimEnd()}...`;
}
