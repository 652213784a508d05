/**
 * How a case reaches the decoder, as in production: a replayed file (the CLI's content sniffing:
 * JSON document, JSON lines or text lines), or CloudWatch Logs log events (payload, Lambda
 * `awslogs` envelope, Kinesis record). Produces the decoder's batches and its tally.
 */
import { gzipSync } from 'node:zlib';
import { BatchCollector } from '../lambdas/core/envelopes/batch-collector';
import { JsonDecoder } from '../lambdas/core/envelopes/decode-json';
import type { SourceRouter } from '../lambdas/core/envelopes/source-router';
import { sniffTextLines } from '../lambdas/core/envelopes/text-sniff';
import type { SourceRecord } from '../lambdas/core/model/batch';
import { Tally } from '../lambdas/core/model/normalize-result';
import type { SourceBatchContext } from '../lambdas/core/sources/normalize-source';

export interface Delivery {
  mode: 'file' | 'cwl' | 'awslogs' | 'kinesis' | 'event';
  logGroup?: string;
  logStream?: string;
}

export interface Decoded {
  collector: BatchCollector;
  tally: Tally;
  /** The file could not be read at all (the CLI reports it as an input error, not a crash). */
  inputError?: string;
}

function lines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/** The CLI's file reader (lambdas/cli/input-files.ts) on an in-memory text, without streaming. */
function decodeFile(text: string, d: Delivery, decoder: JsonDecoder, router: SourceRouter, out: BatchCollector, tally: Tally): string | undefined {
  const all = lines(text);
  const first = all.find((l) => l.trim().length > 0)?.trim();
  if (first === undefined) return undefined;
  if (first.startsWith('{') || first.startsWith('[')) {
    let complete = true;
    try { JSON.parse(first); } catch { complete = false; }
    if (!complete) {
      let value: unknown;
      try { value = JSON.parse(text); } catch (e) { return `not valid JSON (${(e as Error).message.slice(0, 80)})`; }
      decoder.decode(value, 'fuzz', out, tally);
      return undefined;
    }
    all.forEach((line, i) => {
      if (line.trim().length === 0) return;
      let value: unknown;
      try { value = JSON.parse(line); } catch { tally.records++; tally.reject('envelope:invalid-json-line', `fuzz:${i + 1}`); return; }
      decoder.decode(value, `fuzz:${i + 1}`, out, tally);
    });
    return undefined;
  }
  const routed = router.route(d.logGroup);
  const route = routed?.source === 'eks-audit' ? undefined : routed;
  let ctx: SourceBatchContext = { ...(d.logGroup ? { logGroup: d.logGroup } : {}), ...(d.logStream ? { logStream: d.logStream } : {}), ...(route?.flowFormat ? { flowFormat: route.flowFormat } : {}) };
  const records: SourceRecord<string>[] = all.map((data, i) => ({ data, ref: `fuzz:${i + 1}` }));
  while (records.length > 0 && records[records.length - 1]!.data === '') records.pop(); // readline yields no line after the last newline
  const sniff = route ? { source: route.source } : sniffTextLines(records.map((r) => r.data));
  if (sniff && 'flowHeader' in sniff && sniff.flowHeader) ctx = { ...ctx, flowFormat: sniff.flowHeader };
  if (sniff) out.addBatch({ source: sniff.source, ctx, records });
  else decoder.decodeLines(records, ctx, out, tally);
  return undefined;
}

/** Log-event messages for a text: JSON documents re-serialized one per event, else its lines. */
function messagesOf(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    if (Array.isArray(v)) return v.map((x) => JSON.stringify(x) ?? 'null');
    const recs = (v as { Records?: unknown } | null)?.Records;
    if (Array.isArray(recs)) return recs.map((x) => JSON.stringify(x) ?? 'null');
    return [JSON.stringify(v)];
  } catch {
    return lines(text).filter((l) => l.length > 0);
  }
}

export function cwlPayload(text: string, d: Delivery, messages = messagesOf(text)): Record<string, unknown> {
  return {
    messageType: 'DATA_MESSAGE', owner: '111122223333', logGroup: d.logGroup ?? '/fuzz/unrouted', logStream: d.logStream ?? 'fuzz-stream', subscriptionFilters: ['fuzz'],
    logEvents: messages.map((message, i) => ({ id: String(37960001793581920000000n + BigInt(i)), timestamp: 1793581920000 + i, message })),
  };
}

export function encodeData(text: string, gzip = true): string {
  return (gzip ? gzipSync(Buffer.from(text, 'utf8'), { level: 1 }) : Buffer.from(text, 'utf8')).toString('base64');
}

/** What the decoder is handed: the file text, or a parsed Lambda event (built before timing starts). */
export type Prepared = { file: string } | { event: unknown };

export function prepareCase(input: Buffer, d: Delivery): Prepared {
  const text = input.toString('utf8');
  switch (d.mode) {
    case 'file':
      return { file: text };
    case 'event': // the whole input is one Lambda event; unparseable bytes arrive as a Kinesis record's data
      try {
        return { event: JSON.parse(text) };
      } catch {
        return { event: { Records: [{ kinesis: { data: input.toString('base64') } }] } };
      }
    case 'cwl':
      return { event: cwlPayload(text, d) };
    case 'awslogs':
      return { event: { awslogs: { data: encodeData(JSON.stringify(cwlPayload(text, d))) } } };
    case 'kinesis':
      return { event: { Records: [{ kinesis: { data: encodeData(JSON.stringify(cwlPayload(text, d)), false) } }] } };
  }
}

export function decodeCase(p: Prepared, d: Delivery, router: SourceRouter): Decoded {
  const out = new BatchCollector();
  const tally = new Tally();
  const decoder = new JsonDecoder({ router, ...(d.mode === 'file' && d.logGroup ? { base: { logGroup: d.logGroup } } : {}) });
  if ('file' in p) {
    const inputError = decodeFile(p.file, d, decoder, router, out, tally);
    return { collector: out, tally, ...(inputError === undefined ? {} : { inputError }) };
  }
  decoder.decode(p.event, 'fuzz', out, tally);
  return { collector: out, tally };
}
