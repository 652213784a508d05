/**
 * One Linux audit record line: `[node=<host> ]type=<TYPE> msg=audit(<sec>.<ms>:<serial>): k=v …`,
 * as auditd writes it (raw or enriched, where interpreted upper-case fields such as `AUID="root"`
 * follow a GS \x1d separator), or as the kernel logs it without auditd (`type=1309 audit(…): …`).
 */

export interface AuditRecord {
  /** Record type name (numeric kernel types of the records we read are mapped to names). */
  type: string;
  /** Event time, epoch ms, from `audit(<sec>.<ms>:…)`. */
  epochMs: number;
  /** `<sec>.<ms>` as written: with `serial`, the event identity. */
  timeRaw: string;
  serial: string;
  /** `node=` prefix (auditd `name_format`), the host that wrote the record. */
  node?: string;
  /** Raw field values as written: `"quoted"`, `'quoted'` or bare (EXECVE bare values are hex). */
  fields: Map<string, string>;
  /** Enriched (interpreted) fields after the GS separator, unquoted, e.g. AUID → root. */
  enriched?: Map<string, string>;
}

/** Kernel type numbers (include/uapi/linux/audit.h) of the records an exec event is made of. */
const TYPE_NAMES: Record<string, string> = {
  '1300': 'SYSCALL',
  '1302': 'PATH',
  '1307': 'CWD',
  '1309': 'EXECVE',
  '1320': 'EOE',
  '1327': 'PROCTITLE',
};

/** Scans `k=v k="v w" k='v w'` pairs; tokens without `=` (auditd never writes them) are skipped. */
export function parseAuditFields(s: string, unquote: boolean): Map<string, string> {
  const out = new Map<string, string>();
  const n = s.length;
  let i = 0;
  while (i < n) {
    while (i < n && s.charCodeAt(i) <= 0x20) i++;
    const keyStart = i;
    while (i < n && s[i] !== '=' && s.charCodeAt(i) > 0x20) i++;
    if (i >= n || s[i] !== '=') continue;
    const key = s.slice(keyStart, i);
    i++;
    const q = s[i];
    let end: number;
    if (q === '"' || q === "'") {
      const close = s.indexOf(q, i + 1);
      end = close < 0 ? n : close + 1;
    } else {
      end = i;
      while (end < n && s.charCodeAt(end) > 0x20) end++;
    }
    const raw = s.slice(i, end);
    out.set(key, unquote ? unquoteValue(raw) : raw);
    i = end;
  }
  return out;
}

/** A field value without its quotes. */
export function unquoteValue(raw: string): string {
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.length >= 2 && raw[raw.length - 1] === q) return raw.slice(1, -1);
  return raw;
}

/** True when the line is an audit record (cheap content sniffing). */
export function looksLikeAuditRecord(line: string): boolean {
  const t = line.indexOf('type=');
  return t >= 0 && line.indexOf('audit(', t) > t;
}

/** Parses a record line; undefined when it is not one or its header is malformed. */
export function parseAuditRecord(line: string): AuditRecord | undefined {
  const t = line.indexOf('type=');
  if (t < 0) return undefined;
  const typeEnd = line.indexOf(' ', t);
  if (typeEnd < 0) return undefined;
  const a = line.indexOf('audit(', typeEnd);
  if (a < 0) return undefined;
  const between = line.slice(typeEnd, a).trim();
  if (between !== '' && between !== 'msg=') return undefined;
  const close = line.indexOf(')', a);
  if (close < 0) return undefined;
  const inner = line.slice(a + 6, close);
  const colon = inner.indexOf(':');
  const timeRaw = inner.slice(0, colon);
  const serial = inner.slice(colon + 1);
  if (colon < 0 || !/^\d{1,12}\.\d{1,9}$/.test(timeRaw) || !/^\d{1,20}$/.test(serial)) return undefined;
  const dot = timeRaw.indexOf('.');
  const epochMs = Number(timeRaw.slice(0, dot)) * 1000 + Number(timeRaw.slice(dot + 1, dot + 4).padEnd(3, '0'));

  let node: string | undefined;
  const nodeAt = line.lastIndexOf('node=', t);
  if (nodeAt >= 0) {
    const nodeEnd = line.indexOf(' ', nodeAt);
    const value = line.slice(nodeAt + 5, nodeEnd < 0 || nodeEnd > t ? t : nodeEnd).trim();
    if (value.length > 0) node = value;
  }

  let body = line.slice(close + 1);
  if (body[0] === ':') body = body.slice(1);
  const gs = body.indexOf('\x1d');
  const rawType = line.slice(t + 5, typeEnd);
  const record: AuditRecord = {
    type: TYPE_NAMES[rawType] ?? rawType,
    epochMs,
    timeRaw,
    serial,
    fields: parseAuditFields(gs < 0 ? body : body.slice(0, gs), false),
  };
  if (node !== undefined) record.node = node;
  if (gs >= 0) record.enriched = parseAuditFields(body.slice(gs + 1), true);
  return record;
}
