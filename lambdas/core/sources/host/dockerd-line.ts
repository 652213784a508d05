/**
 * Reads one dockerd log line in any of the shapes it reaches CloudWatch or a file in: logrus text
 * (`DEBU[<rfc3339>] msg   fields`, written on a TTY), logfmt (`time="…" level=debug msg="…"`,
 * the default off a TTY), JSON (`--log-format=json`), each possibly behind a syslog/journald prefix
 * (`Nov 02 14:23:10 ip-10-0-1-5 dockerd[1234]: …`, localized months, RFC 3339 prefixes) or the
 * macOS form (`2021-07-28T10:21:21Z dockerd …`).
 */
import { parseLogfmt } from './logfmt';
import { monthIndex, parseIsoTime } from './host-time';

/** Time written by a syslog/journald prefix: RFC 3339 (complete) or `Mon DD hh:mm:ss` (no year). */
export type PrefixTime = { kind: 'iso'; ms: number } | { kind: 'syslog'; month: number; day: number; clock: string };

export interface DockerdLine {
  /** The log message (unquoted), e.g. `Calling POST /v1.41/build?t=app`. */
  msg: string;
  level?: string;
  /** The line's own timestamp (logrus/logfmt/JSON `time`), epoch ms. */
  time?: number;
  /** That timestamp as written: part of the signal identity. */
  timeRaw?: string;
  /** Host name from a syslog/journald prefix. */
  hostname?: string;
  prefixTime?: PrefixTime;
}

const LOGRUS_LEVELS = new Set(['DEBU', 'INFO', 'WARN', 'ERRO', 'FATA', 'PANI', 'TRAC']);
const PREFIX =
  /^(?:(\d{4}-\d{2}-\d{2}T\S+)|(\S+)\s+(\d{1,2})\s+(\d{1,2}:\d{2}:\d{2}(?:\.\d+)?))\s+(?:(\S+)\s+)?(?:dockerd(?:-current)?|docker)(?:\[\d+\])?:?(?:\s+|$)/;

/** Strips ANSI colour sequences (`\x1b[36m`) that logrus writes on a TTY. */
function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex -- ESC is exactly what is being removed
  return s.includes('\x1b[') ? s.replace(/\x1b\[[0-9;]*m/g, '') : s;
}

function withTime(out: DockerdLine, raw: string | undefined): DockerdLine {
  if (raw === undefined) return out;
  const ms = parseIsoTime(raw);
  if (ms !== undefined) {
    out.time = ms;
    out.timeRaw = raw;
  }
  return out;
}

/** logrus text: `DEBU[2020-08-08T21:41:30.468126840+08:00] Calling POST /v1.40/build?… ` */
function parseLogrusText(s: string): DockerdLine | undefined {
  if (s.length < 6 || s[4] !== '[' || !LOGRUS_LEVELS.has(s.slice(0, 4))) return undefined;
  const close = s.indexOf(']', 5);
  if (close < 0) return undefined;
  const ts = s.slice(5, close);
  const msg = s.slice(close + 1).trim();
  // `[0097]` is seconds since start (logrus without FullTimestamp): not a time.
  return withTime({ msg, level: s.slice(0, 4).toLowerCase() }, ts.includes('-') ? ts : undefined);
}

function parseLogfmtLine(s: string): DockerdLine | undefined {
  if (!s.startsWith('time=') && !s.startsWith('level=') && !s.startsWith('msg=')) return undefined;
  const kv = parseLogfmt(s);
  const msg = kv.get('msg');
  if (msg === undefined) return undefined;
  const level = kv.get('level');
  return withTime({ msg, ...(level ? { level } : {}) }, kv.get('time'));
}

function parseJsonLine(s: string): DockerdLine | undefined {
  if (s[0] !== '{' || !s.includes('"msg"')) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.msg !== 'string') return undefined;
  const level = typeof o.level === 'string' ? o.level : undefined;
  return withTime({ msg: o.msg, ...(level ? { level } : {}) }, typeof o.time === 'string' ? o.time : undefined);
}

/** A dockerd message without prefix, in any of its own formats. */
function parseBody(s: string): DockerdLine | undefined {
  return parseLogrusText(s) ?? parseLogfmtLine(s) ?? parseJsonLine(s);
}

function parsePrefixTime(m: RegExpExecArray): PrefixTime | undefined {
  if (m[1] !== undefined) {
    const ms = parseIsoTime(m[1]);
    return ms === undefined ? undefined : { kind: 'iso', ms };
  }
  const month = monthIndex(m[2]!);
  if (month === undefined) return undefined;
  return { kind: 'syslog', month, day: Number(m[3]), clock: m[4]! };
}

/** Parses a dockerd line; undefined when the line is not one (another program, garbage). */
export function parseDockerdLine(line: string): DockerdLine | undefined {
  const s = stripAnsi(line).trim();
  if (s.length === 0) return undefined;
  const body = parseBody(s);
  if (body) return body;
  // Only lines naming the daemon pay for the prefix regex (mixed journald exports are mostly others).
  if (!s.includes('docker')) return undefined;
  const m = PREFIX.exec(s);
  if (!m) return undefined;
  const prefixTime = parsePrefixTime(m);
  if (!prefixTime) return undefined;
  const rest = s.slice(m[0].length);
  const inner = parseBody(rest) ?? { msg: rest };
  if (m[5] !== undefined) inner.hostname = m[5];
  inner.prefixTime = prefixTime;
  return inner;
}
