/**
 * The workload a pod (or a workload object) belongs to, so that the many pods of one controller
 * are one workload: the controller named by `metadata.ownerReferences` (the `controller: true`
 * entry first, else the first entry), a ReplicaSet owner reported as its Deployment (the
 * pod-template hash stripped from its name), else the object itself. A bare pod created with
 * `generateName` is named by that prefix without its trailing dash (kind Pod), so the pods one tool
 * stamps out (CI runners, debug tooling) group together; otherwise the pod's own name.
 */
import type { AuditRecord, WorkloadView } from '../../records/eks-audit/audit-record';
import { type JsonObject, arrAt, asObject, objAt, strAt } from '../../records/eks-audit/json-fields';

export interface WorkloadOwner {
  kind: string;
  name: string;
}

/**
 * A pod-template hash as the deployment controller writes it (rand.SafeEncodeString of a uint32:
 * consonants and the digits 2, 4–9, no vowels, so ordinary words do not look like one). The pod's
 * own `pod-template-hash` label, when present, is matched exactly first.
 */
const TEMPLATE_HASH_SUFFIX = /^(.+)-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/;

/** `web-7d9f8c6b5d` → `web`: the Deployment of a ReplicaSet, or undefined when the name carries no hash. */
export function deploymentOfReplicaSet(replicaSet: string, templateHash?: string): string | undefined {
  if (templateHash && replicaSet.length > templateHash.length + 1 && replicaSet.endsWith(`-${templateHash}`)) {
    return replicaSet.slice(0, -(templateHash.length + 1));
  }
  return TEMPLATE_HASH_SUFFIX.exec(replicaSet)?.[1];
}

/** The controlling owner reference (`controller: true` first, else the first one), or undefined. */
export function ownerReferenceOf(metadata: JsonObject | undefined): WorkloadOwner | undefined {
  let first: WorkloadOwner | undefined;
  for (const item of arrAt(metadata, 'ownerReferences')) {
    const ref = asObject(item);
    const kind = strAt(ref, 'kind');
    const name = strAt(ref, 'name');
    if (!kind || !name) continue;
    if (ref!['controller'] === true) return { kind, name };
    first ??= { kind, name };
  }
  return first;
}

/** The object's metadata: the responseObject's (the object as stored) first, else the request's. */
function metadataOf(rec: AuditRecord): JsonObject | undefined {
  return objAt(rec.responseObject, 'metadata') ?? objAt(asObject(rec.requestObject), 'metadata');
}

/** The workload `workload` (from `rec`) belongs to. */
export function workloadOwner(rec: AuditRecord, workload: WorkloadView): WorkloadOwner {
  const metadata = metadataOf(rec);
  const ref = ownerReferenceOf(metadata);
  if (ref) {
    if (ref.kind !== 'ReplicaSet') return ref;
    const deployment = deploymentOfReplicaSet(ref.name, strAt(objAt(metadata, 'labels'), 'pod-template-hash'));
    return deployment ? { kind: 'Deployment', name: deployment } : ref;
  }
  const prefix = workload.generateName?.replace(/-+$/, '');
  if (workload.kind === 'Pod' && prefix) return { kind: 'Pod', name: prefix };
  return { kind: workload.kind, name: workload.name ?? prefix ?? '' };
}
