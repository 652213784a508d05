/**
 * A progress bar on stderr, only when a person is watching (stdout and stderr are terminals) and the
 * input is large enough to wait for.
 */
import { sanitizeForTerminal } from '../core/util/sanitize';

const MIN_BYTES = 20 * 1024 * 1024;

export class Progress {
  private readonly enabled: boolean;
  private last = 0;
  private width = 0;
  private readonly started = Date.now();

  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WriteStream,
  ) {
    this.enabled = Boolean(out.isTTY) && Boolean(process.stdout.isTTY) && total >= MIN_BYTES;
  }

  /** `label` (the file being read) comes from the input: it is escaped and capped. */
  update(done: number, label?: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    const frac = Math.min(1, done / this.total);
    const width = 30;
    const filled = Math.round(frac * width);
    const mbps = done / 1048576 / Math.max(0.001, (now - this.started) / 1000);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(1)}% ${(done / 1048576).toFixed(0)}/${(this.total / 1048576).toFixed(0)} MB ${mbps.toFixed(1)} MB/s${label ? ` ${sanitizeForTerminal(label, 40)}` : ''}`;
    // Padded, not erased with an escape sequence: a shorter line overwrites a longer one.
    this.out.write(`\r${line.padEnd(this.width)}`);
    this.width = Math.max(this.width, line.length);
  }

  done(): void {
    if (this.enabled) this.out.write('\n');
  }
}
