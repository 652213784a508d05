/**
 * Security Lake EKS_AUDIT (OCSF API Activity, class 6003; source version 2 only) → a Kubernetes
 * audit Event, so the native audit normalizer and its rules judge it. The reverse of Security Lake's
 * published mapping (ocsf/examples mappings/markdown/AWS/v1.1.0/EKS Audit Logs; the v1.5.0 mapping
 * adds api.request.data / api.response.data and metadata.log_name, read when present):
 *
 * | OCSF                                   | audit Event                                   |
 * |----------------------------------------|-----------------------------------------------|
 * | api.request.uid                        | auditID                                       |
 * | message                                | stage                                         |
 * | metadata.log_level                     | level                                         |
 * | api.operation                          | verb                                          |
 * | http_request.url.path                  | requestURI                                    |
 * | actor.user.name / uid / groups[].name  | user.username / uid / groups                  |
 * | cloud.account.uid (an ARN)             | user.extra.arn                                |
 * | actor.session.issuer / uid / credential_uid | user.extra.canonicalArn / sessionName / accessKeyId |
 * | src_endpoint.ip + intermediate_ips     | sourceIPs                                     |
 * | resources[0].namespace / name / uid / version | objectRef.namespace / name / uid / resourceVersion |
 * | resources[0].type                      | objectRef.resource + subresource (concatenated) |
 * | api.group.name / api.version           | objectRef.apiGroup / apiVersion               |
 * | api.response.code / message / error / error_message | responseStatus.code / message / reason / status |
 * | start_time(_dt) / time(_dt)            | requestReceivedTimestamp / stageTimestamp     |
 * | api.request.containers[] + unmapped `requestObject.*` | requestObject (see ./unflatten)   |
 * | api.response.containers[] + unmapped `responseObject.*` | responseObject                  |
 * | unmapped.eks_cluster_name              | (the cluster, from the log group natively)    |
 */
import type { JsonObject } from '../../records/eks-audit/json-fields';
import { type Row, CAPS, arrAt, asRow, intAt, msAt, objAt, strAt } from './ocsf-values';
import { unflattenUnder } from './unflatten';

export type AuditFromOcsf =
  | { readonly event: JsonObject; readonly cluster?: string; readonly drops: readonly string[] }
  | { readonly reject: string; readonly detail: string }
  | { readonly ignore: string };

/** Subresources Kubernetes serves, longest first: `resources[].type` is `concat(resource; subresource)`. */
const SUBRESOURCES = ['ephemeralcontainers', 'portforward', 'finalize', 'approval', 'eviction', 'binding', 'attach', 'status', 'resize', 'scale', 'proxy', 'token', 'exec', 'log'];

/** `pods/exec`, `pods:exec` or `podsexec` → pods + exec; `deployments` → deployments. */
export function splitResourceType(type: string): { resource: string; subresource?: string } {
  const sep = type.search(/[/:]/);
  if (sep > 0) return { resource: type.slice(0, sep), ...(sep < type.length - 1 ? { subresource: type.slice(sep + 1) } : {}) };
  for (const sub of SUBRESOURCES) {
    const resource = type.slice(0, -sub.length);
    // Resources are plural: a prefix ending in "s" (pods, nodes, serviceaccounts) before a subresource.
    if (type.length > sub.length + 1 && type.endsWith(sub) && resource.endsWith('s')) return { resource, subresource: sub };
  }
  return { resource: type };
}

function iso(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString() : undefined;
}

function strings(values: readonly unknown[], max: number, limit = 256): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (out.length >= limit) break;
    if (typeof v === 'string' && v.length > 0) out.push(v.slice(0, max));
  }
  return out;
}

/** A JSON document column (api.request.data): parsed when within the cap. */
function parseDocument(v: unknown): { value?: unknown; error?: string } {
  if (v === undefined || v === null || v === '') return {};
  if (typeof v !== 'string') return asRow(v) || Array.isArray(v) ? { value: v } : { error: 'not a JSON string' };
  if (v.length > CAPS.document) return { error: `${v.length} characters, more than ${CAPS.document}` };
  try {
    return { value: JSON.parse(v) as unknown };
  } catch {
    return { error: 'invalid JSON' };
  }
}

interface OcsfContainer {
  name?: string;
  image?: string;
  mountPaths: string[];
  mounts: string[];
}

/** `api.request.containers[]`: name, image.name, image.path (mountPaths), image.uid = concat(image; volumeMount names). */
function ocsfContainers(row: Row, path: string): OcsfContainer[] {
  const out: OcsfContainer[] = [];
  for (const item of arrAt(row, path).slice(0, 256)) {
    const c = asRow(item);
    if (!c) continue;
    const image = strAt(c, 'image.name');
    const uid = strAt(c, 'image.uid');
    let mounts: string[] = [];
    if (uid !== undefined && image !== undefined && uid.startsWith(image)) mounts = uid.slice(image.length).replace(/^[;:|, ]+/, '').split(/[;,]/).filter((m) => m.length > 0);
    out.push({ ...(strAt(c, 'name') ? { name: strAt(c, 'name') } : {}), ...(image ? { image } : {}), mountPaths: (strAt(c, 'image.path') ?? '').split(/[;,]/).filter((p) => p), mounts });
  }
  return out;
}

/** Lays the per-container facts of api.*.containers over the rebuilt spec.containers (same order). */
function overlayContainers(object: unknown, containers: readonly OcsfContainer[]): unknown {
  if (containers.length === 0) return object;
  const base = asRow(object) ? { ...(object as Record<string, unknown>) } : {};
  const spec = { ...((asRow(base['spec']) as Record<string, unknown> | undefined) ?? {}) };
  const rebuilt = Array.isArray(spec['containers']) ? (spec['containers'] as unknown[]) : [];
  spec['containers'] = containers.map((c, i) => {
    const r = { ...((asRow(rebuilt[i]) as Record<string, unknown> | undefined) ?? {}) };
    if (c.name) r['name'] = c.name;
    if (c.image) r['image'] = c.image;
    const mounts = Array.isArray(r['volumeMounts']) ? (r['volumeMounts'] as unknown[]) : [];
    if (c.mounts.length > 0 && !mounts.some((m) => typeof asRow(m)?.['name'] === 'string')) {
      r['volumeMounts'] = c.mounts.map((name, k) => ({ ...((asRow(mounts[k]) as Record<string, unknown> | undefined) ?? {}), name, ...(c.mountPaths[k] ? { mountPath: c.mountPaths[k] } : {}) }));
    }
    return r;
  });
  base['spec'] = spec;
  return base;
}

/** requestObject or responseObject: the JSON document when the mapping keeps one, else rebuilt from unmapped. */
function objectOf(row: Row, side: 'request' | 'response', drops: string[]): unknown {
  const doc = parseDocument(objAt(row, `api.${side}`)?.['data']);
  if (doc.error) drops.push('ocsf:invalid-object-document');
  if (doc.value !== undefined) return doc.value;
  const containers = ocsfContainers(row, `api.${side}.containers`);
  const lengths = new Map(containers.length > 0 ? [['spec.containers', containers.length]] : []);
  const rebuilt = unflattenUnder(objAt(row, 'unmapped'), `${side}Object`, lengths);
  if (rebuilt.ambiguous.length > 0) drops.push('ocsf:ambiguous-unmapped');
  if (rebuilt.truncated) drops.push('ocsf:unmapped-truncated');
  return overlayContainers(rebuilt.value, containers);
}

function definedEntries(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

/**
 * The audit Event of one row, or why there is none. Reads (get) other than exec, lists and watches
 * are not relevant: the native path never receives them (the EKS log group's subscription filter,
 * rules/gates EKS_AUDIT_FILTER_PATTERN, drops them before delivery).
 */
export function auditEventOf(row: Row): AuditFromOcsf {
  const auditId = strAt(row, 'api.request.uid', 128);
  if (!auditId) return { reject: 'ocsf:missing-field', detail: 'api.request.uid (auditID)' };
  const verb = strAt(row, 'api.operation', 64);
  if (!verb) return { reject: 'ocsf:missing-field', detail: 'api.operation (verb)' };
  const resource = asRow(arrAt(row, 'resources')[0]);
  const type = strAt(resource, 'type', 256);
  const { resource: resourceName, subresource } = type ? splitResourceType(type) : { resource: undefined, subresource: undefined };
  if (verb === 'list' || verb === 'watch' || (verb === 'get' && subresource !== 'exec')) return { ignore: 'ocsf:not-relevant' };

  const drops: string[] = [];
  const arn = strAt(row, 'cloud.account.uid');
  const extra = definedEntries({
    arn: arn?.startsWith('arn:') ? [arn] : undefined,
    canonicalArn: strAt(row, 'actor.session.issuer') ? [strAt(row, 'actor.session.issuer')] : undefined,
    sessionName: strAt(row, 'actor.session.uid') ? [strAt(row, 'actor.session.uid')] : undefined,
    accessKeyId: strAt(row, 'actor.session.credential_uid') ? [strAt(row, 'actor.session.credential_uid')] : undefined,
    principalId: strAt(row, 'actor.user.uid_alt') ? [strAt(row, 'actor.user.uid_alt')] : undefined,
  });
  const groups = arrAt(row, 'actor.user.groups').map((g) => (typeof g === 'string' ? g : asRow(g)?.['name']));
  const user = definedEntries({
    username: strAt(row, 'actor.user.name'),
    uid: strAt(row, 'actor.user.uid'),
    groups: strings(groups, CAPS.field),
    extra: Object.keys(extra).length > 0 ? extra : undefined,
  });
  const objectRef = definedEntries({
    resource: resourceName,
    subresource,
    namespace: strAt(resource, 'namespace', 256),
    name: strAt(resource, 'name', 256),
    uid: strAt(resource, 'uid', 256),
    resourceVersion: strAt(resource, 'version', 64),
    apiGroup: strAt(row, 'api.group.name', 256),
    apiVersion: strAt(row, 'api.version', 64),
  });
  const code = intAt(row, 'api.response.code');
  const responseStatus = definedEntries({
    code,
    message: strAt(row, 'api.response.message'),
    reason: strAt(row, 'api.response.error', 256),
    status: strAt(row, 'api.response.error_message', 256),
  });
  const path = strAt(row, 'http_request.url.path', CAPS.uri);
  const query = strAt(row, 'http_request.url.query_string', CAPS.uri);
  const requestURI = path !== undefined && query !== undefined && !path.includes('?') ? `${path}?${query}`.slice(0, CAPS.uri) : path;
  const productVersion = strAt(row, 'metadata.product.version', 64);
  const event = definedEntries({
    kind: 'Event',
    apiVersion: productVersion?.startsWith('audit.k8s.io/') ? productVersion : 'audit.k8s.io/v1',
    level: strAt(row, 'metadata.log_level', 32),
    auditID: auditId,
    stage: strAt(row, 'message', 32),
    requestURI,
    verb,
    user: Object.keys(user).length > 0 ? user : undefined,
    sourceIPs: strings([strAt(row, 'src_endpoint.ip', 64), ...arrAt(row, 'src_endpoint.intermediate_ips')], 64, 16),
    userAgent: strAt(row, 'http_request.user_agent'),
    objectRef: Object.keys(objectRef).length > 0 ? objectRef : undefined,
    responseStatus: Object.keys(responseStatus).length > 0 ? responseStatus : undefined,
    requestObject: objectOf(row, 'request', drops),
    responseObject: objectOf(row, 'response', drops),
    requestReceivedTimestamp: iso(msAt(row, 'start_time') ?? msAt(row, 'start_time_dt')),
    stageTimestamp: iso(msAt(row, 'time') ?? msAt(row, 'time_dt')),
  });
  const unmapped = objAt(row, 'unmapped');
  const cluster = typeof unmapped?.['eks_cluster_name'] === 'string' && /^[\w.-]{1,100}$/.test(unmapped['eks_cluster_name']) ? unmapped['eks_cluster_name'] : undefined;
  return { event, ...(cluster ? { cluster } : {}), drops };
}
