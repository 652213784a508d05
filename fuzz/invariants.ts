/**
 * The accounting the normalizers promise (lambdas/core/model/normalize-result.ts: "nothing
 * disappears silently"), made checkable per batch. For records handed to a normalizer:
 *
 *   units = records handed
 *         + (events − 1) for each EKS record holding an EventList (each item has its own outcome)
 *         − (audit lines − audit events) for host batches (an exec event's lines share one outcome)
 *   outcomes = Σ rejected + Σ ignored + signal units
 *   signal units = vpc-flow: Σ egress.records (instance-ip links are side facts, not outcomes);
 *                  other sources: distinct signal refs (one per record/event that produced ≥ 1)
 *
 * units > outcomes is an uncounted drop; outcomes > units a double count. The envelope decoder
 * itself must reject every record it counts (control messages are ignored payloads, not records).
 */
import { AuditEventAssembler } from '../lambdas/core/sources/host/auditd-event';
import { looksLikeAuditRecord, parseAuditRecord } from '../lambdas/core/sources/host/auditd-record';
import { decodeAuditData } from '../lambdas/core/sources/eks-audit/decode-audit-data';
import type { DecodedBatch } from '../lambdas/core/envelopes/decoded-batch';
import type { Tally } from '../lambdas/core/model/normalize-result';
import type { Signal } from '../lambdas/core/model/signal';

export interface Snapshot {
  records: number;
  rejected: number;
  ignored: number;
  signals: number;
}

const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

export function snapshot(t: Tally): Snapshot {
  return { records: t.records, rejected: sum(t.rejected), ignored: sum(t.ignored), signals: t.signals.length };
}

/** Drops and double counts of the envelope decoder's own records. */
export function checkDecoder(t: Tally): string[] {
  const s = snapshot(t);
  const controls = t.ignored.get('envelope:control-message') ?? 0;
  const out: string[] = [];
  if (s.records > s.rejected) out.push(`drop:envelope: ${s.records} records counted, ${s.rejected} rejected`);
  if (s.rejected > s.records) out.push(`double:envelope: ${s.rejected} rejects for ${s.records} records`);
  if (s.ignored !== controls) out.push(`double:envelope: ignores other than control messages`);
  return out;
}

function eksExtraEvents(b: DecodedBatch): number {
  if (b.ctx.logStream && !b.ctx.logStream.startsWith('kube-apiserver-audit-')) return 0;
  let extra = 0;
  for (const r of b.records) {
    try {
      const d = decodeAuditData(r.data);
      if ('events' in d && d.events.length > 1) extra += d.events.length - 1;
    } catch {
      // the normalizer rejects what throws here
    }
  }
  return extra;
}

function auditAbsorbed(b: DecodedBatch): number {
  let lines = 0;
  let events = 0;
  const asm = new AuditEventAssembler(() => void events++);
  for (const r of b.records) {
    const line = r.data;
    if (typeof line !== 'string' || line.trim().length === 0 || !looksLikeAuditRecord(line)) continue;
    const rec = parseAuditRecord(line);
    if (!rec) continue;
    lines++;
    asm.add(rec, r.ref);
  }
  asm.flush();
  return lines - events;
}

function isWhitespaceRecord(data: unknown): boolean {
  const text = typeof data === 'string' ? data : typeof (data as { message?: unknown } | null)?.message === 'string' ? (data as { message: string }).message : undefined;
  // The flow normalizer's notion of "no record": empty or spaces, tabs, CR, LF only (a file's
  // trailing newline). A line of other control characters is a record, counted as vpc-flow:blank-line.
  return text !== undefined && /^[ \t\r\n]*$/.test(text);
}

function signalUnits(source: string, signals: readonly Signal[]): number {
  if (source === 'vpc-flow') return signals.reduce((n, s) => n + (s.kind === 'egress' ? s.records : 0), 0);
  return new Set(signals.map((s) => s.ref)).size;
}

/** Accounting of one normalized batch: messages prefixed `drop:` or `double:`. */
export function checkBatch(b: DecodedBatch, before: Snapshot, t: Tally): string[] {
  const after = snapshot(t);
  const signals = t.signals.slice(before.signals);
  const handed = b.records.length;
  let units = handed;
  if (b.source === 'eks-audit') units += eksExtraEvents(b);
  if (b.source === 'dockerd' || b.source === 'auditd') units -= auditAbsorbed(b);
  const outcomes = after.rejected - before.rejected + (after.ignored - before.ignored) + signalUnits(b.source, signals);
  const read = after.records - before.records;
  // Empty and whitespace flow-log records are no records (normalize-vpc-flow.ts): not counted, no outcome.
  const blanks = b.source === 'vpc-flow' ? b.records.filter((r) => isWhitespaceRecord(r.data)).length : 0;
  const missing = units - blanks - outcomes;
  const out: string[] = [];
  if (missing > 0) out.push(`drop:${b.source}: ${missing} of ${units - blanks} record units have no outcome (read ${read}/${handed - blanks})`);
  if (outcomes > units - blanks) out.push(`double:${b.source}: ${outcomes} outcomes for ${units - blanks} record units`);
  if (read + blanks < handed || read > handed) out.push(`${read + blanks < handed ? 'drop' : 'double'}:${b.source}:read-count: tally.records +${read} for ${handed - blanks} records handed`);
  return out;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?Z$/;
const TIME_KEYS = new Set(['time', 'endTime', 'firstSeen', 'lastSeen', 'bucket']);
const MAX_STRING = 64 * 1024;

/** Signal shape: ISO times from 1970 on, strings under 64 KiB, finite numbers. */
export function checkSignal(s: Signal): string[] {
  const out: string[] = [];
  if (typeof s.time !== 'string') out.push(`signal:${s.rule}: time is ${typeof s.time}`);
  const walk = (v: unknown, path: string, depth: number): void => {
    if (depth > 50) return void out.push(`signal:${s.rule}: nesting deeper than 50 at ${path}`);
    if (typeof v === 'string') {
      if (v.length >= MAX_STRING) out.push(`signal:${s.rule}: ${path} is ${v.length} chars`);
      const key = path.slice(path.lastIndexOf('.') + 1);
      if (TIME_KEYS.has(key)) {
        const m = ISO.exec(v);
        if (!m || !Number.isFinite(Date.parse(v))) out.push(`signal:${s.rule}: ${path} not ISO 8601: ${JSON.stringify(v.slice(0, 40))}`);
        else if (Number(m[1]) < 1970) out.push(`signal:${s.rule}: ${path} before 1970: ${v}`);
      }
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) out.push(`signal:${s.rule}: ${path} is ${v}`);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, depth + 1);
  };
  walk(s, 'signal', 0);
  return out;
}
