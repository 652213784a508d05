/** Random Kubernetes audit events: verbs, resources, pod specs, exec commands, stages, statuses. */
import { hostileValue } from '../hostile';
import type { Rng } from '../rng';
import { command, image, ipv4, isoTime, SOCKETS, word } from './common';

const RESOURCES: Array<[string, string]> = [['pods', ''], ['deployments', 'apps'], ['daemonsets', 'apps'], ['statefulsets', 'apps'], ['replicasets', 'apps'], ['jobs', 'batch'], ['cronjobs', 'batch'], ['bindings', ''], ['secrets', ''], ['configmaps', ''], ['deployments', 'extensions']];
const SUBRESOURCES = ['', '', '', 'exec', 'status', 'binding', 'attach', 'ephemeralcontainers', 'log'];
const VERBS = ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete', 'deletecollection', 'CREATE', ''];
const STAGES = ['ResponseComplete', 'ResponseStarted', 'RequestReceived', 'Panic', 'Other'];
const USERS = ['kubernetes-admin', 'system:serviceaccount:ci:builder', 'system:serviceaccount:kube-system:replicaset-controller', 'system:node:ip-10-0-1-23.ec2.internal', 'system:kube-scheduler', 'alice'];

function container(rng: Rng): Record<string, unknown> {
  const c: Record<string, unknown> = { name: word(rng), image: image(rng) };
  if (rng.chance(0.4)) c.command = command(rng);
  if (rng.chance(0.3)) c.args = command(rng).slice(1);
  if (rng.chance(0.3)) c.securityContext = { privileged: rng.chance(0.7) ? true : hostileValue(rng, 0.01) };
  if (rng.chance(0.4)) c.volumeMounts = [{ name: 'v0', mountPath: rng.pick(SOCKETS) }];
  return c;
}

function podSpec(rng: Rng): Record<string, unknown> {
  const spec: Record<string, unknown> = { containers: Array.from({ length: rng.int(0, 3) }, () => container(rng)) };
  if (rng.chance(0.3)) spec.initContainers = [container(rng)];
  if (rng.chance(0.5)) spec.volumes = [{ name: 'v0', hostPath: { path: rng.pick(SOCKETS), type: rng.pick(['Socket', '', 'Directory']) } }];
  if (rng.chance(0.2)) spec.nodeName = `ip-10-0-${rng.int(0, 9)}-${rng.int(0, 99)}.ec2.internal`;
  return spec;
}

function workload(rng: Rng, resource: string, ns: string, name: string): Record<string, unknown> {
  const meta = { name, namespace: ns, ...(rng.chance(0.2) ? { generateName: name + '-' } : {}), ...(rng.chance(0.3) ? { ownerReferences: [{ kind: rng.pick(['ReplicaSet', 'Job', 'DaemonSet']), name: word(rng) }] } : {}) };
  const spec = podSpec(rng);
  if (resource === 'pods') return { kind: 'Pod', apiVersion: 'v1', metadata: meta, spec };
  if (resource === 'cronjobs') return { kind: 'CronJob', metadata: meta, spec: { jobTemplate: { spec: { template: { spec } } } } };
  return { kind: 'Deployment', metadata: meta, spec: { template: { spec } } };
}

export function auditEvent(rng: Rng, auditIds: string[]): Record<string, unknown> {
  const [resource, apiGroup] = rng.pick(RESOURCES);
  const subresource = resource === 'pods' ? rng.pick(SUBRESOURCES) : '';
  const verb = subresource === 'exec' ? rng.pick(['create', 'get']) : rng.pick(VERBS);
  const ns = rng.chance(0.9) ? rng.pick(['ci', 'payments', 'sandbox', 'default']) : word(rng);
  const name = word(rng);
  const auditID = rng.chance(0.3) && auditIds.length > 0 ? rng.pick(auditIds) : `${rng.hex(8)}-${rng.hex(4)}`;
  auditIds.push(auditID);
  const cmd = command(rng);
  const query = subresource === 'exec' ? '?' + cmd.map((c) => `command=${encodeURIComponent(c)}`).join('&') + '&container=c&stdin=true' : '';
  const e: Record<string, unknown> = {
    kind: 'Event', apiVersion: rng.pick(['audit.k8s.io/v1', 'audit.k8s.io/v1beta1']), level: rng.pick(['Metadata', 'Request', 'RequestResponse']),
    auditID, stage: rng.pick(STAGES), verb,
    requestURI: `/${apiGroup ? 'apis/' + apiGroup + '/v1' : 'api/v1'}/namespaces/${ns}/${resource}/${name}${subresource ? '/' + subresource : ''}${query}`,
    user: { username: rng.pick(USERS), groups: ['system:authenticated'] },
    sourceIPs: [ipv4(rng)],
    objectRef: { resource, namespace: ns, name, apiGroup, apiVersion: 'v1', ...(subresource ? { subresource } : {}) },
    requestReceivedTimestamp: isoTime(rng), stageTimestamp: isoTime(rng),
  };
  if (rng.chance(0.7)) e.responseStatus = { code: rng.pick([200, 201, 101, 403, 404, 409, 500]), ...(rng.chance(0.1) ? { status: 'Failure' } : {}) };
  if (subresource === 'binding') e.requestObject = { kind: 'Binding', target: { kind: 'Node', name: `ip-10-0-1-${rng.int(0, 99)}.ec2.internal` } };
  else if (subresource === 'status') e.requestObject = { status: { phase: rng.pick(['Running', 'Succeeded', 'Failed', 'Pending']), podIP: ipv4(rng), hostIP: ipv4(rng), podIPs: [{ ip: ipv4(rng) }], containerStatuses: [{ name: 'c', state: rng.pick([{ terminated: { exitCode: 0 } }, { running: {} }]) }] } };
  else if (rng.chance(0.8)) e.requestObject = verb === 'patch' && rng.chance(0.3) ? [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: image(rng) }] : workload(rng, resource, ns, name);
  if (rng.chance(0.3)) e.responseObject = workload(rng, resource, ns, name);
  if (rng.chance(0.1)) delete e.apiVersion;
  return e;
}

/** One document: an event, an EventList, a JSON array of events, or JSON lines. */
export function eksAuditDocument(rng: Rng): string {
  const ids: string[] = [];
  const events = Array.from({ length: rng.int(1, 6) }, () => auditEvent(rng, ids));
  switch (rng.int(0, 3)) {
    case 0: return JSON.stringify(events[0]);
    case 1: return JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: events.map((e) => (rng.chance(0.5) ? { ...e, kind: undefined } : e)) });
    case 2: return JSON.stringify(events);
    default: return events.map((e) => JSON.stringify(e)).join('\n');
  }
}
