/**
 * pod-end: a pod stopped running, which ends a builder pod's build interval (it builds from its
 * creation to its completion). Emitted for every pod, as a `pod-end` link (the correlator keeps the
 * ones of pods it knows as builders):
 *  - a `pods/status` patch or update (the kubelet's) whose status says phase `Succeeded` or
 *    `Failed` (reason: the phase), or that every container has `state.terminated` (reason
 *    `terminated`). The responseObject (the pod as stored) is read when logged, else the request.
 *    A strategic-merge patch carries only the containers that changed, so "every container" is
 *    checked against its `$setElementOrder/containerStatuses` list when it has one; a status that
 *    still says phase Pending or Running is not an end (a restarting container).
 *  - a successful `delete` of a pod (no subresource; Metadata level is enough): reason `deleted`.
 *    A graceful delete and the kubelet's final one are two requests, two pod-end links.
 * The time is the event's own. A lone `RequestReceived` stage is not enough: a forbidden or failed
 * delete logs one too, and an early end would cut a build interval short.
 */
import type { PodLinkSignal } from '../../model/signal';
import type { AuditRecord } from '../../records/eks-audit/audit-record';
import { type JsonObject, arrAt, asObject, objAt, strAt } from '../../records/eks-audit/json-fields';
import { podHost } from '../../records/eks-audit/node-host';
import { NO_SIGNAL, type Rule, type RuleOutcome, signalsOutcome } from '../rule';
import { commonFields } from './signal-parts';

const ID = 'pod-end';
const NODE_USER = 'system:node:';
const SET_ORDER = '$setElementOrder/containerStatuses';

/** Why a pod status says the pod has ended, or undefined. */
export function endReasonOfStatus(status: JsonObject | undefined): string | undefined {
  if (!status) return undefined;
  const phase = strAt(status, 'phase');
  if (phase === 'Succeeded' || phase === 'Failed') return phase;
  if (phase === 'Pending' || phase === 'Running') return undefined;
  const statuses = arrAt(status, 'containerStatuses');
  if (statuses.length === 0) return undefined;
  const terminated = new Set<string>();
  for (const item of statuses) {
    const cs = asObject(item);
    if (!objAt(objAt(cs, 'state'), 'terminated')) return undefined;
    terminated.add(strAt(cs, 'name') ?? '');
  }
  // A patch lists only the changed containers; its element order names them all.
  for (const item of arrAt(status, SET_ORDER)) {
    const name = strAt(asObject(item), 'name');
    if (name !== undefined && !terminated.has(name)) return undefined;
  }
  return 'terminated';
}

function endReason(rec: AuditRecord): string | undefined {
  if (rec.subresource === '') return rec.verb === 'delete' ? 'deleted' : undefined;
  if (rec.subresource !== 'status' || (rec.verb !== 'patch' && rec.verb !== 'update')) return undefined;
  // The responseObject is the whole pod after the write; the request may be a partial patch.
  const response = objAt(rec.responseObject, 'status');
  return response ? endReasonOfStatus(response) : endReasonOfStatus(objAt(asObject(rec.requestObject), 'status'));
}

export const podEndRule: Rule<AuditRecord> = {
  id: ID,
  source: 'eks-audit',
  title: 'Pod ended: phase Succeeded/Failed, every container terminated, or the pod deleted',
  description:
    'Entity resolution: the end of a pod, so a builder pod’s build is an interval (creation → completion) and egress or pushes of its node after the end are not laid on it.',
  evaluate(rec, ctx): RuleOutcome {
    if (rec.resource !== 'pods' || rec.apiGroup !== '' || rec.stage === 'RequestReceived') return NO_SIGNAL;
    const reason = endReason(rec);
    if (!reason) return NO_SIGNAL;
    const metadata = objAt(rec.responseObject, 'metadata') ?? objAt(asObject(rec.requestObject), 'metadata');
    const name = rec.name ?? strAt(metadata, 'name');
    if (!name) return NO_SIGNAL;
    const nodeName = rec.userName.startsWith(NODE_USER) ? rec.userName.slice(NODE_USER.length) || undefined : undefined;
    const pod = { namespace: rec.namespace, name };
    const signal: PodLinkSignal = {
      kind: 'link',
      ...commonFields(ID, rec, ctx, 'end'),
      host: podHost(rec.namespace, name, nodeName)!,
      link: 'pod-end',
      pod,
      reason,
    };
    if (nodeName) signal.nodeName = nodeName;
    return signalsOutcome(signal);
  },
};
