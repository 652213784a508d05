/**
 * pod-binding: the scheduler binds a pod to a node (`pods/binding` create, or the older
 * namespaced `bindings` create). It tells which node a pod runs on, so a build seen as a pod
 * meets the node's flow logs and host logs.
 */
import type { AuditRecord } from '../../records/eks-audit/audit-record';
import { asObject, objAt, strAt } from '../../records/eks-audit/json-fields';
import { podHost } from '../../records/eks-audit/node-host';
import { NO_SIGNAL, type Rule, type RuleOutcome, signalsOutcome } from '../rule';
import { commonFields } from './signal-parts';

const ID = 'pod-binding';

export const podBindingRule: Rule<AuditRecord> = {
  id: ID,
  source: 'eks-audit',
  title: 'Pod bound to a node (pods/binding)',
  description: 'Entity resolution: maps a pod to the node (instance id, private IP) it runs on, from the time of binding.',
  evaluate(rec, ctx): RuleOutcome {
    const isBinding = (rec.resource === 'pods' && rec.subresource === 'binding') || (rec.resource === 'bindings' && rec.subresource === '');
    if (!isBinding || rec.verb !== 'create') return NO_SIGNAL;
    const binding = asObject(rec.requestObject);
    const target = objAt(binding, 'target');
    const targetKind = strAt(target, 'kind');
    const nodeName = strAt(target, 'name');
    if (!nodeName || (targetKind !== undefined && targetKind !== 'Node')) return NO_SIGNAL;
    const name = rec.name ?? strAt(objAt(binding, 'metadata'), 'name');
    if (!name) return NO_SIGNAL;
    const namespace = rec.namespace || (strAt(objAt(binding, 'metadata'), 'namespace') ?? '');
    const pod = { namespace, name };
    return signalsOutcome(
      {
        kind: 'link',
        ...commonFields(ID, rec, ctx),
        host: podHost(namespace, name, nodeName)!,
        link: 'pod-node',
        pod,
        nodeName,
      },
    );
  },
};
