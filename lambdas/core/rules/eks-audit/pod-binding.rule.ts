/**
 * pod-binding: the scheduler binds a pod to a node (`pods/binding` create, or the older
 * namespaced `bindings` create), or a pod is created on a named node (`spec.nodeName` set by its
 * creator: `kubectl debug node/…`, node shells, mirror pods), which the scheduler never binds. It
 * tells which node a pod runs on, so a build seen as a pod (an exec into it days later) meets the
 * node's flow logs and host logs.
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
  title: 'Pod bound to a node (pods/binding, or created with spec.nodeName)',
  description: 'Entity resolution: maps a pod to the node (instance id, private IP) it runs on, from the time of binding (or of its creation on a named node).',
  evaluate(rec, ctx): RuleOutcome {
    const w = rec.workload;
    if (w?.kind === 'Pod' && rec.verb === 'create' && rec.subresource === '') {
      const nodeName = w.spec?.nodeName;
      if (!nodeName || !w.name) return NO_SIGNAL;
      const pod = { namespace: w.namespace, name: w.name };
      return signalsOutcome({ kind: 'link', ...commonFields(ID, rec, ctx), host: podHost(w.namespace, w.name, nodeName)!, link: 'pod-node', pod, nodeName });
    }
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
