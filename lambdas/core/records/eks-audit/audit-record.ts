/**
 * One audit event made ready for the rules: the request's identity (auditID, verb, stage, object
 * reference), its time and actor, and — for writes of workload kinds — the pod spec it carries.
 * Built once per deduplicated event so the rules share the parsing.
 */
import type { ActorRef } from '../../model/signal';
import { actorOf } from './audit-actor';
import { parseAuditTime } from './event-time';
import { type JsonObject, asObject, objAt, strAt } from './json-fields';
import { type PodSpecView, podSpecObject, readPodSpec, workloadKindOf } from './pod-spec';

export interface WorkloadView {
  /** Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob. */
  kind: string;
  namespace: string;
  /** The object's name when known (for generateName pods, only the responseObject has it). */
  name?: string;
  generateName?: string;
  /** The pod spec of the whole object: for a patch the logged responseObject when there is one. */
  spec?: PodSpecView;
}

/** What a request did to which object: enough to tell whether any rule needs the event. */
export interface RequestKey {
  readonly verb: string;
  readonly resource: string;
  readonly subresource: string;
  readonly apiGroup: string;
  /** The workload kind, when the request writes a workload (or a pod's ephemeral containers). */
  readonly workloadKind?: string;
  readonly userName: string;
  /** A requestObject or responseObject was logged (level Request or RequestResponse). */
  readonly hasObject: boolean;
}

export interface AuditRecord extends RequestKey {
  readonly event: JsonObject;
  readonly auditId: string;
  readonly stage: string;
  readonly namespace: string;
  /** objectRef.name (absent for creates of generateName objects). */
  readonly name?: string;
  readonly requestUri: string;
  readonly actor?: ActorRef;
  readonly timeMs: number;
  /** ISO 8601 UTC with ms. */
  readonly time: string;
  /** As logged: an object, or an array for JSON-patch requests; undefined at level Metadata. */
  readonly requestObject: unknown;
  readonly responseObject?: JsonObject;
  readonly workload?: WorkloadView;
}

const WRITE_VERBS = new Set(['create', 'update', 'patch']);
/** 9999-12-31T23:59:59.999Z: later times are not ISO 8601 four-digit years. */
const MAX_TIME_MS = 253402300799999;

/** Event time: the stage's own time, then the request's, then the envelope's. */
function eventTime(event: JsonObject, envelopeMs: number | undefined): number | undefined {
  return parseAuditTime(event['stageTimestamp']) ?? parseAuditTime(event['timestamp']) ?? parseAuditTime(event['requestReceivedTimestamp']) ?? envelopeMs;
}

function workloadOf(kind: string, verb: string, objectRefName: string | undefined, namespace: string, request: JsonObject | undefined, response: JsonObject | undefined): WorkloadView {
  // A patch body is partial; the responseObject (RequestResponse level) is the object after it.
  const full = verb === 'patch' ? (response ?? request) : (request ?? response);
  const specObject = podSpecObject(kind, full);
  const meta = objAt(response, 'metadata') ?? objAt(request, 'metadata');
  const name = objectRefName ?? strAt(objAt(response, 'metadata'), 'name') ?? strAt(objAt(request, 'metadata'), 'name');
  const generateName = strAt(meta, 'generateName');
  return {
    kind,
    namespace,
    ...(name ? { name } : {}),
    ...(generateName ? { generateName } : {}),
    ...(specObject ? { spec: readPodSpec(specObject) } : {}),
  };
}

/** The cheap part of an event, read before anything else: most audit volume stops here. */
export function requestKeyOf(event: JsonObject): RequestKey {
  const objectRef = objAt(event, 'objectRef');
  const verb = strAt(event, 'verb') ?? '';
  const resource = strAt(objectRef, 'resource') ?? '';
  const subresource = strAt(objectRef, 'subresource') ?? '';
  const apiGroup = strAt(objectRef, 'apiGroup') ?? '';
  const writesSpec = WRITE_VERBS.has(verb) && (subresource === '' || (resource === 'pods' && subresource === 'ephemeralcontainers'));
  const workloadKind = writesSpec ? workloadKindOf(resource, apiGroup) : undefined;
  const request = event['requestObject'];
  return {
    verb,
    resource,
    subresource,
    apiGroup,
    ...(workloadKind ? { workloadKind } : {}),
    userName: strAt(objAt(event, 'user'), 'username') ?? '',
    hasObject: (request !== undefined && request !== null) || asObject(event['responseObject']) !== undefined,
  };
}

/** Builds the record of a valid event from its key; undefined when it has no usable time. */
export function buildAuditRecord(event: JsonObject, key: RequestKey, envelopeMs: number | undefined): AuditRecord | undefined {
  const timeMs = eventTime(event, envelopeMs);
  if (timeMs === undefined || !(timeMs >= 0 && timeMs <= MAX_TIME_MS)) return undefined;
  const objectRef = objAt(event, 'objectRef');
  const request = event['requestObject'] ?? undefined;
  const response = asObject(event['responseObject']);
  const requestObj = asObject(request);
  const namespace = strAt(objectRef, 'namespace') ?? strAt(objAt(response, 'metadata'), 'namespace') ?? strAt(objAt(requestObj, 'metadata'), 'namespace') ?? '';
  const name = strAt(objectRef, 'name');
  const actor = actorOf(objAt(event, 'user'));
  const kind = key.workloadKind;
  // Built by assignment, not conditional spreads: this runs for every event a rule reads.
  const rec: { -readonly [K in keyof AuditRecord]: AuditRecord[K] } = {
    verb: key.verb,
    resource: key.resource,
    subresource: key.subresource,
    apiGroup: key.apiGroup,
    userName: key.userName,
    hasObject: key.hasObject,
    event,
    auditId: strAt(event, 'auditID')!,
    stage: strAt(event, 'stage') ?? '',
    namespace,
    requestUri: strAt(event, 'requestURI') ?? '',
    timeMs,
    time: new Date(timeMs).toISOString(),
    requestObject: request,
  };
  if (kind) rec.workloadKind = kind;
  if (name) rec.name = name;
  if (actor) rec.actor = actor;
  if (response) rec.responseObject = response;
  if (kind) rec.workload = workloadOf(kind, key.verb, name, namespace, requestObj, response);
  return rec;
}
