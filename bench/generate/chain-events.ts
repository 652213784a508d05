/**
 * One AN1261 chain per index, in raw AWS formats, for the detection-latency figure: a person runs
 * a kaniko pod in namespace `payments` (build; binding and pod-status give its node and pod IP),
 * the pod opens a connection to an untrusted address on port 4444 (VPC flow log), ECR reports the
 * push, and the person patches a Deployment to the image (deploy). Each chain has its own node,
 * pod IP and image, and starts a minute after the previous one.
 */
import { type CwlEvent, cwlEvent } from '../lib/cwl';
import { AUDIT_LOG_GROUP, AUDIT_LOG_STREAM, FLOW_LOG_GROUP } from '../bench-config';
import { ACCOUNT } from './flow-mix';

const REGION = 'us-east-1';
const REGISTRY = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
const T0 = Date.parse('2026-11-02T02:00:00Z');
const ALICE = {
  username: 'arn:aws:sts::111122223333:assumed-role/dev-admin/alice',
  groups: ['system:authenticated'],
  extra: { arn: ['arn:aws:sts::111122223333:assumed-role/dev-admin/alice'], canonicalArn: ['arn:aws:iam::111122223333:role/dev-admin'], sessionName: ['alice'] },
};
const SCHEDULER = { username: 'system:kube-scheduler', groups: ['system:authenticated'] };

export type ChainStep = 'build' | 'egress' | 'push' | 'deploy';

export interface ChainDelivery {
  step: ChainStep;
  /** What the ingest Lambda receives: a CWL subscription event or an EventBridge event. */
  event: CwlEvent | Record<string, unknown>;
  /** The wall clock when it is delivered (event time plus delivery delay), epoch ms. */
  deliveredMs: number;
}

export interface Chain {
  index: number;
  image: string;
  deliveries: ChainDelivery[];
}

/** Who sent an audited request: kubectl from a workstation unless said otherwise. */
export interface AuditClient {
  sourceIp: string;
  userAgent: string;
}
const KUBECTL: AuditClient = { sourceIp: '203.0.113.10', userAgent: 'kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46' };

/** One EKS audit event (RequestResponse, ResponseComplete) at `atMs`. */
export function auditEvent(id: string, atMs: number, verb: string, user: object, objectRef: object, uri: string, requestObject: object, client: AuditClient = KUBECTL): Record<string, unknown> {
  const iso = new Date(atMs).toISOString();
  return {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'RequestResponse', auditID: id, stage: 'ResponseComplete', requestURI: uri, verb, user,
    sourceIPs: [client.sourceIp], userAgent: client.userAgent, objectRef: { apiVersion: 'v1', ...objectRef },
    responseStatus: { metadata: {}, code: verb === 'create' ? 201 : 200 }, requestObject, requestReceivedTimestamp: iso, stageTimestamp: iso,
  };
}

/** Audit events as one subscription delivery of the bench's audit log group. */
export function auditCwlEvent(events: ReadonlyArray<Record<string, unknown>>): CwlEvent {
  const lines = events.map((e) => ({ timestamp: Date.parse(e.stageTimestamp as string), message: JSON.stringify(e) }));
  return cwlEvent(AUDIT_LOG_GROUP, AUDIT_LOG_STREAM, lines).event;
}

function auditDelivery(step: ChainStep, events: Array<Record<string, unknown>>, deliveredMs: number): ChainDelivery {
  return { step, event: auditCwlEvent(events), deliveredMs };
}

/**
 * Where chain `index` runs: its own node and pod IP. Nodes in 10.0.100.0/22 and up: outside the
 * sample config's approved CI runner CIDR (10.0.200.0/24), which would approve the pods on them
 * through their node's IP.
 */
export function chainPlacement(index: number): { node: string; podIp: string; hi: number; lo: number } {
  const hi = 100 + (index >> 6);
  const lo = 10 + (index & 63);
  return { node: `ip-10-0-${hi}-${lo}.ec2.internal`, podIp: `10.0.${hi + 10}.${lo}`, hi, lo };
}

/** The chain's deliveries in the order given by `lastStep` (that step is delivered last). */
export function chainEvents(index: number, lastStep: 'deploy' | 'push' | 'egress'): Chain {
  const t = T0 + index * 60_000;
  const { node, podIp, hi, lo } = chainPlacement(index);
  const pod = `kaniko-debug-${index}`;
  const repo = `svc-${index}`;
  const image = `${REGISTRY}/${repo}:v1`;
  const id = (n: number) => `7a1b${String(index).padStart(4, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const podRef = (sub?: string) => ({ resource: 'pods', namespace: 'payments', name: pod, ...(sub ? { subresource: sub } : {}) });
  const kaniko = {
    kind: 'Pod', apiVersion: 'v1', metadata: { name: pod, namespace: 'payments' },
    spec: { containers: [{ name: 'kaniko', image: 'gcr.io/kaniko-project/executor:v1.23.2', args: ['--context=git://github.com/alice-x/app.git', `--destination=${image}`] }] },
  };
  const build = auditDelivery('build', [
    auditEvent(id(1), t, 'create', ALICE, podRef(), '/api/v1/namespaces/payments/pods', kaniko),
    auditEvent(id(2), t + 300, 'create', SCHEDULER, podRef('binding'), `/api/v1/namespaces/payments/pods/${pod}/binding`, { kind: 'Binding', apiVersion: 'v1', metadata: { name: pod, namespace: 'payments' }, target: { kind: 'Node', name: node } }),
    auditEvent(id(3), t + 3000, 'patch', { username: `system:node:${node}`, groups: ['system:nodes'] }, podRef('status'), `/api/v1/namespaces/payments/pods/${pod}/status`, { status: { podIP: podIp, podIPs: [{ ip: podIp }], phase: 'Running' } }),
  ], t + 30_000);
  const startSec = Math.floor((t + 10_000) / 1000);
  const flowLine = `5 ${ACCOUNT} eni-0c${String(index).padStart(15, '0')} ${podIp} 185.220.${hi}.${lo} 45672 4444 6 61 48213 ${startSec} ${startSec + 60} ACCEPT OK vpc-0a1b2c3d4e5f60718 subnet-0f1e2d3c4b5a69788 i-0a${String(index).padStart(15, '0')} 2 IPv4 ${podIp} 185.220.${hi}.${lo} ${REGION} use1-az2 - - egress 8`;
  const egress: ChainDelivery = { step: 'egress', event: cwlEvent(FLOW_LOG_GROUP, `eni-0c${index}-all`, [{ timestamp: (startSec + 60) * 1000, message: flowLine }]).event, deliveredMs: (startSec + 120) * 1000 };
  const pushAt = new Date(t + 150_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const push: ChainDelivery = {
    step: 'push',
    event: {
      version: '0', id: `0b8e5c1a-2d3f-4e5a-8b6c-${String(index).padStart(12, '0')}`, 'detail-type': 'ECR Image Action', source: 'aws.ecr', account: ACCOUNT, time: pushAt, region: REGION,
      resources: [`arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${repo}`],
      detail: { result: 'SUCCESS', 'repository-name': repo, 'image-digest': `sha256:${index.toString(16).padStart(64, 'e')}`, 'action-type': 'PUSH', 'image-tag': 'v1' },
    },
    deliveredMs: t + 160_000,
  };
  const deploy = auditDelivery('deploy', [
    auditEvent(id(4), t + 300_000, 'patch', ALICE, { resource: 'deployments', namespace: 'prod', name: repo, apiGroup: 'apps' }, `/apis/apps/v1/namespaces/prod/deployments/${repo}`, { spec: { template: { spec: { containers: [{ name: repo, image }] } } } }),
  ], t + 330_000);
  const rest = { deploy, push, egress };
  const order = (['egress', 'push', 'deploy'] as const).filter((s) => s !== lastStep).map((s) => rest[s]);
  return { index, image, deliveries: [build, ...order, rest[lastStep]] };
}
