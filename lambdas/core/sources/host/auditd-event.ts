/**
 * Groups audit records into events. All records of one event share `audit(<time>:<serial>)` (and
 * the node); EOE ends an event, but it is optional (older kernels, some forwarders drop it), and the
 * records of concurrent events can interleave. So events stay open in a small in-flight window:
 * closed by their EOE, by eviction of the oldest when the window is full, or at the end of the batch.
 */
import type { AuditRecord } from './auditd-record';
import { unquoteValue } from './auditd-record';
import { decodeAuditValue, decodeProctitle, ExecveArgs } from './execve-args';

/** An assembled process execution (or any other audit event, then without `execve`). */
export interface AuditEvent {
  timeMs: number;
  /** `<sec>.<ms>` as written. */
  timeRaw: string;
  serial: string;
  node?: string;
  /** Reference of the event's first record. */
  ref: string;
  /** True when the event had an EXECVE record. */
  execve: boolean;
  argv: string[];
  /** argv from PROCTITLE (truncated by the kernel to 128 bytes). */
  proctitle?: string[];
  /** SYSCALL fields, unquoted (syscall, success, exe, comm, auid, uid …). */
  syscall?: ReadonlyMap<string, string>;
  /** Enriched SYSCALL fields (AUID, UID, SYSCALL names …). */
  syscallEnriched?: ReadonlyMap<string, string>;
  cwd?: string;
}

/** Events kept open at once; beyond it the oldest is closed (interleaving is short-range). */
const MAX_IN_FLIGHT = 64;

class OpenEvent {
  readonly args = new ExecveArgs();
  execve = false;
  syscall?: Map<string, string>;
  syscallEnriched?: Map<string, string>;
  cwd?: string;
  proctitle?: string[];

  constructor(
    readonly first: AuditRecord,
    readonly ref: string,
  ) {}

  add(r: AuditRecord): void {
    switch (r.type) {
      case 'EXECVE':
        this.execve = true;
        this.args.add(r.fields);
        break;
      case 'SYSCALL':
        this.syscall = new Map([...r.fields].map(([k, v]) => [k, unquoteValue(v)]));
        if (r.enriched) this.syscallEnriched = r.enriched;
        break;
      case 'CWD': {
        const cwd = r.fields.get('cwd');
        if (cwd !== undefined) this.cwd = decodeAuditValue(cwd);
        break;
      }
      case 'PROCTITLE': {
        const p = r.fields.get('proctitle');
        if (p !== undefined) this.proctitle = decodeProctitle(p);
        break;
      }
    }
  }

  toEvent(): AuditEvent {
    const e: AuditEvent = {
      timeMs: this.first.epochMs,
      timeRaw: this.first.timeRaw,
      serial: this.first.serial,
      ref: this.ref,
      execve: this.execve,
      argv: this.execve ? this.args.argv() : [],
    };
    if (this.first.node !== undefined) e.node = this.first.node;
    if (this.proctitle) e.proctitle = this.proctitle;
    if (this.syscall) e.syscall = this.syscall;
    if (this.syscallEnriched) e.syscallEnriched = this.syscallEnriched;
    if (this.cwd !== undefined) e.cwd = this.cwd;
    return e;
  }
}

/** Feeds records in log order; `onEvent` receives each event once, when it is closed. */
export class AuditEventAssembler {
  private readonly open = new Map<string, OpenEvent>();

  constructor(
    private readonly onEvent: (e: AuditEvent) => void,
    private readonly maxInFlight = MAX_IN_FLIGHT,
  ) {}

  add(r: AuditRecord, ref: string): void {
    const key = `${r.node ?? ''}|${r.timeRaw}|${r.serial}`;
    let ev = this.open.get(key);
    if (r.type === 'EOE') {
      if (ev) this.close(key, ev);
      return;
    }
    if (!ev) {
      if (this.open.size >= this.maxInFlight) this.closeOldest();
      ev = new OpenEvent(r, ref);
      this.open.set(key, ev);
    }
    ev.add(r);
  }

  /** Closes every open event (end of batch), oldest first. */
  flush(): void {
    for (const [key, ev] of [...this.open]) this.close(key, ev);
  }

  private closeOldest(): void {
    const first = this.open.entries().next();
    if (!first.done) this.close(first.value[0], first.value[1]);
  }

  private close(key: string, ev: OpenEvent): void {
    this.open.delete(key);
    this.onEvent(ev.toEvent());
  }
}
