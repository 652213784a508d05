/**
 * The per-line hot path of flow logs: unwrap a record to its text, find column boundaries with
 * one scan and no substrings, and read columns by offset (compare, parse integers, slice only the
 * few that are needed). Flow logs are the volume; most lines are dropped after reading 3–4 columns.
 */
import { errorMessage } from '../../util/errors';

/** Column boundaries of the current line, reused for every line of a batch. */
export class FlowColumns {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  line = '';

  constructor(readonly capacity: number) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  /**
   * Scans `line` once, splitting on runs of whitespace (AWS samples contain double spaces), and
   * returns how many columns it has; boundaries of the first `capacity` columns are kept.
   */
  split(line: string): number {
    this.line = line;
    // AWS separates with single spaces; native indexOf beats a char loop ~2× on that common case.
    // Tabs, CR/LF or other control characters take the general path.
    if (line.charCodeAt(line.length - 1) > 32 && line.indexOf('\t') < 0) return this.splitOnSpaces(line);
    return this.splitOnWhitespace(line);
  }

  private splitOnSpaces(line: string): number {
    const n = line.length;
    let count = 0;
    let i = 0;
    while (i < n) {
      let j = line.indexOf(' ', i);
      if (j < 0) j = n;
      if (j > i) {
        if (count < this.capacity) {
          this.starts[count] = i;
          this.ends[count] = j;
        }
        count++;
      }
      i = j + 1;
    }
    return count;
  }

  private splitOnWhitespace(line: string): number {
    const n = line.length;
    let count = 0;
    let i = 0;
    while (i < n) {
      while (i < n && line.charCodeAt(i) <= 32) i++;
      if (i >= n) break;
      const start = i;
      while (i < n && line.charCodeAt(i) > 32) i++;
      if (count < this.capacity) {
        this.starts[count] = start;
        this.ends[count] = i;
      }
      count++;
    }
    return count;
  }

  /** The column's text; undefined for a missing column (-1) or an absent value (`-`). */
  text(col: number): string | undefined {
    if (col < 0) return undefined;
    const s = this.starts[col]!;
    const e = this.ends[col]!;
    if (e - s === 1 && this.line.charCodeAt(s) === 45) return undefined;
    return this.line.slice(s, e);
  }

  /** True when the column holds exactly `value` (no allocation). */
  is(col: number, value: string): boolean {
    const s = this.starts[col]!;
    return this.ends[col]! - s === value.length && this.line.startsWith(value, s);
  }

  /** True when the column is absent from the format or holds `-`. */
  absent(col: number): boolean {
    if (col < 0) return true;
    const s = this.starts[col]!;
    return this.ends[col]! - s === 1 && this.line.charCodeAt(s) === 45;
  }

  /**
   * The column as a non-negative integer: -1 when absent (`-` or not in the format), NaN when it
   * is not a plain decimal number.
   */
  int(col: number): number {
    if (col < 0) return -1;
    const s = this.starts[col]!;
    const e = this.ends[col]!;
    const line = this.line;
    if (e - s === 1 && line.charCodeAt(s) === 45) return -1;
    if (e - s > 15) return NaN; // beyond 2^53 precision: not a counter AWS writes
    let v = 0;
    for (let i = s; i < e; i++) {
      const d = line.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return NaN;
      v = v * 10 + d;
    }
    return v;
  }

  /** Start/end offsets, for the address fast path (see classify-destination). */
  start(col: number): number {
    return this.starts[col]!;
  }

  end(col: number): number {
    return this.ends[col]!;
  }
}

/** What a record's data turned out to be. */
export type UnwrappedLine = { line: string } | { error: 'vpc-flow:invalid-json' | 'vpc-flow:not-a-flow-line'; detail: string };

/**
 * A record's text: the string itself, or the `message` of a `{"message": "…"}` wrapper (as a JSON
 * string or an already-parsed object). Anything else is not a flow-log line.
 */
export function unwrapFlowLine(data: unknown): UnwrappedLine {
  if (typeof data === 'string') {
    let i = 0;
    while (i < data.length && data.charCodeAt(i) <= 32) i++;
    if (data.charCodeAt(i) !== 123) return { line: data }; // not '{'
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch (e) {
      return { error: 'vpc-flow:invalid-json', detail: errorMessage(e) };
    }
    return messageOf(parsed);
  }
  return messageOf(data);
}

function messageOf(value: unknown): UnwrappedLine {
  if (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string') {
    return { line: (value as { message: string }).message };
  }
  return { error: 'vpc-flow:not-a-flow-line', detail: describe(value) };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return `object without a string "message" (keys: ${Object.keys(value).slice(0, 5).join(', ')})`;
  return typeof value;
}

/** True when the line has nothing but whitespace. */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) > 32) return false;
  return true;
}
