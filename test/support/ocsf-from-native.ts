/**
 * Native records → the OCSF rows Security Lake writes for them, written from Security Lake's
 * published mappings (ocsf/examples, mappings/markdown/AWS/<v1.0.0-rc.2|v1.1.0>/{VPC Flowlogs,
 * EKS Audit Logs, CloudTrail/API Activity}: the README tables and their samples/*.ocsf), never from
 * lambdas/core/sources/ocsf. Used by the equivalence test: native records → these rows → Parquet →
 * hyparquet → decodeOcsfRows → the same signals.
 *
 * Conventions taken from the samples:
 *  - times are epoch ms (`time`), `*_dt` timestamps in 1.1.0;
 *  - whatever has no mapping goes to `unmapped` (map<string,string>): dotted paths, `[]` after an
 *    array, the values of all array elements joined with commas (eks.ocsf: `responseObject.status.
 *    conditions[].type` → "MemoryPressure,DiskPressure,PIDPressure,Ready", `sourceIPs[]`);
 *  - EKS: `resources[].type` is concat(objectRef.resource; objectRef.subresource) — written here with
 *    no separator ("podsexec"), the least helpful reading; cloud.account.uid is user.extra.arn[0];
 *    api.request.containers[].image.uid is concat(image; volumeMounts[].name) — written "image;a,b".
 */
export type NativeJson = Record<string, unknown>;
export type OcsfVersion = '1.0.0-rc.2' | '1.1.0';

const isObj = (x: unknown): x is NativeJson => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Flattens `value` under `prefix` into `out` the way the samples' `unmapped` is written; `skip` names mapped paths. */
export function flattenInto(out: Record<string, string>, prefix: string, value: unknown, skip: (path: string) => boolean = () => false): void {
  if (skip(prefix) || value === null || value === undefined) return;
  const add = (key: string, v: string) => {
    out[key] = key in out ? `${out[key]},${v}` : v;
  };
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isObj(item) || Array.isArray(item)) flattenInto(out, `${prefix}[]`, item, skip);
      else if (item !== null && item !== undefined && !skip(`${prefix}[]`)) add(`${prefix}[]`, String(item));
    }
    return;
  }
  if (isObj(value)) {
    for (const [k, v] of Object.entries(value)) flattenInto(out, `${prefix}.${k}`, v, skip);
    return;
  }
  add(prefix, String(value));
}

// ---------------------------------------------------------------------------------------- VPC flow

/** One flow-log line (with its format's field names) → the Network Activity row. */
export function ocsfFromFlowLine(fields: readonly string[], line: string, version: OcsfVersion): NativeJson | undefined {
  const cols = line.trim().split(/\s+/);
  if (cols.length !== fields.length) return undefined;
  const f = (name: string): string | undefined => {
    const i = fields.indexOf(name);
    const v = i >= 0 ? cols[i] : undefined;
    return v === undefined || v === '-' ? undefined : v;
  };
  const raw = (name: string): string | undefined => {
    const i = fields.indexOf(name);
    return i >= 0 ? cols[i] : undefined;
  };
  const int = (name: string) => (f(name) !== undefined ? Number(f(name)) : undefined);
  const action = f('action');
  const direction = f('flow-direction');
  const endpoint = (addr: string | undefined, pkt: string | undefined, port: number | undefined, svc: string | undefined): NativeJson => {
    const ip = addr === '-' ? undefined : addr;
    const packet = pkt === undefined ? addr : pkt;
    return {
      port: port ?? null,
      svc_name: svc ?? '-',
      // "if pkt_srcaddr equals srcaddr: ip = srcaddr, else ip = pkt_srcaddr, intermediate_ips = [srcaddr]"
      ...(packet === addr ? { ip: ip ?? null } : { ip: packet ?? null, intermediate_ips: [addr ?? '-'] }),
    };
  };
  const src = endpoint(raw('srcaddr'), raw('pkt-srcaddr'), int('srcport'), raw('pkt-src-aws-service'));
  const dst = endpoint(raw('dstaddr'), raw('pkt-dstaddr'), int('dstport'), raw('pkt-dst-aws-service'));
  const ids = { interface_uid: f('interface-id'), vpc_uid: f('vpc-id'), instance_uid: f('instance-id'), subnet_uid: f('subnet-id') };
  if (direction === 'egress') Object.assign(src, ids);
  if (direction === 'ingress') Object.assign(dst, ids);
  const startMs = int('start') !== undefined ? int('start')! * 1000 : undefined;
  const endMs = int('end') !== undefined ? int('end')! * 1000 : undefined;
  const refused = action === 'REJECT';
  const tp = int('traffic-path');
  const row: NativeJson = {
    metadata: { product: { version: raw('version') ?? '5', name: 'Amazon VPC', feature: { name: 'Flowlogs' }, vendor_name: 'AWS' }, profiles: version === '1.1.0' ? ['cloud', 'security_control', 'datetime'] : ['cloud', 'security_control'], version },
    cloud: { ...(version === '1.1.0' ? { account: { uid: f('account-id') } } : { account_uid: f('account-id') }), region: f('region'), zone: f('az-id'), provider: 'AWS' },
    src_endpoint: src,
    dst_endpoint: dst,
    connection_info: {
      protocol_num: int('protocol') ?? null,
      tcp_flags: int('tcp-flags') ?? null,
      protocol_ver: f('type') ?? null,
      boundary_id: tp ?? 99,
      boundary: tp === undefined ? '-' : String(tp),
      direction_id: direction === 'ingress' ? 1 : direction === 'egress' ? 2 : 0,
      direction: direction === 'ingress' ? 'Inbound' : direction === 'egress' ? 'Outbound' : 'Unknown',
    },
    traffic: { packets: f('packets') !== undefined ? BigInt(f('packets')!) : null, bytes: f('bytes') !== undefined ? BigInt(f('bytes')!) : null },
    time: startMs !== undefined ? BigInt(startMs) : null,
    status_code: f('log-status') ?? null,
    severity_id: 1,
    severity: 'Informational',
    class_name: 'Network Activity',
    class_uid: 4001,
    category_name: 'Network Activity',
    category_uid: 4,
    activity_name: refused ? 'Refuse' : 'Traffic',
    activity_id: refused ? 5 : 6,
    disposition: action === 'ACCEPT' ? 'Allowed' : refused ? 'Blocked' : 'Unknown',
    type_uid: BigInt(refused ? 400105 : 400106),
    type_name: `Network Activity: ${refused ? 'Refuse' : 'Traffic'}`,
    unmapped: { sublocation_id: raw('sublocation-id') ?? '-', sublocation_type: raw('sublocation-type') ?? '-' },
  };
  if (version === '1.1.0') {
    Object.assign(row, {
      action: action === 'ACCEPT' ? 'Allowed' : refused ? 'Denied' : 'Unknown',
      action_id: action === 'ACCEPT' ? 1 : refused ? 2 : 0,
      time_dt: startMs !== undefined ? new Date(startMs) : null,
      start_time_dt: startMs !== undefined ? new Date(startMs) : null,
      end_time_dt: endMs !== undefined ? new Date(endMs) : null,
    });
  } else {
    Object.assign(row, {
      disposition_id: action === 'ACCEPT' ? 1 : refused ? 2 : 0,
      start_time: startMs !== undefined ? BigInt(startMs) : null,
      end_time: endMs !== undefined ? BigInt(endMs) : null,
    });
  }
  return row;
}

// ------------------------------------------------------------------------------------- EKS audit

const VERB_ACTIVITY: Record<string, [number, string]> = { create: [1, 'Create'], get: [2, 'Read'], list: [2, 'Read'], watch: [2, 'Read'], update: [3, 'Update'], patch: [3, 'Update'], delete: [4, 'Delete'], deletecollection: [4, 'Delete'] };

interface NativeContainer {
  name?: string;
  image?: string;
  volumeMounts?: Array<{ name?: string; mountPath?: string }>;
}

function ocsfContainers(object: unknown): NativeJson[] | undefined {
  const spec = isObj(object) && isObj(object.spec) ? object.spec : undefined;
  const containers = spec && Array.isArray(spec.containers) ? (spec.containers as NativeContainer[]) : undefined;
  if (!containers || containers.length === 0) return undefined;
  return containers.map((c) => {
    const mounts = c.volumeMounts ?? [];
    return {
      name: c.name ?? null,
      image: {
        name: c.image ?? null,
        path: mounts.length > 0 ? mounts.map((m) => m.mountPath ?? '').join(',') : null,
        uid: mounts.length > 0 ? `${c.image ?? ''};${mounts.map((m) => m.name ?? '').join(',')}` : null,
      },
    };
  });
}

/** Paths the 1.1.0 mapping moves out of the object (spec.containers[].name/image/volumeMounts). */
const mappedContainerPath = (side: string) => (path: string) =>
  path === `${side}.spec.containers[].name` || path === `${side}.spec.containers[].image` || path === `${side}.spec.containers[].volumeMounts[].name` || path === `${side}.spec.containers[].volumeMounts[].mountPath`;

function toMs(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
}

/** One Kubernetes audit Event → the API Activity row (OCSF 1.1.0, Security Lake source version 2). */
export function ocsfFromAuditEvent(ev: NativeJson, cluster?: string): NativeJson {
  const user = (isObj(ev.user) ? ev.user : {}) as NativeJson;
  const extra = (isObj(user.extra) ? user.extra : {}) as Record<string, string[] | undefined>;
  const ref = (isObj(ev.objectRef) ? ev.objectRef : undefined) as NativeJson | undefined;
  const status = (isObj(ev.responseStatus) ? ev.responseStatus : undefined) as NativeJson | undefined;
  const sourceIPs = Array.isArray(ev.sourceIPs) ? (ev.sourceIPs as string[]) : [];
  const verb = String(ev.verb);
  const [activityId, activityName] = VERB_ACTIVITY[verb] ?? [99, 'Other'];
  const unmapped: Record<string, string> = {};
  flattenInto(unmapped, 'requestObject', ev.requestObject, mappedContainerPath('requestObject'));
  flattenInto(unmapped, 'responseObject', ev.responseObject, mappedContainerPath('responseObject'));
  flattenInto(unmapped, 'annotations', ev.annotations);
  flattenInto(unmapped, 'sourceIPs', sourceIPs);
  unmapped.kind = String(ev.kind ?? 'Event');
  if (cluster) unmapped.eks_cluster_name = cluster;
  const stageMs = toMs(ev.stageTimestamp);
  const receivedMs = toMs(ev.requestReceivedTimestamp);
  const requestContainers = ocsfContainers(ev.requestObject);
  const responseContainers = ocsfContainers(ev.responseObject);
  return {
    metadata: { log_level: ev.level ?? null, product: { version: ev.apiVersion ?? null, vendor_name: 'AWS', name: 'Amazon EKS', feature: { name: 'Elastic Kubernetes Service' } }, profiles: ['cloud', 'datetime'], version: '1.1.0' },
    api: {
      request: { uid: ev.auditID, containers: requestContainers ?? null },
      operation: verb,
      version: ref?.apiVersion ?? null,
      response: status || responseContainers ? { code: status?.code ?? null, message: status?.message ?? null, error: status?.reason ?? null, error_message: status?.status ?? null, containers: responseContainers ?? null } : null,
      group: ref?.apiGroup !== undefined ? { name: ref.apiGroup } : null,
    },
    message: ev.stage ?? null,
    http_request: { url: { path: ev.requestURI ?? null }, user_agent: ev.userAgent ?? null },
    actor: {
      user: { name: user.username ?? null, uid: user.uid ?? null, groups: Array.isArray(user.groups) ? (user.groups as string[]).map((name) => ({ name })) : null, type_id: 0 },
      session: { credential_uid: extra.accessKeyId?.[0] ?? null, issuer: extra.canonicalArn?.[0] ?? null, uid: extra.sessionName?.[0] ?? null },
    },
    cloud: { account: { uid: extra.arn?.[0] ?? null }, provider: 'AWS' },
    src_endpoint: { ip: sourceIPs[0] ?? null, intermediate_ips: sourceIPs.length > 1 ? sourceIPs.slice(1) : null },
    resources: ref
      ? [{ namespace: ref.namespace ?? null, name: ref.name ?? null, uid: ref.uid ?? null, version: ref.resourceVersion ?? null, type: `${ref.resource ?? ''}${ref.subresource ?? ''}` }]
      : null,
    start_time_dt: receivedMs !== undefined ? new Date(receivedMs) : null,
    time_dt: stageMs !== undefined ? new Date(stageMs) : null,
    time: stageMs !== undefined ? BigInt(stageMs) : null,
    severity_id: 1,
    severity: 'Informational',
    class_name: 'API Activity',
    class_uid: 6003,
    category_name: 'Application Activity',
    category_uid: 6,
    activity_name: activityName,
    activity_id: activityId,
    type_name: `API Activity: ${activityName}`,
    type_uid: BigInt(600300 + activityId),
    unmapped,
  };
}

// ------------------------------------------------------------------------------------ CloudTrail

/** One CloudTrail record → the API Activity row of `version` (class 3005 in 1.0.0-rc.2, 6003 in 1.1.0). */
export function ocsfFromCloudTrail(r: NativeJson, version: OcsfVersion): NativeJson {
  const ui = (isObj(r.userIdentity) ? r.userIdentity : {}) as NativeJson;
  const issuer = isObj(ui.sessionContext) && isObj(ui.sessionContext.sessionIssuer) ? ui.sessionContext.sessionIssuer : undefined;
  const rc = version === '1.0.0-rc.2';
  const unmapped: Record<string, string> = { recipientAccountId: String(r.recipientAccountId ?? '') };
  if (rc) {
    unmapped.eventType = String(r.eventType ?? '');
    flattenInto(unmapped, 'requestParameters', r.requestParameters);
    flattenInto(unmapped, 'responseElements', r.responseElements);
  }
  if (issuer) for (const k of ['type', 'principalId', 'accountId', 'userName']) if (issuer[k] !== undefined) unmapped[`userIdentity.sessionContext.sessionIssuer.${k}`] = String(issuer[k]);
  const ms = Date.parse(String(r.eventTime));
  const errorCode = typeof r.errorCode === 'string' ? r.errorCode : null;
  return {
    metadata: {
      product: { version: r.eventVersion ?? null, name: 'CloudTrail', vendor_name: 'AWS', feature: { name: 'Management' } },
      profiles: rc ? ['cloud'] : ['cloud', 'datetime'],
      uid: r.eventID ?? null,
      version,
      ...(rc ? {} : { event_code: r.eventType ?? null }),
    },
    actor: {
      user: rc
        ? { type: ui.type ?? null, uid: ui.principalId ?? null, uuid: ui.arn ?? null, account_uid: ui.accountId ?? null, credential_uid: ui.accessKeyId ?? null, name: ui.userName ?? null }
        : { type: ui.type ?? null, uid: ui.arn ?? null, uid_alt: ui.principalId ?? null, account: { uid: ui.accountId ?? null }, credential_uid: ui.accessKeyId ?? null, name: ui.userName ?? null },
      session: { issuer: issuer?.arn ?? null },
      invoked_by: ui.invokedBy ?? null,
    },
    api: {
      operation: r.eventName,
      service: { name: r.eventSource },
      request: { uid: r.requestID ?? null, ...(rc ? {} : { data: r.requestParameters !== undefined && r.requestParameters !== null ? JSON.stringify(r.requestParameters) : null }) },
      response: { error: errorCode, message: r.errorMessage ?? null, ...(rc ? {} : { data: r.responseElements !== undefined && r.responseElements !== null ? JSON.stringify(r.responseElements) : null }) },
    },
    cloud: { provider: 'AWS', region: r.awsRegion ?? null },
    http_request: { user_agent: r.userAgent ?? null },
    src_endpoint: { ip: r.sourceIPAddress ?? null },
    time: BigInt(ms),
    ...(rc ? {} : { time_dt: new Date(ms) }),
    status: errorCode ? 'Failure' : 'Success',
    severity_id: 1,
    severity: 'Informational',
    class_name: 'API Activity',
    class_uid: rc ? 3005 : 6003,
    category_name: rc ? 'Audit Activity' : 'Application Activity',
    category_uid: rc ? 3 : 6,
    activity_name: 'Create',
    activity_id: 1,
    type_name: 'API Activity: Create',
    type_uid: BigInt(rc ? 300501 : 600301),
    unmapped,
  };
}
