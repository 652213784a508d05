/**
 * The chains a chaos run drives through the deployed path, as each trigger hands them to its Lambda:
 * EKS audit and flow logs as CloudWatch Logs subscription payloads (flow logs also as Kinesis
 * records of the CWL → Kinesis path), ECR pushes as EventBridge events. One chain per index, a
 * minute apart, each on its own node, pod IP and image (bench/generate/chain-events.ts), of four
 * kinds drawn from the seed:
 *
 * - `attack`: a person runs a kaniko pod in `payments`, it reaches an untrusted address on 4444,
 *   ECR reports the push, the person patches a Deployment to the image (the last step varies);
 * - `ci`: the CI service account builds with kaniko in the approved `ci` namespace, pushes, and Argo
 *   CD deploys the image (approved: no page);
 * - `agent`: a monitoring DaemonSet pod mounts the Docker socket and talks to its SaaS intake on 443
 *   (a capability, not a build: no page);
 * - `gitops`: Argo CD rolls a Deployment to a public image nobody built here (no chain).
 *
 * Deterministic: the same seed and count give the same deliveries.
 */
import { gunzipSync } from 'node:zlib';
import type { CloudWatchLogsEvent, EventBridgeEvent } from 'aws-lambda';
import { FLOW_LOG_GROUP } from '../bench/bench-config';
import { cwlEvent } from '../bench/lib/cwl';
import { type AuditClient, auditCwlEvent, auditEvent, chainEvents, chainPlacement } from '../bench/generate/chain-events';
import { ACCOUNT } from '../bench/generate/flow-mix';
import type { CwlPayload } from '../lambdas/core/envelopes/cwl-payload';
import { Rng } from './rng';

export type ChainKind = 'attack' | 'ci' | 'agent' | 'gitops';
/** The Lambda a delivery goes to (its trigger follows from it). */
export type Target = 'eks-audit' | 'flow-logs' | 'flow-logs-stream' | 'ecr-events';

export type ChaosDelivery =
  | { readonly chain: number; readonly at: number; readonly target: 'eks-audit' | 'flow-logs'; readonly event: CloudWatchLogsEvent }
  | { readonly chain: number; readonly at: number; readonly target: 'flow-logs-stream'; readonly payload: CwlPayload }
  | { readonly chain: number; readonly at: number; readonly target: 'ecr-events'; readonly event: EventBridgeEvent<string, unknown> };

export interface ChaosChain {
  readonly index: number;
  readonly kind: ChainKind;
  readonly deliveries: readonly ChaosDelivery[];
}

const REGION = 'us-east-1';
const REGISTRY = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
const T0 = Date.parse('2026-11-02T02:00:00Z');
/** The first delivery of any chain is at or after this (epoch ms). */
export const CHAINS_START_MS = T0;
const CI_RUNNER = { username: 'system:serviceaccount:ci:gitlab-runner', groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'] };
const ARGO = { username: 'system:serviceaccount:argocd:argocd-application-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:argocd', 'system:authenticated'] };
const DAEMONSET_CONTROLLER = { username: 'system:serviceaccount:kube-system:daemon-set-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] };
const SCHEDULER = { username: 'system:kube-scheduler', groups: ['system:authenticated'] };
/** Mix of kinds: mostly attacks (the findings to compare), with the benign life around them. */
const KIND_WEIGHTS: ReadonlyArray<readonly [ChainKind, number]> = [
  ['attack', 0.55],
  ['ci', 0.2],
  ['agent', 0.15],
  ['gitops', 0.1],
];

export function decodeCwlEvent(event: CloudWatchLogsEvent): CwlPayload {
  return JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as CwlPayload;
}

/** A request from inside the cluster (controllers, kubelet, Argo CD). */
const inCluster = (userAgent: string): AuditClient => ({ sourceIp: '10.0.3.17', userAgent });

/** Audit events of chain `chain` as one CloudWatch Logs subscription delivery to eks-audit at `at`. */
function auditDelivery(chain: number, events: ReadonlyArray<Record<string, unknown>>, at: number): ChaosDelivery {
  return { chain, at, target: 'eks-audit', event: auditCwlEvent(events) };
}

/** A flow record (the sample config's custom v5 format) from `src` to `dst:port`, through CWL or Kinesis. */
function flowDelivery(chain: number, rng: Rng, src: string, dst: string, port: number, startMs: number): ChaosDelivery {
  const start = Math.floor(startMs / 1000);
  const eni = `eni-0d${String(chain).padStart(15, '0')}`;
  const line = `5 ${ACCOUNT} ${eni} ${src} ${dst} 45672 ${port} 6 61 48213 ${start} ${start + 60} ACCEPT OK vpc-0a1b2c3d4e5f60718 subnet-0f1e2d3c4b5a69788 i-0b${String(chain).padStart(15, '0')} 2 IPv4 ${src} ${dst} ${REGION} use1-az2 - - egress 8`;
  const event = cwlEvent(FLOW_LOG_GROUP, `${eni}-all`, [{ timestamp: (start + 60) * 1000, message: line }]).event;
  const at = (start + 120) * 1000;
  return rng.chance(0.5) ? { chain, at, target: 'flow-logs', event } : { chain, at, target: 'flow-logs-stream', payload: decodeCwlEvent(event) };
}

function pushEvent(chain: number, repo: string, tag: string, atMs: number): ChaosDelivery {
  const time = new Date(atMs).toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    chain,
    at: atMs + 10_000,
    target: 'ecr-events',
    event: {
      version: '0', id: `0c9e5c1a-2d3f-4e5a-8b6c-${String(chain).padStart(12, '0')}`, 'detail-type': 'ECR Image Action', source: 'aws.ecr', account: ACCOUNT, time, region: REGION,
      resources: [`arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${repo}`],
      detail: { result: 'SUCCESS', 'repository-name': repo, 'image-digest': `sha256:${chain.toString(16).padStart(64, 'c')}`, 'action-type': 'PUSH', 'image-tag': tag },
    },
  };
}

function podLifecycle(i: number, t: number, ns: string, pod: string, creator: object, podObject: object, id: (n: number) => string): Array<Record<string, unknown>> {
  const { node, podIp } = chainPlacement(i);
  const ref = (sub?: string) => ({ resource: 'pods', namespace: ns, name: pod, ...(sub ? { subresource: sub } : {}) });
  return [
    auditEvent(id(1), t, 'create', creator, ref(), `/api/v1/namespaces/${ns}/pods`, podObject, inCluster('kube-controller-manager/v1.31.2')),
    auditEvent(id(2), t + 300, 'create', SCHEDULER, ref('binding'), `/api/v1/namespaces/${ns}/pods/${pod}/binding`, { kind: 'Binding', apiVersion: 'v1', metadata: { name: pod, namespace: ns }, target: { kind: 'Node', name: node } }, inCluster('kube-scheduler/v1.31.2')),
    auditEvent(id(3), t + 3000, 'patch', { username: `system:node:${node}`, groups: ['system:nodes'] }, ref('status'), `/api/v1/namespaces/${ns}/pods/${pod}/status`, { status: { podIP: podIp, podIPs: [{ ip: podIp }], phase: 'Running' } }, inCluster(`kubelet/v1.31.2 (linux/amd64)`)),
  ];
}

function ciChain(i: number, rng: Rng): ChaosDelivery[] {
  const t = T0 + i * 60_000;
  const id = (n: number) => `c1b2${String(i).padStart(4, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const repo = `ci-svc-${i}`;
  const tag = `build-${1000 + i}`;
  const pod = `kaniko-build-${i}`;
  const kaniko = {
    kind: 'Pod', apiVersion: 'v1', metadata: { name: pod, namespace: 'ci' },
    spec: { containers: [{ name: 'kaniko', image: 'gcr.io/kaniko-project/executor:v1.23.2', args: ['--context=dir:///workspace', `--destination=${REGISTRY}/${repo}:${tag}`] }] },
  };
  const { podIp } = chainPlacement(i);
  const image = `${REGISTRY}/${repo}:${tag}`;
  return [
    auditDelivery(i, podLifecycle(i, t, 'ci', pod, CI_RUNNER, kaniko, id), t + 30_000),
    flowDelivery(i, rng, podIp, '52.94.133.131', 443, t + 10_000),
    pushEvent(i, repo, tag, t + 150_000),
    auditDelivery(i, [auditEvent(id(4), t + 240_000, 'patch', ARGO, { resource: 'deployments', namespace: 'shop', name: repo, apiGroup: 'apps' }, `/apis/apps/v1/namespaces/shop/deployments/${repo}`, { spec: { template: { spec: { containers: [{ name: repo, image }] } } } }, inCluster('argocd-application-controller/v2.13.1'))], t + 270_000),
  ];
}

function agentChain(i: number, rng: Rng): ChaosDelivery[] {
  const t = T0 + i * 60_000;
  const id = (n: number) => `a9e3${String(i).padStart(4, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const pod = `datadog-agent-${rng.str(5, 5, 'bcdfghjklmnpqrstvwxz2456789')}`;
  const agent = {
    kind: 'Pod', apiVersion: 'v1', metadata: { name: pod, namespace: 'monitoring', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'datadog-agent', uid: 'a1b2c3d4-0000-4000-8000-00000000da7a', controller: true }] },
    spec: {
      containers: [{ name: 'agent', image: 'gcr.io/datadoghq/agent:7.58.2', volumeMounts: [{ name: 'dockersocket', mountPath: '/host/var/run/docker.sock', readOnly: true }] }],
      volumes: [{ name: 'dockersocket', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } }],
    },
  };
  const { podIp } = chainPlacement(i);
  return [auditDelivery(i, podLifecycle(i, t, 'monitoring', pod, DAEMONSET_CONTROLLER, agent, id), t + 30_000), flowDelivery(i, rng, podIp, `3.233.${150 + (i & 63)}.${10 + (i >> 6)}`, 443, t + 10_000)];
}

function gitopsChain(i: number): ChaosDelivery[] {
  const t = T0 + i * 60_000;
  const id = `d7f4${String(i).padStart(4, '0')}-0000-4000-8000-000000000001`;
  const name = `web-${i}`;
  return [
    auditDelivery(i, [auditEvent(id, t, 'patch', ARGO, { resource: 'deployments', namespace: 'web', name, apiGroup: 'apps' }, `/apis/apps/v1/namespaces/web/deployments/${name}`, { spec: { template: { spec: { containers: [{ name, image: 'docker.io/library/nginx:1.27.3' }] } } } }, inCluster('argocd-application-controller/v2.13.1'))], t + 30_000),
  ];
}

function attackChain(i: number, rng: Rng): ChaosDelivery[] {
  const chain = chainEvents(i, rng.pick(['deploy', 'push', 'egress'] as const));
  return chain.deliveries.map((d): ChaosDelivery => {
    if (d.step === 'push') return { chain: i, at: d.deliveredMs, target: 'ecr-events', event: d.event as unknown as EventBridgeEvent<string, unknown> };
    const event = d.event as CloudWatchLogsEvent;
    if (d.step === 'egress') return rng.chance(0.5) ? { chain: i, at: d.deliveredMs, target: 'flow-logs', event } : { chain: i, at: d.deliveredMs, target: 'flow-logs-stream', payload: decodeCwlEvent(event) };
    return { chain: i, at: d.deliveredMs, target: 'eks-audit', event };
  });
}

function kindOf(rng: Rng): ChainKind {
  let x = rng.next();
  for (const [kind, w] of KIND_WEIGHTS) {
    if (x < w) return kind;
    x -= w;
  }
  return 'attack';
}

/** `count` chains from `seed` (at most 4096: one node and pod IP each). */
export function chaosChains(seed: number, count: number): ChaosChain[] {
  if (!Number.isInteger(count) || count < 1 || count > 4096) throw new RangeError(`chains must be an integer in [1, 4096], got ${count}`);
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const kind = kindOf(rng);
    const deliveries = kind === 'attack' ? attackChain(i, rng) : kind === 'ci' ? ciChain(i, rng) : kind === 'agent' ? agentChain(i, rng) : gitopsChain(i);
    return { index: i, kind, deliveries };
  });
}
