/**
 * Container-host logs → Signals. A batch (one CloudWatch stream, or a file) may mix dockerd lines,
 * audit records and lines of other programs: each line is sniffed, dockerd API calls go through the
 * dockerd rules one by one, audit records are grouped into events first and each exec goes through
 * the auditd rules. Every line is counted; no line throws out of here.
 */
import type { BatchContext, SourceRecord } from '../../model/batch';
import type { Tally } from '../../model/normalize-result';
import type { DetectionSettings } from '../../model/settings';
import { applyRules } from '../../rules/apply-rules';
import { AUDITD_RULES, DOCKERD_RULES } from '../../rules/host';
import type { RuleContext } from '../../rules/rule';
import { type AuditEvent, AuditEventAssembler } from './auditd-event';
import { looksLikeAuditRecord, parseAuditRecord } from './auditd-record';
import { type DockerApiCall, parseApiCall, queryValue } from '../../records/host/dockerd-api-call';
import { type DockerdLine, parseDockerdLine } from './dockerd-line';
import { decodeAuditValue } from './execve-args';
import type { AuditExecRecord, DockerdApiRecord } from '../../records/host/host-records';
import { hostKey, resolveHost } from './host-ref';
import { isValidTime, parseSyslogTime } from './host-time';

/** Content sniffing for file-format detection: which host log a line is, if any. */
export function looksLikeHostLogLine(line: string): 'dockerd' | 'auditd' | undefined {
  if (typeof line !== 'string') return undefined;
  if (looksLikeAuditRecord(line) && parseAuditRecord(line)) return 'auditd';
  return parseDockerdLine(line) ? 'dockerd' : undefined;
}

/**
 * Event time of a dockerd line: its own timestamp (logrus/logfmt/JSON carry a zone), else its
 * syslog/journald prefix (a year-less prefix takes its year from the envelope time), else the envelope.
 */
export function dockerdLineTime(d: DockerdLine, envelopeMs: number | undefined): number | undefined {
  if (isValidTime(d.time)) return d.time;
  const p = d.prefixTime;
  if (p?.kind === 'iso' && isValidTime(p.ms)) return p.ms;
  if (p?.kind === 'syslog') {
    const t = parseSyslogTime(p.month, p.day, p.clock, d.time ?? envelopeMs);
    if (isValidTime(t)) return t;
  }
  return isValidTime(envelopeMs) ? envelopeMs : undefined;
}

/** Why a dockerd API call produced no signal. */
function dockerdIgnoreReason(call: DockerApiCall): string {
  switch (call.endpoint) {
    case 'session':
      return 'dockerd:build-session';
    case 'image-create':
      return queryValue(call, 'fromImage') !== undefined ? 'dockerd:image-pull' : 'dockerd:image-create-ignored';
    case 'image-push':
      return 'dockerd:push-invalid-image';
    default:
      return 'dockerd:api-call-ignored';
  }
}

/** Audit "unset" ids (auid of daemons and boot-time processes). */
function isUnset(v: string | undefined): boolean {
  return v === undefined || v === '' || v === '4294967295' || v === '-1' || v === 'unset';
}

/** Login user (auid), else the user (uid); names from enriched logs, numbers otherwise. */
export function osUserOf(e: AuditEvent): string | undefined {
  const sc = e.syscall;
  const en = e.syscallEnriched;
  if (!isUnset(sc?.get('auid'))) return isUnset(en?.get('AUID')) ? sc?.get('auid') : en?.get('AUID');
  if (!isUnset(en?.get('UID'))) return en?.get('UID');
  return isUnset(sc?.get('uid')) ? undefined : sc?.get('uid');
}

/** `exe=` is quoted, or bare hex when the path holds a space or non-ASCII byte. */
function exeOf(e: AuditEvent): string | undefined {
  const exe = e.syscall?.get('exe');
  if (exe === undefined || exe === '(null)') return undefined;
  return exe.startsWith('/') ? exe : decodeAuditValue(exe);
}

/** A rule that throws costs its verdict on that record (the reason lines that fail to parse share). */
const RULE_ERROR = 'host:parse-error';
const AUDITD_REASONS = { noMatch: 'auditd:not-a-build-command', ruleError: RULE_ERROR } as const;

export function normalizeHostLogs(records: SourceRecord<string>[], ctx: BatchContext, _settings: DetectionSettings, tally: Tally): void {
  const drop = (reason: string): void => tally.drop(reason);
  const onAuditEvent = (e: AuditEvent): void => {
    if (!e.execve) return tally.ignore('auditd:no-execve');
    if (e.syscall?.get('success') === 'no') return tally.ignore('auditd:exec-failed');
    const argv = e.argv.length > 0 && e.argv[0] !== '' ? e.argv : (e.proctitle ?? []);
    if (argv.length === 0) return tally.reject('auditd:empty-execve', e.ref);
    const host = resolveHost(ctx.logStream, e.node);
    const record: AuditExecRecord = { argv, timeMs: e.timeMs, identity: [hostKey(host, ctx.logStream), e.node ?? '', e.timeRaw, e.serial].join('|') };
    if (host) record.host = host;
    const exe = exeOf(e);
    if (exe !== undefined) record.exe = exe;
    if (e.cwd !== undefined) record.cwd = e.cwd;
    const osUser = osUserOf(e);
    if (osUser !== undefined) record.osUser = osUser;
    const rctx: RuleContext = { ...ctx, ref: e.ref, drop };
    applyRules(AUDITD_RULES, record, rctx, tally, AUDITD_REASONS);
  };
  const assembler = new AuditEventAssembler((e) => {
    try {
      onAuditEvent(e);
    } catch (err) {
      tally.reject('host:parse-error', e.ref, String(err));
    }
  });

  const dockerd = (d: DockerdLine, rec: SourceRecord<string>): void => {
    const call = parseApiCall(d.msg);
    if (!call) {
      if (d.msg.startsWith('Calling ')) tally.reject('dockerd:malformed-api-call', rec.ref, d.msg);
      else tally.ignore('dockerd:not-an-api-call');
      return;
    }
    if (call.endpoint === 'other' || call.endpoint === 'session') return tally.ignore(dockerdIgnoreReason(call));
    const timeMs = dockerdLineTime(d, rec.timestamp);
    if (timeMs === undefined) return tally.reject('dockerd:no-timestamp', rec.ref, d.msg);
    const host = resolveHost(ctx.logStream, d.hostname);
    const record: DockerdApiRecord = { call, timeMs, identity: [hostKey(host, ctx.logStream), d.timeRaw ?? String(timeMs), call.method, call.requestUri].join('|') };
    if (host) record.host = host;
    const rctx: RuleContext = { ...ctx, ref: rec.ref, drop };
    applyRules(DOCKERD_RULES, record, rctx, tally, { noMatch: dockerdIgnoreReason(call), ruleError: RULE_ERROR });
  };

  for (const rec of records) {
    tally.records++;
    try {
      const line = rec?.data;
      if (typeof line !== 'string') {
        tally.reject('host:not-a-string', rec?.ref, typeof line);
        continue;
      }
      if (line.trim().length === 0) {
        tally.ignore('host:blank-line');
        continue;
      }
      if (looksLikeAuditRecord(line)) {
        const r = parseAuditRecord(line);
        if (r) assembler.add(r, rec.ref);
        else tally.reject('auditd:malformed-record', rec.ref, line);
        continue;
      }
      const d = parseDockerdLine(line);
      if (d) dockerd(d, rec);
      else tally.ignore('host:unrelated-line');
    } catch (err) {
      tally.reject('host:parse-error', rec?.ref, String(err));
    }
  }
  assembler.flush();
}
