/**
 * Puts the signals of every input of a replay into one event-time order, at bounded memory: signals
 * are kept as JSON text in a buffer of at most `maxBufferBytes`; a full buffer is sorted and written
 * to a temporary file (a sorted run); at the end the runs are merged k-way (at most `fanIn` open at
 * once, merged in passes beyond that). A replay that fits the buffer never touches the disk.
 *
 * Signals, not raw records, are sorted: normalization is pure and per record (per batch for flow
 * aggregation and auditd events), and signals are a small fraction of the records (a million flow
 * records make a few thousand egress signals), so sorting them costs little whatever the layout of
 * the inputs, and needs no assumption about how ordered each input is.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Signal } from '../../core/model/signal';
import { compareEventOrder, contentKey } from '../../core/pipeline/event-time-order';
import { MinHeap } from '../../core/util/min-heap';

export interface SorterOptions {
  /** JSON text kept in memory before a run is written (default 16 MiB: ~20,000 signals). */
  maxBufferBytes?: number;
  /** Runs merged at once (default 64). */
  fanIn?: number;
  /** Where the temporary directory is made (default the OS temporary directory). */
  tmpDir?: string;
}

export interface SortReport {
  signals: number;
  /** Sorted runs written to disk (0: sorted in memory). */
  runs: number;
  /** Merge passes beyond the final merge (runs > fanIn). */
  extraPasses: number;
  spilledBytes: number;
  /** Oldest and newest event time (ISO) of the signals, when there are any. */
  first?: string;
  last?: string;
}

interface Entry {
  time: string;
  json: string;
  /** The content without `ref`, computed on the first tie only. */
  tie?: string;
}

function tieOf(e: Entry): string {
  e.tie ??= contentKey(JSON.parse(e.json) as Signal);
  return e.tie;
}

/** Event time, then content without `ref` (see core/pipeline/event-time-order.ts). */
export const compareEntries = (a: Entry, b: Entry): number => compareEventOrder(a, b, tieOf);

const entryOf = (json: string): Entry => ({ time: (JSON.parse(json) as Signal).time, json });

async function writeRun(path: string, entries: readonly Entry[]): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  for (const e of entries) {
    bytes += e.json.length + 1;
    if (!out.write(`${e.json}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

async function* readRun(path: string): AsyncGenerator<Entry> {
  const lines = createInterface({ input: createReadStream(path, { highWaterMark: 64 * 1024 }), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield entryOf(line);
}

async function* mergeRuns(paths: readonly string[]): AsyncGenerator<Entry> {
  const heads = new MinHeap<{ entry: Entry; rest: AsyncGenerator<Entry> }>((a, b) => compareEntries(a.entry, b.entry));
  for (const p of paths) {
    const rest = readRun(p);
    const first = await rest.next();
    if (!first.done) heads.push({ entry: first.value, rest });
  }
  while (heads.size > 0) {
    const head = heads.pop()!;
    yield head.entry;
    const next = await head.rest.next();
    if (!next.done) heads.push({ entry: next.value, rest: head.rest });
  }
}

export class SignalSorter {
  private buffer: Entry[] = [];
  private bufferBytes = 0;
  private runs: string[] = [];
  private dir: string | undefined;
  private readonly maxBufferBytes: number;
  private readonly fanIn: number;
  private readonly report: SortReport = { signals: 0, runs: 0, extraPasses: 0, spilledBytes: 0 };
  private readonly cleanup = () => this.close();

  constructor(private readonly opts: SorterOptions = {}) {
    this.maxBufferBytes = opts.maxBufferBytes ?? 16 * 1024 * 1024;
    this.fanIn = Math.max(2, opts.fanIn ?? 64);
  }

  get stats(): Readonly<SortReport> {
    return this.report;
  }

  async add(signals: readonly Signal[]): Promise<void> {
    for (const s of signals) {
      const json = JSON.stringify(s);
      this.buffer.push({ time: s.time, json });
      this.bufferBytes += json.length + 64;
      this.report.signals++;
      if (this.report.first === undefined || s.time < this.report.first) this.report.first = s.time;
      if (this.report.last === undefined || s.time > this.report.last) this.report.last = s.time;
      if (this.bufferBytes >= this.maxBufferBytes) await this.spill();
    }
  }

  private runPath(): string {
    if (!this.dir) {
      this.dir = mkdtempSync(join(this.opts.tmpDir ?? tmpdir(), 'an1261-replay-'));
      process.once('exit', this.cleanup);
    }
    return join(this.dir, `run-${String(this.runs.length).padStart(6, '0')}-${this.report.runs}.jsonl`);
  }

  private async spill(): Promise<void> {
    if (this.buffer.length === 0) return;
    const entries = this.buffer.sort(compareEntries);
    this.buffer = [];
    this.bufferBytes = 0;
    const path = this.runPath();
    this.report.spilledBytes += await writeRun(path, entries);
    this.runs.push(path);
    this.report.runs++;
  }

  /** Every signal added, in event-time order. Call once, after the last `add`. */
  async *sorted(): AsyncGenerator<Signal> {
    if (this.runs.length === 0) {
      const entries = this.buffer.sort(compareEntries);
      this.buffer = [];
      this.bufferBytes = 0;
      // Parsed one at a time, and released as they go: the JSON text is all that is held.
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i]!;
        (entries as Array<Entry | undefined>)[i] = undefined;
        yield JSON.parse(e.json) as Signal;
      }
      return;
    }
    await this.spill();
    while (this.runs.length > this.fanIn) {
      const merged: string[] = [];
      for (let i = 0; i < this.runs.length; i += this.fanIn) {
        const group = this.runs.slice(i, i + this.fanIn);
        if (group.length === 1) {
          merged.push(group[0]!);
          continue;
        }
        const path = this.runPath();
        const out = createWriteStream(path);
        for await (const e of mergeRuns(group)) if (!out.write(`${e.json}\n`)) await once(out, 'drain');
        out.end();
        await once(out, 'finish');
        for (const p of group) rmSync(p, { force: true });
        merged.push(path);
        this.report.runs++;
      }
      this.runs = merged;
      this.report.extraPasses++;
    }
    for await (const e of mergeRuns(this.runs)) yield JSON.parse(e.json) as Signal;
  }

  /** Removes the temporary runs (also done when the process exits). */
  close(): void {
    this.buffer = [];
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    process.removeListener('exit', this.cleanup);
  }
}
