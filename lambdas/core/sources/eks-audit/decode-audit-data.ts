/**
 * From a record's data to audit events: CloudWatch Logs messages are JSON strings, replayed files
 * are parsed objects; webhook batches arrive as `EventList{items[]}` and AKS diagnostic exports wrap
 * the event in `properties.log` (object or string). Anything else is a counted reject.
 */
import { type JsonObject, arrAt, asObject, objAt, strAt } from '../../records/eks-audit/json-fields';
import { errorMessage } from '../../util/errors';

export type Decoded =
  | { readonly events: ReadonlyArray<{ readonly event: JsonObject; readonly suffix: string; readonly inList: boolean }> }
  | { readonly reject: string; readonly detail?: string }
  | { readonly ignore: string };

const MAX_DETAIL = 120;

/** A short, never-throwing description of an untrusted value for reject details. */
function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.slice(0, 40));
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object' || typeof v === 'function') return typeof v;
  return String(v);
}

function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    return { error: errorMessage(e) };
  }
}

/**
 * Core v1 `Event`s (kubectl get events) share the kind name but not the API group. Items of an
 * EventList usually carry no kind of their own.
 */
function isAuditEvent(o: JsonObject, inList: boolean): boolean {
  const apiVersion = o['apiVersion'];
  if (apiVersion !== undefined && !(typeof apiVersion === 'string' && apiVersion.startsWith('audit.k8s.io/'))) return false;
  const kind = o['kind'];
  return kind === 'Event' || (kind === undefined && (inList || apiVersion !== undefined));
}

function unwrap(value: unknown): { value: unknown } | { error: string } {
  const o = asObject(value);
  const log = o && o['kind'] === undefined ? objAt(o, 'properties')?.['log'] : undefined;
  if (log === undefined) return { value };
  return typeof log === 'string' ? parseJson(log) : { value: log };
}

/** Decodes one record's data into the audit events it holds. */
export function decodeAuditData(data: unknown): Decoded {
  let value: unknown = data;
  if (typeof data === 'string') {
    const parsed = parseJson(data);
    if ('error' in parsed) return { reject: 'eks-audit:invalid-json', detail: parsed.error.slice(0, MAX_DETAIL) };
    value = parsed.value;
  }
  const unwrapped = unwrap(value);
  if ('error' in unwrapped) return { reject: 'eks-audit:invalid-json', detail: `properties.log: ${unwrapped.error.slice(0, MAX_DETAIL)}` };
  const o = asObject(unwrapped.value);
  if (!o) return { reject: 'eks-audit:not-an-audit-event', detail: `not a JSON object: ${describe(unwrapped.value)}` };
  if (o['kind'] === 'EventList') {
    const items = arrAt(o, 'items');
    if (items.length === 0) return { ignore: 'eks-audit:empty-event-list' };
    return { events: items.map((item, i) => ({ event: asObject(item) ?? {}, suffix: `#items[${i}]`, inList: true })) };
  }
  if (!isAuditEvent(o, false)) {
    return { reject: 'eks-audit:not-an-audit-event', detail: `kind=${describe(o['kind'])} apiVersion=${describe(o['apiVersion'])}` };
  }
  return { events: [{ event: o, suffix: '', inList: false }] };
}

/** Why an event (an EventList item, or a single event) is not readable, or undefined when it is. */
export function invalidEventReason(event: JsonObject, inList: boolean): { reason: string; detail: string } | undefined {
  if (!isAuditEvent(event, inList)) return { reason: 'eks-audit:not-an-audit-event', detail: `kind=${describe(event['kind'])}` };
  if (!strAt(event, 'auditID')) return { reason: 'eks-audit:invalid-event', detail: 'auditID missing or not a string' };
  if (!strAt(event, 'verb')) return { reason: 'eks-audit:invalid-event', detail: 'verb missing or not a string' };
  const objectRef = event['objectRef'];
  if (objectRef !== undefined && objectRef !== null && !asObject(objectRef)) return { reason: 'eks-audit:invalid-event', detail: 'objectRef is not an object' };
  return undefined;
}
