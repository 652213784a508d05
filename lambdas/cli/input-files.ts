/**
 * Reads input files and directories for `signals` and `replay`: content decides the format (gzip
 * by magic bytes; a JSON document, JSON lines, or text lines), large files stream in batches so
 * memory does not grow with input size.
 */
import { type ReadStream, createReadStream, promises as fsp } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BatchCollector } from '../core/envelopes/batch-collector';
import type { DecodedBatch } from '../core/envelopes/decoded-batch';
import { JsonDecoder } from '../core/envelopes/decode-json';
import { isGzip } from '../core/envelopes/gzip';
import type { SourceRouter } from '../core/envelopes/source-router';
import { looksLikeFlowRecord, sniffTextLines } from '../core/envelopes/text-sniff';
import type { SourceRecord } from '../core/model/batch';
import { Tally } from '../core/model/normalize-result';
import type { SourceKind } from '../core/model/signal';
import type { SourceBatchContext } from '../core/sources/normalize-source';

export interface InputOptions {
  router: SourceRouter;
  /** Treat plain text/JSON-lines files as coming from this log group (routes by config). */
  logGroup?: string;
  logStream?: string;
  /** Force the source of plain files. */
  source?: SourceKind;
  flowFormat?: string;
  cluster?: string;
  /** Lines per batch for streamed files. */
  batchLines?: number;
}

export interface InputChunk {
  file: string;
  batches: DecodedBatch[];
  /** Records that could not be decoded, counted. */
  tally: Tally;
  /** Bytes of the file consumed so far (compressed size for gzip), for progress. */
  bytesRead: number;
}

export class InputError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'InputError';
  }
}

/** Files under the given paths, directories recursed, sorted for a stable order. */
export async function listInputFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await fsp.stat(p);
    } catch {
      throw new InputError(p, 'no such file or directory');
    }
    if (st.isDirectory()) {
      const entries = (await fsp.readdir(p)).filter((n) => !n.startsWith('.')).sort();
      out.push(...(await listInputFiles(entries.map((n) => join(p, n)))));
    } else if (st.isFile()) {
      out.push(p);
    }
  }
  return out;
}

async function peek(file: string, n: number): Promise<Buffer> {
  const fh = await fsp.open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function openText(file: string, gzip: boolean): { stream: Readable; raw: ReadStream } {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  return { raw, stream: gzip ? raw.pipe(createGunzip()) : raw };
}

/** Reads one file into decoded batches, chunk by chunk. */
export async function* readInputFile(file: string, opts: InputOptions): AsyncGenerator<InputChunk> {
  const name = relative(process.cwd(), file) || file;
  const head = await peek(file, 2);
  const gzip = isGzip(head);
  const { stream, raw } = openText(file, gzip);
  stream.on('error', () => undefined); // surfaced by the line reader below
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const batchLines = opts.batchLines ?? 5000;
  const decoder = new JsonDecoder({ router: opts.router, base: baseContext(opts) });

  let mode: 'json-document' | 'json-lines' | 'text' | undefined;
  const docLines: string[] = [];
  let pending: SourceRecord<string>[] = [];
  let textCtx: SourceBatchContext | undefined;
  let textSource: SourceKind | undefined;
  let lineNo = 0;
  let stripExportTime = false;
  let collector = new BatchCollector();
  let tally = new Tally();

  const flush = (): InputChunk => {
    if (mode === 'text' && pending.length > 0) emitText();
    const chunk = { file: name, batches: collector.batches, tally, bytesRead: raw.bytesRead };
    collector = new BatchCollector();
    tally = new Tally();
    return chunk;
  };
  const emitText = () => {
    if (!textSource) {
      const sniff = opts.source ? { source: opts.source } : sniffTextLines(pending.map((r) => r.data));
      if (sniff) {
        textSource = sniff.source;
        const header = 'flowHeader' in sniff ? sniff.flowHeader : undefined;
        textCtx = { ...textCtx, ...(header ? { flowFormat: header } : {}) };
      }
    }
    if (textSource) collector.addBatch({ source: textSource, ctx: textCtx ?? {}, records: pending });
    else decoder.decodeLines(pending, textCtx ?? {}, collector, tally);
    pending = [];
  };

  try {
    for await (const raw of lines) {
      lineNo++;
      if (mode === undefined) {
        if (raw.trim().length === 0) continue;
        stripExportTime = hasExportTimePrefix(raw);
      }
      const line = stripExportTime ? raw.replace(EXPORT_TIME, '') : raw;
      if (mode === undefined) {
        const t = line.trim();
        if (t.startsWith('{') || t.startsWith('[')) {
          mode = isCompleteJson(t) ? 'json-lines' : 'json-document';
        } else {
          mode = 'text';
          const routed = opts.source ? { source: opts.source } : opts.router.route(opts.logGroup);
          // Audit events are JSON: a text file given with an EKS --log-group is told by its content.
          const route = routed?.source === 'eks-audit' && !opts.source ? undefined : routed;
          textSource = route?.source;
          textCtx = { ...baseContext(opts), ...(route && 'cluster' in route && route.cluster ? { cluster: route.cluster } : {}), ...(route && 'flowFormat' in route && route.flowFormat ? { flowFormat: route.flowFormat } : {}) };
          if (opts.flowFormat) textCtx.flowFormat = opts.flowFormat;
        }
      }
      if (mode === 'json-document') {
        docLines.push(line);
        continue;
      }
      if (mode === 'json-lines') {
        if (line.trim().length === 0) continue;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          tally.records++;
          tally.reject('envelope:invalid-json-line', `${name}:${lineNo}`);
          continue;
        }
        decoder.decode(value, `${name}:${lineNo}`, collector, tally);
        if (lineNo % batchLines === 0) yield flush();
        continue;
      }
      pending.push({ data: line, ref: `${name}:${lineNo}` });
      if (pending.length >= batchLines) yield flush();
    }
  } catch (e) {
    throw new InputError(name, gzip ? `cannot read gzip data (${(e as Error).message})` : (e as Error).message);
  }

  if (mode === 'json-document') {
    let value: unknown;
    try {
      value = JSON.parse(docLines.join('\n'));
    } catch (e) {
      throw new InputError(name, `not valid JSON (${(e as Error).message})`);
    }
    docLines.length = 0;
    decoder.decode(value, name, collector, tally);
  }
  yield flush();
}

function baseContext(opts: InputOptions): SourceBatchContext {
  return {
    ...(opts.logGroup ? { logGroup: opts.logGroup } : {}),
    ...(opts.logStream ? { logStream: opts.logStream } : {}),
    ...(opts.cluster ? { cluster: opts.cluster } : {}),
    ...(opts.flowFormat ? { flowFormat: opts.flowFormat } : {}),
  };
}

/**
 * CloudWatch Logs exports to S3 (`create-export-task`) prefix every message with its ingestion
 * time: `2026-11-02T02:14:05.131Z {"kind":"Event",…}` or `… 2 123456789012 eni-…`. The prefix is
 * dropped when what follows is JSON or a flow-log record (dockerd lines keep their own timestamps).
 */
const EXPORT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z /;

function hasExportTimePrefix(line: string): boolean {
  if (!EXPORT_TIME.test(line)) return false;
  const rest = line.replace(EXPORT_TIME, '');
  return rest.startsWith('{') || looksLikeFlowRecord(rest);
}

function isCompleteJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}
