/**
 * Decodes any JSON document the product accepts into batches per source: CloudWatch Logs
 * subscription events (Lambda envelope or decoded payload), Kinesis records carrying them,
 * EventBridge events, CloudTrail log files and records, Kubernetes audit Events and EventLists,
 * arrays of any of these, and `{"message": "…"}`-wrapped log lines.
 */
import type { SourceRecord } from '../model/batch';
import { Tally } from '../model/normalize-result';
import { isCloudTrailRecord, isEventBridgeEvent } from '../sources/ecr';
import type { SourceBatchContext } from '../sources/normalize-source';
import { BatchCollector } from './batch-collector';
import { type CwlPayload, decodeBase64Json, isAwsLogsEnvelope, isCliLogEventsExport, isCwlPayload, payloadsOfCliExport, logEventRecords } from './cwl-payload';
import { clusterOfLogGroup } from '../records/eks-audit/log-group';
import type { SourceRouter } from './source-router';
import { sniffTextLines } from './text-sniff';
import { errorMessage } from '../util/errors';

export interface DecodeOptions {
  router: SourceRouter;
  /** Context every record inherits (e.g. a log group named on the command line). */
  base?: SourceBatchContext;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A Kubernetes audit Event or EventList; some exporters (and Falco's test files) drop `apiVersion`. */
function isAuditEvent(x: Record<string, unknown>): boolean {
  if (x.kind !== 'Event' && x.kind !== 'EventList') return false;
  if (typeof x.apiVersion === 'string') return x.apiVersion.startsWith('audit.k8s.io/');
  return x.kind === 'EventList' ? Array.isArray(x.items) : typeof x.auditID === 'string' && typeof x.verb === 'string';
}

/** The context objects are shared per batch so the collector can group records by identity. */
class ContextCache {
  private readonly cache = new Map<string, SourceBatchContext>();
  get(ctx: SourceBatchContext): SourceBatchContext {
    const key = JSON.stringify(ctx);
    let c = this.cache.get(key);
    if (!c) this.cache.set(key, (c = ctx));
    return c;
  }
}

export class JsonDecoder {
  private readonly contexts = new ContextCache();
  constructor(private readonly opts: DecodeOptions) {}

  /** Decodes `value` (from record `ref`) into `out`; what cannot be read is counted in `tally`. */
  decode(value: unknown, ref: string, out: BatchCollector, tally: Tally, depth = 0): void {
    const base = this.opts.base ?? {};
    if (depth > 4) {
      tally.records++;
      tally.reject('envelope:nested-too-deep', ref);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => this.decode(v, `${ref}[${i}]`, out, tally, depth + 1));
      return;
    }
    if (!isObject(value)) {
      tally.records++;
      tally.reject('envelope:unrecognized-json', ref, typeof value);
      return;
    }
    if (isAwsLogsEnvelope(value)) {
      this.decodeEncodedPayload(value.awslogs.data, ref, out, tally, depth);
      return;
    }
    if (isCwlPayload(value)) {
      this.decodeCwlPayload(value, out, tally);
      return;
    }
    if (isCliLogEventsExport(value)) {
      for (const p of payloadsOfCliExport(value, base.logGroup ?? '', base.account ?? '')) this.decodeCwlPayload(p, out, tally);
      return;
    }
    if (Array.isArray(value.Records)) {
      this.decodeRecords(value.Records, ref, out, tally, depth);
      return;
    }
    if (isAuditEvent(value)) {
      const cluster = base.cluster ?? clusterOfLogGroup(base.logGroup);
      out.add('eks-audit', this.contexts.get(cluster ? { ...base, cluster } : base), { data: value, ref });
      return;
    }
    if (isEventBridgeEvent(value)) {
      out.add('ecr-event', this.contexts.get(base), { data: value, ref });
      return;
    }
    if (isCloudTrailRecord(value)) {
      out.add('cloudtrail', this.contexts.get(base), { data: value, ref });
      return;
    }
    if (typeof value.message === 'string' && Object.keys(value).length <= 4) {
      this.decodeLines([{ data: value.message, ref }], base, out, tally);
      return;
    }
    tally.records++;
    tally.reject('envelope:unrecognized-json', ref, Object.keys(value).slice(0, 8).join(','));
  }

  private decodeEncodedPayload(data: string, ref: string, out: BatchCollector, tally: Tally, depth: number): void {
    let payload: unknown;
    try {
      payload = decodeBase64Json(data);
    } catch (e) {
      tally.records++;
      tally.reject(errorMessage(e), ref);
      return;
    }
    this.decode(payload, ref, out, tally, depth + 1);
  }

  /** `{"Records": […]}`: Kinesis records (CWL payloads inside) or a CloudTrail log file. */
  private decodeRecords(records: unknown[], ref: string, out: BatchCollector, tally: Tally, depth: number): void {
    records.forEach((r, i) => this.decodeRecord(r, `${ref}#${i}`, out, tally, depth));
  }

  /** One element of `{"Records": […]}` (a streamed document hands them over one at a time). */
  decodeRecord(r: unknown, ref: string, out: BatchCollector, tally: Tally, depth = 0): void {
    const data = isObject(r) && isObject(r.kinesis) ? r.kinesis.data : undefined;
    if (typeof data === 'string') this.decodeEncodedPayload(data, ref, out, tally, depth);
    else if (isCloudTrailRecord(r)) out.add('cloudtrail', this.contexts.get(this.opts.base ?? {}), { data: r, ref });
    else this.decode(r, ref, out, tally, depth + 1);
  }

  /** One JSON value as text (a log event's message, a CloudTrail event of the event history): unparsable is a counted reject. */
  decodeJsonText(text: string, ref: string, out: BatchCollector, tally: Tally): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      tally.records++;
      tally.reject('envelope:invalid-json', ref);
      return;
    }
    this.decode(parsed, ref, out, tally, 1);
  }

  decodeCwlPayload(payload: CwlPayload, out: BatchCollector, tally: Tally): void {
    if (payload.messageType !== 'DATA_MESSAGE') {
      tally.ignore('envelope:control-message');
      return;
    }
    const records = logEventRecords(payload, tally);
    const ctx: SourceBatchContext = {
      ...(this.opts.base ?? {}),
      logGroup: payload.logGroup,
      logStream: payload.logStream,
      ...(payload.owner && /^\d{12}$/.test(payload.owner) ? { account: payload.owner } : {}),
    };
    const route = this.opts.router.route(payload.logGroup);
    if (route) {
      out.addBatch({ source: route.source, ctx: { ...ctx, ...(route.cluster ? { cluster: route.cluster } : {}), ...(route.flowFormat ? { flowFormat: route.flowFormat } : {}) }, records });
      return;
    }
    // A log group the config does not name: tell the source by content.
    const first = records[0]?.data.trimStart() ?? '';
    if (first.startsWith('{')) {
      const inner = new BatchCollector();
      for (const r of records) this.decodeJsonText(r.data, r.ref, inner, tally);
      for (const b of inner.batches) out.addBatch({ ...b, ctx: { ...b.ctx, ...ctx } });
      return;
    }
    this.decodeLines(records, ctx, out, tally);
  }

  /** Text lines of one origin: the source is told by content. */
  decodeLines(records: SourceRecord<string>[], ctx: SourceBatchContext, out: BatchCollector, tally: Tally): void {
    const sniff = sniffTextLines(records.map((r) => r.data));
    if (!sniff) {
      for (const r of records) {
        if (r.data.trim().length === 0) continue;
        tally.records++;
        tally.reject('envelope:unrecognized-text', r.ref, r.data.slice(0, 120));
      }
      return;
    }
    out.addBatch({ source: sniff.source, ctx: this.contexts.get({ ...ctx }), records });
  }
}
