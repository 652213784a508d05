/**
 * Ordinary cluster activity added to every scenario, on nodes of its own (subnets 10.0.10–60):
 * a monitoring DaemonSet with docker.sock and its SaaS egress, kube-system reads, bindings and kubelet
 * status, image pulls over S3 and the ECR API, CoreDNS and east-west traffic, inbound replies, Argo CD
 * and Flux deploys of CI-built images (pushed by the CI role), node scale-out, job completions and deletes.
 */
import { AGENTS, type Agent } from './agents';
import { REGISTRY } from './base-config';
import { type Env, MIN, type Node } from './env';
import { controller, serviceAccount } from './formats/eks-audit';
import { podDelete, podStatus, readEvent } from './formats/k8s';

export interface NoiseOptions {
  nodes?: number;
  /** Window in minutes relative to t0. */
  from?: number;
  to?: number;
  /** Agents to run on every noise node (default: Datadog only). */
  agents?: Agent[];
  deploys?: number;
  scaleOut?: number;
}

const ARGO = serviceAccount('argocd', 'argocd-application-controller');
const FLUX = serviceAccount('flux-system', 'kustomize-controller');
const APPS = ['checkout', 'catalog', 'search-api', 'notifier', 'ledger', 'web-frontend', 'inventory', 'recommender'];

/** Runs `agent` on `node`: its pod (created by the DaemonSet controller) and its SaaS traffic over the window. */
export function runAgent(env: Env, agent: Agent, node: Node, created: number, from: number, to: number): void {
  const name = `${agent.daemonSet}-${env.rng.suffix()}`;
  const pod = { namespace: agent.namespace, name, containers: agent.containers, hostPaths: agent.hostPaths, owner: { kind: 'DaemonSet', name: agent.daemonSet }, serviceAccount: agent.daemonSet, ...(agent.hostNetwork ? { hostNetwork: true } : {}) };
  const [ip] = env.runPod(controller('daemon-set-controller'), pod, node, created);
  if (!agent.saas) return;
  for (let t = from + env.rng.int(0, 4) * MIN; t < to; t += env.rng.int(6, 14) * MIN) {
    env.connect(node, ip!, `${agent.saas.prefix}.${env.rng.int(2, 250)}`, agent.saas.port, t, { bytes: env.rng.int(4_000, 90_000), ...(agent.saas.service ? { service: agent.saas.service } : {}) });
  }
}

function appPod(env: Env, app: string, tag: string, node: Node, at: number, rs: string): string {
  const name = `${rs}-${env.rng.suffix()}`;
  env.runPod(controller('replicaset-controller'), { namespace: 'apps', name, owner: { kind: 'ReplicaSet', name: rs }, containers: [{ name: app, image: `${REGISTRY}/${app}:${tag}` }] }, node, at);
  return name;
}

/** CI pushes an image (CloudTrail by the CI role + the ECR event), then Argo CD or Flux rolls it out. */
function ciDeploy(env: Env, nodes: Node[], at: number): void {
  const app = env.rng.pick(APPS);
  const tag = `${env.rng.int(1, 3)}.${env.rng.int(0, 40)}.${env.rng.int(0, 9)}`;
  const digest = env.ecrPush(app, tag, at);
  env.putImage({ type: 'AssumedRole', account: env.account, role: 'ci-build-main', session: `gitlab-ci-${env.rng.int(100000, 999999)}` }, app, tag, digest, at - env.rng.int(500, 3000));
  const flux = env.rng.chance(0.4);
  const deployAt = at + env.rng.int(3, 25) * MIN;
  env.deploy(flux ? FLUX : ARGO, { kind: 'Deployment', namespace: 'apps', name: app, verb: 'apply', at: deployAt, agent: flux ? 'kustomize-controller/v1.4.0' : 'argocd-application-controller/v2.13.1', pod: { containers: [{ name: app, image: `${REGISTRY}/${app}:${tag}` }] } });
  const rs = `${app}-${env.rng.hex(9).slice(0, 9)}`;
  env.deploy(controller('deployment-controller'), { kind: 'ReplicaSet', namespace: 'apps', name: rs, verb: 'create', at: deployAt + 400, pod: { containers: [{ name: app, image: `${REGISTRY}/${app}:${tag}` }] } });
  for (let i = 0; i < 2; i++) {
    const node = env.rng.pick(nodes);
    appPod(env, app, tag, node, deployAt + 900 + i * 300, rs);
    pulls(env, node, deployAt + MIN);
  }
}

/** An image pull: the ECR API (AMAZON: untrusted, but no build) and the layers from S3 (trusted). */
export function pulls(env: Env, node: Node, at: number): void {
  env.connect(node, node.ip, `52.46.${env.rng.int(128, 191)}.${env.rng.int(2, 250)}`, 443, at, { bytes: env.rng.int(8_000, 40_000), service: 'AMAZON' });
  env.connect(node, node.ip, `52.216.${env.rng.int(0, 255)}.${env.rng.int(2, 250)}`, 443, at + 2000, { bytes: env.rng.int(5e6, 9e7), service: 'S3' });
}

export function addNoise(env: Env, o: NoiseOptions = {}): Node[] {
  const rng = env.rng;
  const from = env.at(o.from ?? -15);
  const to = env.at(o.to ?? 25);
  const nodes = Array.from({ length: o.nodes ?? rng.int(3, 5) }, () => env.node(rng.int(10, 60)));
  const agents = o.agents ?? [AGENTS[0]!];
  for (const node of nodes) for (const a of agents) runAgent(env, a, node, from - rng.int(30, 600) * MIN, from, to);
  // CoreDNS and the reads every control loop makes.
  const dns = env.podIp(nodes[0]!);
  for (let t = from; t < to; t += rng.int(2, 5) * MIN) {
    const node = rng.pick(nodes);
    env.connect(node, env.podIp(node), dns, 53, t, { protocol: 17, bytes: rng.int(200, 3000) });
    env.connect(node, env.podIp(node), env.podIp(rng.pick(nodes)), rng.pick([8080, 5432, 6379, 9090]), t + 5000, { bytes: rng.int(1e4, 1e6) });
    env.audit.push(readEvent(rng, rng.pick([controller('endpointslice-controller'), serviceAccount('kube-system', 'coredns'), serviceAccount('kube-system', 'aws-node'), ARGO]), rng.pick(['get', 'list', 'watch']), rng.pick(['pods', 'endpoints', 'configmaps', 'deployments']), rng.pick(['kube-system', 'apps', 'argocd']), t + 9000));
    // An internet client's request answered by an ingress node: the reply is not egress.
    const lb = rng.pick(nodes);
    env.flows.push({ eni: lb.eni, instanceId: lb.instanceId, src: lb.ip, dst: rng.publicIp(['73.162.20', '98.207.33', '24.5.113']), srcPort: 443, dstPort: rng.int(49152, 65535), protocol: 6, packets: 40, bytes: 52_000, start: t, end: t + MIN, tcpFlags: 19, direction: 'egress' });
  }
  for (let i = 0; i < (o.deploys ?? 2); i++) ciDeploy(env, nodes, from + rng.int(0, Math.max(1, (to - from) / MIN - 30)) * MIN);
  // A nightly job finishes and is cleaned up.
  const jobNode = rng.pick(nodes);
  const job = `report-gen-${rng.int(28000000, 29000000)}-${rng.suffix()}`;
  const jobAt = from + rng.int(1, 10) * MIN;
  env.runPod(controller('job-controller'), { namespace: 'apps', name: job, owner: { kind: 'Job', name: job.slice(0, job.lastIndexOf('-')) }, restartPolicy: 'Never', containers: [{ name: 'report', image: `${REGISTRY}/report-gen:2.1.0` }] }, jobNode, jobAt);
  env.audit.push(podStatus(rng, jobNode.kubelet, 'apps', job, jobAt + 4 * MIN, { phase: 'Succeeded', containers: ['report'] }));
  env.audit.push(podDelete(rng, controller('ttl-after-finished-controller'), 'apps', job, jobAt + 9 * MIN));
  // Scale-out: new nodes join and get their DaemonSet pods.
  for (let i = 0; i < (o.scaleOut ?? 1); i++) {
    const node = env.node(rng.int(10, 60));
    const joined = from + rng.int(5, 20) * MIN;
    for (const a of agents) runAgent(env, a, node, joined + rng.int(20, 60) * 1000, joined, to);
    pulls(env, node, joined);
    nodes.push(node);
  }
  return nodes;
}
