/**
 * Progress of a long replay on stderr, only when a person is watching (stdout and stderr are
 * terminals) and the work is large enough to wait for. Two phases: reading the inputs (bytes,
 * records/s, the newest event time read, ETA by bytes) and correlating in event-time order
 * (signals, signals/s, the event-time position, ETA by signals).
 */
import { sanitizeForTerminal } from '../core/util/sanitize';

const MIN_BYTES = 20 * 1024 * 1024;
const MIN_SIGNALS = 20_000;

export interface ProgressState {
  phase: 'reading' | 'correlating';
  done: number;
  total: number;
  /** Records read (reading) or signals correlated (correlating) so far. */
  count: number;
  elapsedMs: number;
  /** Event time reached (ISO). */
  eventTime?: string;
  /** The input being read (comes from the command line or a directory: escaped and capped). */
  label?: string;
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const rate = (n: number, ms: number) => Math.round(n / Math.max(0.001, ms / 1000)).toLocaleString('en-US');

/** One progress line (no control characters but the caller's `\r`). */
export function progressLine(p: ProgressState): string {
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const width = 24;
  const filled = Math.round(frac * width);
  const eta = frac > 0 ? clock(((p.elapsedMs / frac) * (1 - frac)) / 1000) : '--:--';
  const amount =
    p.phase === 'reading'
      ? `${(p.done / 1048576).toFixed(0)}/${(p.total / 1048576).toFixed(0)} MB, ${rate(p.count, p.elapsedMs)} records/s`
      : `${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} signals, ${rate(p.count, p.elapsedMs)}/s`;
  const at = p.eventTime ? ` at ${p.eventTime.slice(0, 16)}Z` : '';
  const label = p.label ? ` ${sanitizeForTerminal(p.label, 40)}` : '';
  return `${p.phase} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(1)}% ${amount}${at} ETA ${eta}${label}`;
}

export class Progress {
  private readonly enabled: boolean;
  private last = 0;
  private width = 0;
  private readonly started = Date.now();

  constructor(
    private readonly phase: ProgressState['phase'],
    private readonly total: number,
    private readonly out: NodeJS.WriteStream,
  ) {
    const large = phase === 'reading' ? total >= MIN_BYTES : total >= MIN_SIGNALS;
    this.enabled = Boolean(out.isTTY) && Boolean(process.stdout.isTTY) && large;
  }

  update(done: number, count: number, eventTime?: string, label?: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    const line = progressLine({ phase: this.phase, done, total: this.total, count, elapsedMs: now - this.started, ...(eventTime ? { eventTime } : {}), ...(label ? { label } : {}) });
    // Padded, not erased with an escape sequence: a shorter line overwrites a longer one.
    this.out.write(`\r${line.padEnd(this.width)}`);
    this.width = Math.max(this.width, line.length);
  }

  done(): void {
    if (this.enabled) this.out.write('\n');
  }
}
