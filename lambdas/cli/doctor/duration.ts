/** Durations on the command line (`24h`, `7d`, `90m`) and ages in reports (`4 min ago`). */

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `30s`, `15m`, `24h`, `7d`, `2w` (units may be combined: `1d12h`) → milliseconds.
 * @throws Error naming the option and the accepted forms.
 */
export function parseDuration(text: string, option = 'duration'): number {
  const t = text.trim();
  const parts = [...t.matchAll(/(\d+)\s*([smhdw])/g)];
  if (t.length === 0 || parts.map((p) => p[0]).join('') !== t.replace(/\s+/g, '')) {
    throw new Error(`${option} "${text}": expected a duration such as 30m, 24h, 7d or 1d12h`);
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
  if (ms <= 0) throw new Error(`${option} "${text}": must be longer than zero`);
  return ms;
}

/** A point in time: a duration before `now` (`24h`) or an ISO 8601 date/time. Returns epoch ms. */
export function parseTimePoint(text: string, now: number, option: string): number {
  if (/^\d{4}-\d{2}-\d{2}/.test(text.trim())) {
    const t = Date.parse(text.trim());
    if (Number.isNaN(t)) throw new Error(`${option} "${text}": not a valid ISO 8601 date/time`);
    return t;
  }
  return now - parseDuration(text, option);
}

/** `45 s`, `12 min`, `5.2 h`, `3.0 d` — how long ago `then` was. */
export function formatAge(then: number, now: number): string {
  const ms = Math.max(0, now - then);
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A threshold for people: `1 h`, `15 min`, `2 d`, `1.5 h`. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000]] as const) {
    if (ms >= size) return `${Number((ms / size).toFixed(1))} ${unit}`;
  }
  return `${Math.round(ms / 1000)} s`;
}
