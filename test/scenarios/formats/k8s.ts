/** Kubernetes objects and the audit events of the requests scenarios make: pods, bindings, kubelet status, exec, workload writes. */
import type { Rng } from '../rng';
import { type AuditEvent, type AuditUser, SCHEDULER, auditEvent } from './eks-audit';

export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  privileged?: boolean;
  /** volume name → mount path */
  mounts?: Record<string, string>;
}

export interface PodArgs {
  namespace: string;
  name: string;
  containers: ContainerSpec[];
  /** hostPath volumes: volume name → host path */
  hostPaths?: Record<string, string>;
  serviceAccount?: string;
  /** The controller that owns the pod: the pod is then created with generateName. */
  owner?: { kind: string; name: string };
  labels?: Record<string, string>;
  restartPolicy?: 'Always' | 'Never' | 'OnFailure';
  hostNetwork?: boolean;
  /** Shares the node's PID namespace (node debuggers, nsenter shells). */
  hostPID?: boolean;
  /** spec.nodeName set by its creator (`kubectl debug node/…`): the scheduler never binds it. */
  nodeName?: string;
}

export function podSpec(p: Omit<PodArgs, 'namespace' | 'name'>): Record<string, unknown> {
  const volumes = Object.entries(p.hostPaths ?? {}).map(([name, path]) => ({ name, hostPath: { path, type: path.endsWith('.sock') ? 'Socket' : '' } }));
  return {
    serviceAccountName: p.serviceAccount ?? 'default',
    restartPolicy: p.restartPolicy ?? 'Always',
    ...(p.hostNetwork ? { hostNetwork: true } : {}),
    ...(p.hostPID ? { hostPID: true } : {}),
    ...(p.nodeName ? { nodeName: p.nodeName } : {}),
    containers: p.containers.map((c) => ({
      name: c.name,
      image: c.image,
      ...(c.command ? { command: c.command } : {}),
      ...(c.args ? { args: c.args } : {}),
      ...(c.privileged ? { securityContext: { privileged: true } } : {}),
      ...(c.mounts ? { volumeMounts: Object.entries(c.mounts).map(([name, mountPath]) => ({ name, mountPath })) } : {}),
      resources: { requests: { cpu: '100m', memory: '128Mi' } },
    })),
    ...(volumes.length ? { volumes } : {}),
  };
}

function podObject(p: PodArgs, withName: boolean): Record<string, unknown> {
  const meta: Record<string, unknown> = { namespace: p.namespace, labels: p.labels ?? { app: p.owner?.name ?? p.name } };
  if (withName || !p.owner) meta.name = p.name;
  else meta.generateName = `${p.name.slice(0, p.name.lastIndexOf('-') + 1)}`;
  if (p.owner) meta.ownerReferences = [{ apiVersion: 'apps/v1', kind: p.owner.kind, name: p.owner.name, uid: `uid-${p.owner.name}`, controller: true }];
  return { kind: 'Pod', apiVersion: 'v1', metadata: meta, spec: podSpec(p) };
}

const podRef = (namespace: string, name?: string, subresource?: string) => ({ resource: 'pods', namespace, ...(name ? { name } : {}), ...(subresource ? { subresource } : {}) });

/** A pod create; controller-owned pods use generateName (only the response names them). */
export function podCreate(rng: Rng, user: AuditUser, p: PodArgs, at: number, opts: { code?: number; agent?: string; stage?: 'RequestReceived'; auditID?: string } = {}): AuditEvent {
  const named = !p.owner;
  return auditEvent(rng, {
    user, verb: 'create', at, code: opts.code ?? 201, ...(opts.stage ? { stage: opts.stage } : {}), ...(opts.auditID ? { auditID: opts.auditID } : {}), userAgent: opts.agent ?? (p.owner ? 'kube-controller-manager/v1.31.2-eks-a737599 (linux/amd64) kubernetes/5864a46/system:serviceaccount:kube-system:replicaset-controller' : undefined),
    uri: `/api/v1/namespaces/${p.namespace}/pods${named ? '?fieldManager=kubectl-run' : ''}`,
    objectRef: podRef(p.namespace, named ? p.name : undefined),
    requestObject: podObject(p, false),
    ...((opts.code ?? 201) < 400 && !opts.stage ? { responseObject: { ...podObject(p, true), metadata: { ...(podObject(p, true).metadata as object), uid: rng.uuid(), creationTimestamp: new Date(at).toISOString().replace(/\.\d+Z$/, 'Z') } } } : {}),
  });
}

export function binding(rng: Rng, namespace: string, pod: string, nodeName: string, at: number): AuditEvent {
  return auditEvent(rng, {
    user: SCHEDULER, verb: 'create', at, code: 201, level: 'Request', userAgent: 'kube-scheduler/v1.31.2 (linux/amd64) kubernetes/5864a46/scheduler',
    uri: `/api/v1/namespaces/${namespace}/pods/${pod}/binding`, objectRef: podRef(namespace, pod, 'binding'),
    requestObject: { kind: 'Binding', apiVersion: 'v1', metadata: { name: pod, namespace }, target: { kind: 'Node', name: nodeName } },
  });
}

export type PodPhase = { phase: 'Running'; ips: string[]; hostIp: string } | { phase: 'Succeeded' | 'Failed'; containers: string[] };

/** The kubelet's pods/status patch: Running with its IPs, or ended with every container terminated. */
export function podStatus(rng: Rng, kubelet: AuditUser, namespace: string, pod: string, at: number, s: PodPhase): AuditEvent {
  const when = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z');
  const status =
    s.phase === 'Running'
      ? { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: when }], phase: 'Running', hostIP: s.hostIp, hostIPs: [{ ip: s.hostIp }], podIP: s.ips[0], podIPs: s.ips.map((ip) => ({ ip })), startTime: when }
      : {
          conditions: [{ type: 'Ready', status: 'False', reason: 'PodCompleted', lastTransitionTime: when }],
          phase: s.phase,
          containerStatuses: s.containers.map((name) => ({ name, ready: false, state: { terminated: { exitCode: s.phase === 'Succeeded' ? 0 : 1, reason: s.phase === 'Succeeded' ? 'Completed' : 'Error', finishedAt: when } } })),
        };
  return auditEvent(rng, {
    user: kubelet, verb: 'patch', at, level: 'Request', userAgent: 'kubelet/v1.31.2-eks-a737599 (linux/amd64) kubernetes/5864a46',
    uri: `/api/v1/namespaces/${namespace}/pods/${pod}/status`, objectRef: podRef(namespace, pod, 'status'),
    requestObject: { metadata: { uid: `uid-${pod}` }, status },
  });
}

export function podDelete(rng: Rng, user: AuditUser, namespace: string, pod: string, at: number, agent?: string): AuditEvent {
  return auditEvent(rng, {
    user, verb: 'delete', at, level: 'Request', ...(agent ? { userAgent: agent } : {}),
    uri: `/api/v1/namespaces/${namespace}/pods/${pod}`, objectRef: podRef(namespace, pod),
    requestObject: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
  });
}

/** URL query encoding of exec arguments, as kubectl sends them (repeated `command=`, `+` for spaces). */
export function execUri(namespace: string, pod: string, container: string, argv: readonly string[]): string {
  const enc = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
  return `/api/v1/namespaces/${namespace}/pods/${pod}/exec?${argv.map((a) => `command=${enc(a)}`).join('&')}&container=${container}&stdin=true&stdout=true&tty=true`;
}

/**
 * A `kubectl exec` session: websocket clients use verb get (101 Switching Protocols); the audit log
 * has ResponseStarted when the stream opens and ResponseComplete when it closes, under one auditID.
 */
export function execSession(rng: Rng, user: AuditUser, namespace: string, pod: string, container: string, argv: readonly string[], start: number, end: number, verb: 'get' | 'create' = 'get'): AuditEvent[] {
  const common = { user, verb, uri: execUri(namespace, pod, container, argv), objectRef: podRef(namespace, pod, 'exec'), code: 101, received: start, auditID: rng.uuid(), sourceIPs: [`198.51.100.${rng.int(2, 250)}`] };
  return [auditEvent(rng, { ...common, at: start + rng.int(20, 90), stage: 'ResponseStarted' }), auditEvent(rng, { ...common, at: end, stage: 'ResponseComplete' })];
}

export function readEvent(rng: Rng, user: AuditUser, verb: 'get' | 'list' | 'watch', resource: string, namespace: string, at: number, agent?: string): AuditEvent {
  const group = ['deployments', 'replicasets', 'daemonsets', 'statefulsets'].includes(resource) ? '/apis/apps/v1' : '/api/v1';
  return auditEvent(rng, { user, verb, at, ...(agent ? { userAgent: agent } : {}), uri: `${group}/namespaces/${namespace}/${resource}${verb === 'watch' ? '?watch=true' : '?limit=500'}`, objectRef: { resource, namespace } });
}
