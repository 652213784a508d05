/**
 * The audit pre-filter, a hidden gate (see ../gates): most audit volume is reads
 * (get/list/watch), status churn and resources no rule reads. The normalizer applies it to the
 * request key (verb, resource, user: read without building the record) and counts each event that
 * cannot matter under the reason given here, so the rules only see writes of workloads, exec,
 * bindings, pod status and pod deletes. A rule that reads anything else must widen this filter.
 */
import type { RequestKey } from '../../records/eks-audit/audit-record';

const WRITE_VERBS = new Set(['create', 'update', 'patch']);
const READ_VERBS = new Set(['get', 'list', 'watch']);
const CONTROLLER_SA_PREFIX = 'system:serviceaccount:kube-system:';

/**
 * Built-in controllers (per-controller service accounts on EKS, or the controller manager's own
 * identity). Their updates and patches of workloads change replicas, annotations or status, never
 * the images a human or CI put there.
 */
export function isBuiltInController(userName: string): boolean {
  if (userName === 'system:kube-controller-manager') return true;
  if (!userName.startsWith(CONTROLLER_SA_PREFIX)) return false;
  const sa = userName.slice(CONTROLLER_SA_PREFIX.length);
  return sa.endsWith('-controller') || sa === 'generic-garbage-collector';
}

/** Why no rule needs this event, or undefined when the rules should see it. */
export function auditPreFilter(key: RequestKey): string | undefined {
  const { resource, subresource, verb } = key;
  if (key.workloadKind) {
    if (verb !== 'create' && isBuiltInController(key.userName)) return 'eks-audit:controller-update';
    return key.hasObject ? undefined : 'eks-audit:no-request-object';
  }
  if (resource === 'pods' && subresource === 'exec') return verb === 'create' || verb === 'get' ? undefined : 'eks-audit:irrelevant-verb';
  // A deleted pod has ended (pod-end); the objectRef says which, so Metadata level is enough.
  if (verb === 'delete' && resource === 'pods' && subresource === '' && key.apiGroup === '') return undefined;
  if (!WRITE_VERBS.has(verb)) return READ_VERBS.has(verb) ? 'eks-audit:read-only-verb' : 'eks-audit:irrelevant-verb';
  const binding = (resource === 'pods' && subresource === 'binding') || (resource === 'bindings' && subresource === '');
  const podStatus = resource === 'pods' && subresource === 'status';
  if (!binding && !podStatus) return 'eks-audit:irrelevant-resource';
  return key.hasObject ? undefined : 'eks-audit:no-request-object';
}
