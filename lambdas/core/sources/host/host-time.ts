/**
 * Timestamps written by container hosts: RFC 3339 with any fraction and zone (logrus, logfmt,
 * rsyslog, macOS), and the year-less syslog/journald form `Nov  2 14:23:10` with month names in the
 * host's locale ("nov", "févr.", "6月"). Parsed by hand: Date.parse treats zone-less ISO strings
 * as local time, which would make results depend on the machine running the detector.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DAY_MS = 86_400_000;

/** Epoch ms of an RFC 3339 / ISO 8601 time; a time without zone is taken as UTC. */
export function parseIsoTime(s: string): number | undefined {
  const m = ISO.exec(s);
  if (!m) return undefined;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  const zone = m[8];
  if (Number.isNaN(t) || Number(m[2]) > 12 || Number(m[3]) > 31 || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 60) return undefined;
  if (!zone || zone === 'Z' || zone === 'z') return t;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
  return t - sign * offsetMin * 60_000;
}

/**
 * Abbreviated month names as `%b` prints them in common locales (en, de, fr, es, it, pt, nl, ru),
 * lower-cased without the trailing dot. CJK locales print a number and 月/월, handled separately.
 */
const MONTHS: Record<string, number> = {};
const MONTH_NAMES: ReadonlyArray<readonly string[]> = [
  ['jan', 'janv', 'ene', 'gen', 'jän', 'янв', 'january', 'januar', 'janvier'],
  ['feb', 'févr', 'fevr', 'fev', 'фев', 'february', 'februar'],
  ['mar', 'mär', 'mrz', 'mars', 'mrt', 'мар', 'march', 'märz'],
  ['apr', 'avr', 'abr', 'апр', 'april', 'avril'],
  ['may', 'mai', 'mag', 'mei', 'май', 'мая'],
  ['jun', 'juin', 'giu', 'июн', 'june', 'juni'],
  ['jul', 'juil', 'lug', 'июл', 'july', 'juli'],
  ['aug', 'août', 'aout', 'ago', 'авг', 'august'],
  ['sep', 'sept', 'set', 'сен', 'september'],
  ['oct', 'okt', 'ott', 'out', 'окт', 'october', 'oktober'],
  ['nov', 'ноя', 'november'],
  ['dec', 'dez', 'déc', 'dic', 'дек', 'december', 'dezember'],
];
MONTH_NAMES.forEach((names, i) => names.forEach((n) => (MONTHS[n] = i)));

/** Zero-based month of a localized abbreviation ("Nov", "nov", "févr.", "6月", "6월"), or undefined. */
export function monthIndex(token: string): number | undefined {
  const last = token.charCodeAt(token.length - 1);
  if (last === 0x6708 /* 月 */ || last === 0xc6d4 /* 월 */) {
    const n = Number(token.slice(0, -1));
    return Number.isInteger(n) && n >= 1 && n <= 12 ? n - 1 : undefined;
  }
  const key = (token.endsWith('.') ? token.slice(0, -1) : token).toLowerCase();
  return MONTHS[key];
}

/**
 * Epoch ms of a year-less syslog time (`Nov 02`, `14:23:10.123`), taken as UTC (the EC2 default).
 * The year comes from `referenceMs` (the line's own timestamp, else the envelope time); a date
 * that would fall more than a week after the reference belongs to the previous year (a December
 * line read in January).
 */
export function parseSyslogTime(month: number, day: number, clock: string, referenceMs: number | undefined): number | undefined {
  if (referenceMs === undefined || !Number.isFinite(referenceMs) || day < 1 || day > 31) return undefined;
  const parts = clock.split(':');
  if (parts.length !== 3) return undefined;
  const [hh, mm, ssFrac] = parts as [string, string, string];
  const dot = ssFrac.indexOf('.');
  const ss = Number(dot >= 0 ? ssFrac.slice(0, dot) : ssFrac);
  const ms = dot >= 0 ? Number(ssFrac.slice(dot + 1, dot + 4).padEnd(3, '0')) : 0;
  const h = Number(hh);
  const mi = Number(mm);
  if (![h, mi, ss, ms].every(Number.isInteger) || h > 23 || mi > 59 || ss > 60) return undefined;
  const year = new Date(referenceMs).getUTCFullYear();
  const t = Date.UTC(year, month, day, h, mi, ss, ms);
  return t > referenceMs + 7 * DAY_MS ? Date.UTC(year - 1, month, day, h, mi, ss, ms) : t;
}

/** ISO 8601 UTC with milliseconds, as every Signal carries. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** True for epoch ms that `new Date(ms).toISOString()` can render. */
export function isValidTime(ms: number | undefined): ms is number {
  return ms !== undefined && Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
}
