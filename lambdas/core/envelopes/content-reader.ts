/**
 * Turns the bytes of one input into decoded batches, told by content record by record:
 * - JSON lines and text lines are split with a length cap (an over-long line is a counted reject;
 *   reading resumes at the next newline); each JSON line is decoded alone, each text line is routed
 *   to the source it looks like (a file mixing dockerd and flow-log lines yields both);
 * - a JSON document (an `aws logs filter-log-events` export, a CloudTrail file, an EventList, an
 *   array of events, a subscription payload) is parsed as a stream: each element of its top-level
 *   array is decoded as soon as it is read, never the whole document.
 * A file is a document only when it opens one: a first line that is exactly `{`/`[`, or opens a
 * structure and is followed by a line that is not a JSON value of its own. A broken first line of a
 * JSON-lines file is one rejected line. Shared by the CLI's file reader and the S3 object reader
 * (lambdas/core/objects/object-reader.ts), which tells it the account and region an object's key
 * names and that a CloudTrail file is a document.
 */
import { JSONParser } from '@streamparser/json';
import { BatchCollector } from './batch-collector';
import type { CwlPayload } from './cwl-payload';
import { JsonDecoder } from './decode-json';
import { InputFault } from './input-fault';
import type { SourceRouter } from './source-router';
import { looksLikeFlowRecord, sniffTextLine } from './text-sniff';
import { isFlowHeaderLine } from '../sources/vpc-flow/flow-format';
import type { SourceRecord } from '../model/batch';
import { Tally } from '../model/normalize-result';
import type { SourceKind } from '../model/signal';
import type { SourceBatchContext } from '../sources/normalize-source';

/** What the reader is told about its input (the CLI's flags, an S3 object's key), and its limits. */
export interface ContentOptions {
  router: SourceRouter;
  /** Treat plain text/JSON-lines input as coming from this log group (routes by config). */
  logGroup?: string;
  logStream?: string;
  /** Force the source of plain text. */
  source?: SourceKind;
  flowFormat?: string;
  cluster?: string;
  /** Owner account and region every record inherits (an S3 object's key names them). */
  account?: string;
  region?: string;
  /** Lines (or records) per chunk handed over. */
  batchLines: number;
  /** Longest line read (bytes); a longer one is rejected as `input:line-too-long`. */
  maxLineBytes: number;
  /** Longest single JSON value of a document (bytes); past it the document stops (`input:json-value-too-large`). */
  maxJsonValueBytes: number;
  /**
   * The input is one JSON document (a CloudTrail log file, which AWS writes on one line): parsed as a
   * stream from the first byte, its `Records` handed over one by one, never parsed whole.
   */
  document?: boolean;
}

const NL = 0x0a;
const CR = 0x0d;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === NL || b === CR || b === 0x09;
}

/** Elements of these top-level keys are streamed one by one. */
const STREAMED_KEYS = ['events', 'Records', 'logEvents', 'items'];

export class ContentReader {
  private collector = new BatchCollector();
  private tally = new Tally();
  private sinceFlush = 0;
  /** Lines of the last buffer not read yet because the chunk filled up (lines mode). */
  private backlog: Buffer | undefined;
  private readonly decoder: JsonDecoder;
  private readonly base: SourceBatchContext;
  private mode: 'sniff' | 'lines' | 'document' = 'sniff';

  // sniffing
  private sniffed: Buffer[] = [];
  private sniffedBytes = 0;

  // lines
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private skipping = false;
  private lineNo = 0;
  private fixedText: { source: SourceKind; ctx: SourceBatchContext } | undefined;
  private textSource: SourceKind | undefined;
  private readonly textCtx: SourceBatchContext;
  private flowCtx: SourceBatchContext;
  private unassigned: SourceRecord<string>[] = [];

  // document
  private parser: JSONParser | undefined;
  private parseError: Error | undefined;
  private bytesSinceValue = 0;
  private elements = 0;
  private rootElements = 0;
  private cliEvents: Record<string, unknown>[] = [];
  private cwlEvents: unknown[] = [];
  private cwlRoot: Record<string, unknown> | undefined;

  constructor(
    private readonly name: string,
    private readonly opts: ContentOptions,
  ) {
    this.base = {
      ...(opts.logGroup ? { logGroup: opts.logGroup } : {}),
      ...(opts.logStream ? { logStream: opts.logStream } : {}),
      ...(opts.cluster ? { cluster: opts.cluster } : {}),
      ...(opts.flowFormat ? { flowFormat: opts.flowFormat } : {}),
      ...(opts.account ? { account: opts.account } : {}),
      ...(opts.region ? { region: opts.region } : {}),
    };
    this.decoder = new JsonDecoder({ router: opts.router, base: this.base });
    const routed = opts.source ? { source: opts.source } : opts.router.route(opts.logGroup);
    // Audit events are JSON: a text file given with an EKS --log-group is told by its content.
    const route = routed?.source === 'eks-audit' && !opts.source ? undefined : routed;
    this.textCtx = {
      ...this.base,
      ...(route && 'cluster' in route && route.cluster ? { cluster: route.cluster } : {}),
      ...(route && 'flowFormat' in route && route.flowFormat ? { flowFormat: route.flowFormat } : {}),
      ...(opts.flowFormat ? { flowFormat: opts.flowFormat } : {}),
    };
    this.flowCtx = this.textCtx;
    this.fixedText = route ? { source: route.source, ctx: this.textCtx } : undefined;
    if (opts.document) this.mode = 'document';
  }

  /**
   * True when enough lines or records are waiting to be handed over as a chunk: records count too,
   * since one line (a subscription payload, an `EventList`, a CloudTrail file on one line) can hold
   * thousands of them — a JSON-lines file of hourly payloads was otherwise one 72,000-record chunk.
   */
  get full(): boolean {
    return this.sinceFlush >= this.opts.batchLines || this.collector.records >= this.opts.batchLines;
  }

  /** Hands over what was decoded so far. */
  take(): { batches: BatchCollector['batches']; tally: Tally } {
    this.flushPending();
    const out = { batches: this.collector.batches, tally: this.tally };
    this.collector = new BatchCollector();
    this.tally = new Tally();
    this.sinceFlush = 0;
    return out;
  }

  /** Counts a fault of the input as a whole (the records read before it are kept). */
  fault(f: InputFault): void {
    this.tally.reject(f.reason, this.name, f.message);
  }

  write(buf: Buffer): void {
    if (this.backlog) throw new Error('ContentReader.write before resume(): a full chunk was not handed over');
    if (this.mode === 'sniff') {
      this.sniffed.push(buf);
      this.sniffedBytes += buf.length;
      // Only a new line end (or the cap) can change the answer: no re-scan per chunk of a long first line.
      if (this.sniffed.length > 1 && buf.indexOf(NL) < 0 && this.sniffedBytes <= this.opts.maxLineBytes) return;
      const decided = this.decide(false);
      if (decided) this.start(decided);
      return;
    }
    if (this.mode === 'lines') this.writeLines(buf);
    else this.writeDocument(buf);
  }

  end(): void {
    if (this.mode === 'sniff') this.start(this.decide(true) ?? 'lines');
    if (this.mode === 'lines') {
      if (this.carryBytes > 0 && !this.skipping) this.line(Buffer.concat(this.carry, this.carryBytes));
      this.carry = [];
      this.carryBytes = 0;
    } else if (this.parser) {
      if (!this.parser.isEnded) this.parser.end();
      this.checkDocument();
    }
  }

  private start(mode: 'lines' | 'document'): void {
    const buffered = Buffer.concat(this.sniffed, this.sniffedBytes);
    this.sniffed = [];
    this.sniffedBytes = 0;
    this.mode = mode;
    if (buffered.length > 0) this.write(buffered);
  }

  /** Lines mode or document mode, once enough of the input is seen (undefined: read more). */
  private decide(atEnd: boolean): 'lines' | 'document' | undefined {
    const only = this.sniffed.length === 1 ? this.sniffed[0] : undefined;
    const buf = only ?? Buffer.concat(this.sniffed, this.sniffedBytes);
    this.sniffed = [buf];
    let i = 0;
    while (i < buf.length && isSpace(buf[i])) i++;
    if (i === buf.length) {
      // Leading blank space says nothing (and a gzip bomb of newlines must not pile up here).
      for (const b of buf) if (b === NL) this.lineNo++;
      this.sniffed = [];
      this.sniffedBytes = 0;
      return atEnd ? 'lines' : undefined;
    }
    if (buf[i] !== OPEN_BRACE && buf[i] !== OPEN_BRACKET) return 'lines';
    if (buf[i] === OPEN_BRACKET) {
      // An array of events opens with `[` then `{`/`[` (or `[` alone on its line); a text line may start
      // with `[` too (`[INFO] …`, `[  12.3] kernel: …`).
      let k = i + 1;
      while (k < buf.length && (buf[k] === 0x20 || buf[k] === 0x09 || buf[k] === CR)) k++;
      if (k === buf.length && !atEnd) return undefined;
      const next = buf[k];
      return next === undefined || next === NL || next === OPEN_BRACE || next === OPEN_BRACKET || next === 0x5d ? 'document' : 'lines';
    }
    const nl = buf.indexOf(NL, i);
    if (nl < 0) {
      if (buf.length - i > this.opts.maxLineBytes) return 'document';
      return atEnd ? (isJsonValue(buf.toString('utf8', i)) ? 'lines' : 'document') : undefined;
    }
    const first = buf.toString('utf8', i, nl).trim();
    if (isJsonValue(first)) return 'lines';
    if (first === '{' || /[[{,:]$/.test(first)) return 'document';
    // A broken first line, or the first line of a document: the next line tells.
    let j = nl + 1;
    while (j < buf.length && isSpace(buf[j])) j++;
    if (j === buf.length) return atEnd ? 'document' : undefined;
    const nl2 = buf.indexOf(NL, j);
    if (nl2 < 0 && !atEnd) return buf.length - j > this.opts.maxLineBytes ? 'document' : undefined;
    const second = buf.toString('utf8', j, nl2 < 0 ? buf.length : nl2).trim();
    return isJsonValue(second) ? 'lines' : 'document';
  }

  // ---- lines ----

  private writeLines(buf: Buffer): void {
    let pos = 0;
    const max = this.opts.maxLineBytes;
    while (pos < buf.length) {
      if (this.carryBytes === 0 && !this.skipping) {
        // Fast path over blank lines (a gzip bomb of newlines streams through here).
        while (pos < buf.length && (buf[pos] === NL || buf[pos] === CR)) {
          if (buf[pos] === NL) this.lineNo++;
          pos++;
        }
        if (pos === buf.length) return;
      }
      const nl = buf.indexOf(NL, pos);
      const end = nl < 0 ? buf.length : nl;
      if (this.skipping) {
        if (nl >= 0) {
          this.skipping = false;
          this.lineNo++;
        }
        pos = end + 1;
        continue;
      }
      if (this.carryBytes + (end - pos) > max) {
        this.tally.records++;
        this.sinceFlush++;
        this.tally.reject('input:line-too-long', `${this.name}:${this.lineNo + 1}`, `longer than ${max} bytes`);
        this.carry = [];
        this.carryBytes = 0;
        if (nl < 0) this.skipping = true;
        else this.lineNo++;
        pos = end + 1;
        continue;
      }
      if (nl < 0) {
        this.carry.push(buf.subarray(pos));
        this.carryBytes += buf.length - pos;
        return;
      }
      let bytes = buf.subarray(pos, nl);
      if (this.carryBytes > 0) {
        this.carry.push(bytes);
        bytes = Buffer.concat(this.carry, this.carryBytes + bytes.length);
        this.carry = [];
        this.carryBytes = 0;
      }
      this.line(bytes);
      pos = nl + 1;
      // A full chunk stops here: the rest of the buffer waits for `resume()`, after the hand-over.
      if (this.full && pos < buf.length) {
        this.backlog = buf.subarray(pos);
        return;
      }
    }
  }

  /**
   * Writes every buffer of `bytes`, pausing each time a full chunk waits: the caller `take()`s it,
   * then asks for the next (one buffer can hold many lines, and one line thousands of records).
   * @example for await (const _ of reader.feed(bytes)) yield reader.take();
   */
  async *feed(bytes: AsyncIterable<Buffer>): AsyncGenerator<void> {
    for await (const buf of bytes) {
      this.write(buf);
      while (this.full) {
        yield;
        this.resume();
      }
    }
  }

  /** Reads on what a full chunk left of the last buffer (call after each hand-over while `full`). */
  resume(): void {
    const rest = this.backlog;
    this.backlog = undefined;
    if (rest) this.writeLines(rest);
  }

  private line(bytes: Buffer): void {
    this.lineNo++;
    let raw = bytes.toString('utf8');
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (raw.trim().length === 0) return;
    const ref = `${this.name}:${this.lineNo}`;
    this.sinceFlush++;
    const line = stripExportTime(raw);
    const t = line.trimStart();
    if (t.startsWith('{') || t.startsWith('[')) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        value = undefined;
      }
      if (value !== undefined) {
        this.decoder.decode(value, ref, this.collector, this.tally);
        return;
      }
      // A broken JSON line; a text line may start with `[` (`[INFO] …`).
      if (t.startsWith('{')) {
        this.tally.records++;
        this.tally.reject('envelope:invalid-json-line', ref);
        return;
      }
    }
    const record = { data: line, ref };
    if (this.fixedText) {
      // A flow-log header line says the format of the lines after it, in this chunk and the next ones.
      const c = line.charCodeAt(0);
      if (this.fixedText.source === 'vpc-flow' && c >= 97 && c <= 122 && isFlowHeaderLine(line)) this.fixedText = { source: 'vpc-flow', ctx: { ...this.fixedText.ctx, flowFormat: line.trim() } };
      this.collector.add(this.fixedText.source, this.fixedText.ctx, record);
      return;
    }
    const sniff = sniffTextLine(line, this.textSource);
    if (sniff) {
      this.textSource = sniff.source;
      if (sniff.flowHeader) this.flowCtx = { ...this.textCtx, flowFormat: sniff.flowHeader };
    }
    if (!this.textSource) {
      this.unassigned.push(record);
      if (this.unassigned.length >= 50) this.rejectUnassigned();
      return;
    }
    const ctx = this.textSource === 'vpc-flow' ? this.flowCtx : this.textCtx;
    for (const r of this.unassigned) this.collector.add(this.textSource, ctx, r);
    this.unassigned = [];
    this.collector.add(this.textSource, ctx, record);
  }

  private rejectUnassigned(): void {
    for (const r of this.unassigned) {
      this.tally.records++;
      this.tally.reject('envelope:unrecognized-text', r.ref, r.data.slice(0, 120));
    }
    this.unassigned = [];
  }

  private flushPending(): void {
    if (this.mode === 'lines' && this.unassigned.length > 0) this.rejectUnassigned();
    if (this.cliEvents.length > 0) this.flushCliEvents();
    if (this.cwlEvents.length > 0) this.flushCwlEvents();
  }

  // ---- document ----

  private writeDocument(buf: Buffer): void {
    if (!this.parser) {
      let i = 0;
      while (i < buf.length && isSpace(buf[i])) i++;
      const array = buf[i] === OPEN_BRACKET;
      const paths = array ? ['$.*'] : ['$', ...STREAMED_KEYS.map((k) => `$.${k}.*`)];
      const parser = new JSONParser({ paths, keepStack: true, separator: '' });
      parser.onValue = (v) => this.onValue(v as unknown as ParsedValue);
      parser.onError = (e) => {
        this.parseError ??= e;
      };
      this.parser = parser;
    }
    if (this.parser.isEnded) {
      if (buf.some((b) => !isSpace(b))) throw new InputFault('input:invalid-json-document', 'data after the end of the JSON document');
      return;
    }
    // Fed in slices so a value's size is known to within a slice of the cap.
    const slice = Math.max(64, Math.min(1 << 16, this.opts.maxJsonValueBytes >> 2));
    for (let pos = 0; pos < buf.length; pos += slice) {
      const part = buf.subarray(pos, pos + slice);
      this.bytesSinceValue += part.length;
      this.parser.write(part);
      this.checkDocument();
      if (this.bytesSinceValue > this.opts.maxJsonValueBytes) throw new InputFault('input:json-value-too-large', `a JSON value longer than ${this.opts.maxJsonValueBytes} bytes`);
      if (this.parser.isEnded) {
        if (buf.subarray(pos + slice).some((b) => !isSpace(b))) throw new InputFault('input:invalid-json-document', 'data after the end of the JSON document');
        return;
      }
    }
  }

  private checkDocument(): void {
    if (this.parseError) throw new InputFault('input:invalid-json-document', `not valid JSON (${this.parseError.message.slice(0, 200)})`);
  }

  private onValue({ value, key, parent, stack }: ParsedValue): void {
    this.bytesSinceValue = 0;
    if (stack.length === 0) {
      // The root, its streamed arrays emptied: decoded whole only when nothing was streamed.
      if (this.rootElements === 0) this.decoder.decode(value, this.name, this.collector, this.tally);
      this.flushPending();
      this.rootElements = 0;
      this.cwlRoot = undefined;
      this.sinceFlush++;
      return;
    }
    if (Array.isArray(parent)) parent.length -= 1; // bounded memory: the element is handed over
    const i = typeof key === 'number' ? key : this.elements;
    this.elements++;
    this.rootElements++;
    this.sinceFlush++;
    if (stack.length === 1) {
      this.decoder.decode(value, `${this.name}[${i}]`, this.collector, this.tally, 1);
      return;
    }
    const top = stack[1]?.key;
    const root = (stack[1]?.value ?? {}) as Record<string, unknown>;
    if (top === 'events' && isCliEvent(value)) {
      this.cliEvents.push(typeof value.eventId === 'string' ? value : { ...value, eventId: String(i) });
      if (this.cliEvents.length >= 1000) this.flushCliEvents();
    } else if (top === 'logEvents' && typeof root.messageType === 'string' && typeof root.logGroup === 'string') {
      this.cwlRoot = root;
      this.cwlEvents.push(value);
      if (this.cwlEvents.length >= 1000) this.flushCwlEvents();
    } else if (top === 'Records') {
      this.decoder.decodeRecord(value, `${this.name}#${i}`, this.collector, this.tally);
    } else {
      this.decoder.decode(value, `${this.name}[${i}]`, this.collector, this.tally, 1);
    }
  }

  private flushCliEvents(): void {
    const events = this.cliEvents;
    this.cliEvents = [];
    this.decoder.decode({ events }, this.name, this.collector, this.tally);
  }

  private flushCwlEvents(): void {
    const root = this.cwlRoot ?? {};
    const payload = {
      messageType: String(root.messageType),
      owner: typeof root.owner === 'string' ? root.owner : '',
      logGroup: String(root.logGroup),
      logStream: typeof root.logStream === 'string' ? root.logStream : '',
      logEvents: this.cwlEvents,
    } as CwlPayload;
    this.cwlEvents = [];
    this.decoder.decodeCwlPayload(payload, this.collector, this.tally);
  }
}

interface ParsedValue {
  value: unknown;
  key: string | number | undefined;
  parent: unknown;
  stack: Array<{ key: string | number | undefined; value: unknown }>;
}

function isCliEvent(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { message?: unknown }).message === 'string' && typeof (x as { timestamp?: unknown }).timestamp === 'number';
}

function isJsonValue(s: string): boolean {
  const t = s.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/**
 * CloudWatch Logs exports to S3 (`create-export-task`) prefix every message with its ingestion
 * time: `2026-11-02T02:14:05.131Z {"kind":"Event",…}` or `… 2 123456789012 eni-…`. The prefix is
 * dropped when what follows is JSON or a flow-log record (dockerd lines keep their own timestamps).
 */
const EXPORT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z /;

function stripExportTime(line: string): string {
  if (!EXPORT_TIME.test(line)) return line;
  const rest = line.replace(EXPORT_TIME, '');
  return rest.startsWith('{') || looksLikeFlowRecord(rest) ? rest : line;
}
