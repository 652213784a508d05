/** Audit events of workload writes (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob): creates and image patches. */
import type { Rng } from '../rng';
import { type AuditEvent, type AuditUser, auditEvent } from './eks-audit';
import { type PodArgs, podSpec } from './k8s';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob';

const RESOURCE: Record<WorkloadKind, [string, string]> = {
  Deployment: ['apps', 'deployments'],
  StatefulSet: ['apps', 'statefulsets'],
  DaemonSet: ['apps', 'daemonsets'],
  ReplicaSet: ['apps', 'replicasets'],
  Job: ['batch', 'jobs'],
  CronJob: ['batch', 'cronjobs'],
};

export interface WorkloadWrite {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** create: the whole object; patch: a strategic-merge patch of the images; json-patch: op list. */
  verb: 'create' | 'patch' | 'json-patch' | 'apply';
  /** Pod template (create/apply), or just the containers' images (patches). */
  pod: Omit<PodArgs, 'namespace' | 'name'>;
  at: number;
  agent?: string;
}

function templateOf(w: WorkloadWrite): Record<string, unknown> {
  const template = { metadata: { labels: { app: w.name } }, spec: podSpec(w.pod) };
  if (w.kind === 'CronJob') return { schedule: '*/30 * * * *', jobTemplate: { spec: { template } } };
  if (w.kind === 'Job') return { backoffLimit: 2, template };
  return { ...(w.kind === 'DaemonSet' ? {} : { replicas: 2 }), selector: { matchLabels: { app: w.name } }, template };
}

function wrapPodPatch(kind: WorkloadKind, spec: unknown): Record<string, unknown> {
  const template = { spec: { template: { spec } } };
  return kind === 'CronJob' ? { spec: { jobTemplate: template } } : template;
}

export function workloadWrite(rng: Rng, user: AuditUser, w: WorkloadWrite): AuditEvent {
  const [group, resource] = RESOURCE[w.kind];
  const object = { apiVersion: `${group}/v1`, kind: w.kind, metadata: { name: w.name, namespace: w.namespace, labels: { app: w.name } }, spec: templateOf(w) };
  const base = `/apis/${group}/v1/namespaces/${w.namespace}/${resource}`;
  const objectRef = { resource, namespace: w.namespace, apiGroup: group, apiVersion: 'v1', ...(w.verb === 'create' ? {} : { name: w.name }) };
  const common = { user, at: w.at, objectRef, ...(w.agent ? { userAgent: w.agent } : {}) };
  switch (w.verb) {
    case 'create':
      return auditEvent(rng, { ...common, verb: 'create', code: 201, uri: `${base}?fieldManager=kubectl-create`, requestObject: object, responseObject: object });
    case 'apply':
      return auditEvent(rng, { ...common, verb: 'patch', uri: `${base}/${w.name}?fieldManager=${w.agent?.startsWith('kustomize') ? 'kustomize-controller' : 'argocd-controller'}&force=true`, requestObject: object, responseObject: object });
    case 'patch': {
      const containers = w.pod.containers.map((c) => ({ name: c.name, image: c.image }));
      return auditEvent(rng, { ...common, verb: 'patch', uri: `${base}/${w.name}?fieldManager=kubectl-set`, requestObject: wrapPodPatch(w.kind, { containers }), responseObject: object });
    }
    case 'json-patch': {
      const prefix = w.kind === 'CronJob' ? '/spec/jobTemplate/spec/template/spec' : '/spec/template/spec';
      const ops = w.pod.containers.map((c, i) => ({ op: 'replace', path: `${prefix}/containers/${i}/image`, value: c.image }));
      return auditEvent(rng, { ...common, verb: 'patch', uri: `${base}/${w.name}?fieldManager=kubectl-patch`, requestObject: ops, level: 'Request' });
    }
  }
}

/** The HPA scaling a Deployment (a write that carries no image). */
export function scalePatch(rng: Rng, user: AuditUser, namespace: string, name: string, replicas: number, at: number): AuditEvent {
  return auditEvent(rng, {
    user, verb: 'patch', at, userAgent: 'kube-controller-manager/v1.31.2-eks-a737599 (linux/amd64) kubernetes/5864a46/system:serviceaccount:kube-system:horizontal-pod-autoscaler',
    uri: `/apis/apps/v1/namespaces/${namespace}/deployments/${name}/scale`, objectRef: { resource: 'deployments', subresource: 'scale', namespace, name, apiGroup: 'apps', apiVersion: 'v1' },
    requestObject: { spec: { replicas } }, level: 'Request',
  });
}
