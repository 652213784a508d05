/**
 * The signals of a backtest, in the event-time order they were correlated, kept in a temporary
 * file (JSON lines) so `an1261 tune` can correlate them again under the proposed configuration
 * without reading and normalizing the inputs twice (or pulling CloudWatch Logs twice). Streaming
 * both ways: memory stays flat whatever the number of signals. Removed on `close()`.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Signal } from '../../core/model/signal';

export class SignalLog {
  private readonly dir = mkdtempSync(join(tmpdir(), 'an1261-tune-'));
  private readonly file = join(this.dir, 'signals.jsonl');
  private readonly out: WriteStream = createWriteStream(this.file);
  private ended = false;
  /** Signals written. */
  count = 0;

  async append(signals: readonly Signal[]): Promise<void> {
    if (signals.length === 0) return;
    this.count += signals.length;
    if (!this.out.write(`${signals.map((s) => JSON.stringify(s)).join('\n')}\n`)) await once(this.out, 'drain');
  }

  /** The signals in the order they were appended (call after the last `append`). */
  async *signals(): AsyncGenerator<Signal> {
    if (!this.ended) {
      this.ended = true;
      this.out.end();
      await once(this.out, 'finish');
    }
    const lines = createInterface({ input: createReadStream(this.file), crlfDelay: Infinity });
    for await (const line of lines) if (line) yield JSON.parse(line) as Signal;
  }

  close(): void {
    if (!this.ended) this.out.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
