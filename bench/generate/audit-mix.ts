/**
 * Synthetic EKS audit events (audit.k8s.io/v1 as EKS writes them to CloudWatch Logs),
 * deterministic from a seed. The mix is what a production cluster's audit log mostly is:
 * reads (get/list/watch by controllers, kubelets, Argo CD and people) 78%, lease renewals 8%,
 * core Events 4%, kubelet pod-status patches with the pod IP 4%, scheduler bindings 2%, ordinary
 * deploys (Argo CD patches a Deployment; the ReplicaSet controller creates its pods) 4%.
 * No builds: the throughput figure measures the volume path.
 */
import { Rng } from '../../test/support/rng';

type Json = Record<string, unknown>;

const NAMESPACES = ['web', 'payments', 'monitoring', 'kube-system', 'argocd', 'data'];
const READ_RESOURCES = ['pods', 'configmaps', 'secrets', 'endpoints', 'services', 'nodes', 'deployments', 'replicasets'];
const IMAGES = ['111122223333.dkr.ecr.us-east-1.amazonaws.com/web-frontend:1.42.0', 'docker.io/grafana/grafana:11.3.0', 'quay.io/prometheus/node-exporter:v1.8.2', '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments-api:2.3.0'];

const ARGO = { username: 'system:serviceaccount:argocd:argocd-application-controller', uid: 'e1f2a3b4-0000-4000-8000-0a0b0c0d0e0f', groups: ['system:serviceaccounts', 'system:serviceaccounts:argocd', 'system:authenticated'] };
const SCHEDULER = { username: 'system:kube-scheduler', groups: ['system:authenticated'] };
const RS_CONTROLLER = { username: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] };
const PERSON = {
  username: 'arn:aws:sts::111122223333:assumed-role/dev-readonly/bob',
  uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLEREADONLY',
  groups: ['system:authenticated'],
  extra: { arn: ['arn:aws:sts::111122223333:assumed-role/dev-readonly/bob'], canonicalArn: ['arn:aws:iam::111122223333:role/dev-readonly'], sessionName: ['bob'] },
};

export class AuditMix {
  private readonly rng: Rng;
  private seq = 0;
  private readonly nodes: string[];

  constructor(seed: number) {
    this.rng = new Rng(seed);
    this.nodes = Array.from({ length: 24 }, (_, i) => `ip-10-0-${100 + (i >> 4)}-${20 + (i & 15)}.ec2.internal`);
  }

  private auditId(): string {
    const h = this.rng.hex(24);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${String(++this.seq).padStart(12, '0')}`;
  }

  private nodeUser(node: string): Json {
    return { username: `system:node:${node}`, uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLENODE', groups: ['system:nodes', 'system:authenticated'] };
  }

  private event(atMs: number, verb: string, user: Json, objectRef: Json, uri: string, code: number, extra: Json = {}): Json {
    const stageTimestamp = new Date(atMs).toISOString().replace('Z', '412Z');
    return {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: extra.requestObject ? 'RequestResponse' : 'Metadata',
      auditID: this.auditId(),
      stage: 'ResponseComplete',
      requestURI: uri,
      verb,
      user,
      sourceIPs: ['10.0.100.21'],
      userAgent: 'kube-controller-manager/v1.31.2 (linux/amd64) kubernetes/5864a46',
      objectRef: { apiVersion: 'v1', ...objectRef },
      responseStatus: { metadata: {}, code },
      requestReceivedTimestamp: new Date(atMs - 7).toISOString().replace('Z', '118Z'),
      stageTimestamp,
      annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
      ...extra,
    };
  }

  private podSpec(name: string, ns: string, image: string): Json {
    return {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name, namespace: ns, labels: { app: name.split('-')[0] }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name.split('-')[0]}-7d4b9c`, controller: true }] },
      spec: {
        serviceAccountName: 'default',
        containers: [{ name: 'app', image, ports: [{ containerPort: 8080, protocol: 'TCP' }], resources: { requests: { cpu: '250m', memory: '256Mi' } }, env: [{ name: 'LOG_LEVEL', value: 'info' }] }],
      },
    };
  }

  /** One audit event at `atMs` (epoch ms), as the JSON object the API server writes. */
  next(atMs: number): Json {
    const r = this.rng;
    const x = r.next();
    const ns = r.pick(NAMESPACES);
    const node = r.pick(this.nodes);
    const pod = `app-${r.hex(5)}`;
    if (x < 0.78) {
      const resource = r.pick(READ_RESOURCES);
      const verb = r.pick(['get', 'list', 'watch', 'get', 'list']);
      const user = r.pick([ARGO, this.nodeUser(node), RS_CONTROLLER, PERSON]);
      return this.event(atMs, verb, user, { resource, namespace: ns, ...(verb === 'get' ? { name: pod } : {}) }, `/api/v1/namespaces/${ns}/${resource}${verb === 'get' ? `/${pod}` : '?limit=500'}`, 200);
    }
    if (x < 0.86) {
      return this.event(atMs, 'update', this.nodeUser(node), { resource: 'leases', namespace: 'kube-node-lease', name: node, apiGroup: 'coordination.k8s.io' }, `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node}`, 200);
    }
    if (x < 0.9) {
      return this.event(atMs, 'create', this.nodeUser(node), { resource: 'events', namespace: ns }, `/api/v1/namespaces/${ns}/events`, 201);
    }
    if (x < 0.94) {
      const ip = `10.0.${r.int(110, 150)}.${r.int(2, 250)}`;
      return this.event(atMs, 'patch', this.nodeUser(node), { resource: 'pods', namespace: ns, name: pod, subresource: 'status' }, `/api/v1/namespaces/${ns}/pods/${pod}/status`, 200, {
        level: 'Request',
        requestObject: { metadata: { uid: `uid-${pod}` }, status: { conditions: [{ type: 'Ready', status: 'True' }], podIP: ip, podIPs: [{ ip }], phase: 'Running' } },
      });
    }
    if (x < 0.96) {
      return this.event(atMs, 'create', SCHEDULER, { resource: 'pods', namespace: ns, name: pod, subresource: 'binding' }, `/api/v1/namespaces/${ns}/pods/${pod}/binding`, 201, {
        level: 'Request',
        requestObject: { kind: 'Binding', apiVersion: 'v1', metadata: { name: pod, namespace: ns }, target: { kind: 'Node', name: node } },
      });
    }
    const image = r.pick(IMAGES);
    if (x < 0.98) {
      const name = image.split('/').pop()!.split(':')[0]!;
      return this.event(atMs, 'patch', ARGO, { resource: 'deployments', namespace: ns, name, apiGroup: 'apps', apiVersion: 'v1' }, `/apis/apps/v1/namespaces/${ns}/deployments/${name}`, 200, {
        requestObject: { spec: { template: { spec: { containers: [{ name, image }] } } } },
      });
    }
    return this.event(atMs, 'create', RS_CONTROLLER, { resource: 'pods', namespace: ns }, `/api/v1/namespaces/${ns}/pods`, 201, { requestObject: this.podSpec(pod, ns, image) });
  }
}
