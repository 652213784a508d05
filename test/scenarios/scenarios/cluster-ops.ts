/** Benign: what clusters do all day — monitoring DaemonSets with runtime sockets, pulls, GitOps deploys, scale-out, HPA churn, jobs. */
import { AGENTS } from '../agents';
import { REGISTRY } from '../base-config';
import { MIN } from '../env';
import { otherRecord } from '../formats/cloudtrail';
import { controller, serviceAccount } from '../formats/eks-audit';
import { podDelete, podStatus } from '../formats/k8s';
import { scalePatch } from '../formats/workloads';
import { pulls, runAgent } from '../noise';
import type { Scenario } from '../types';
import { person, world } from './helpers';

const ARGO = serviceAccount('argocd', 'argocd-application-controller');
const RS = controller('replicaset-controller');

export const CLUSTER_OPS: Scenario[] = [
  {
    name: 'monitoring-daemonsets',
    kind: 'benign',
    description: 'Datadog, Sysdig, cAdvisor and Falco DaemonSets (docker.sock / containerd.sock / /var/run mounts, two privileged) roll out (Datadog on a fleet of 50–54 nodes, the others on its legacy node group) and report to their SaaS endpoints.',
    build(rng, t0) {
      const env = world(rng, t0, { noise: { agents: [] } });
      for (const a of AGENTS) env.deploy(ARGO, { kind: 'DaemonSet', namespace: a.namespace, name: a.daemonSet, verb: 'apply', at: env.at(-10), agent: 'argocd-application-controller/v2.13.1', pod: { containers: a.containers, hostPaths: a.hostPaths, ...(a.hostNetwork ? { hostNetwork: true } : {}) } });
      // Datadog on every node of the fleet; Sysdig, cAdvisor and Falco on its legacy node group.
      const fleet = Array.from({ length: rng.int(50, 54) }, () => env.node(rng.int(100, 180)));
      const legacy = fleet.slice(0, rng.int(8, 12));
      for (const a of AGENTS) for (const node of a.daemonSet === 'datadog-agent' ? fleet : legacy) runAgent(env, a, node, env.at(-9 + rng.next() * 6), env.at(-2), env.at(6));
      return env.files();
    },
    expected: [],
  },
  {
    name: 'image-pulls-s3-ecr',
    kind: 'benign',
    description: 'New pods pull CI-built images: ECR API calls over AMAZON addresses (untrusted, but no build) and layers from S3 (trusted); CloudTrail shows the pulls.',
    build(rng, t0) {
      const env = world(rng, t0);
      const nodes = [env.node(rng.int(10, 60)), env.node(rng.int(10, 60)), env.node(rng.int(10, 60))];
      for (let i = 0; i < 10; i++) {
        const node = rng.pick(nodes);
        const at = env.at(i * 1.5);
        const app = rng.pick(['checkout', 'search-api', 'ledger']);
        env.runPod(RS, { namespace: 'apps', name: `${app}-7d9f${rng.hex(4)}-${rng.suffix()}`, owner: { kind: 'ReplicaSet', name: `${app}-7d9f${rng.hex(4)}` }, containers: [{ name: app, image: `${REGISTRY}/${app}:3.${i}.0` }] }, node, at);
        pulls(env, node, at + 2000);
        env.trail.push(otherRecord(rng, { type: 'AssumedRole', account: env.account, role: 'eks-node-role', session: node.instanceId }, at + 2500, app));
      }
      return env.files();
    },
    expected: [],
  },
  {
    name: 'argo-flux-deploys',
    kind: 'benign',
    description: 'A busy hour of GitOps: CI pushes (CI role) and Argo CD / Flux roll out eight releases; controllers create the ReplicaSets and pods.',
    build(rng, t0) {
      return world(rng, t0, { noise: { deploys: 8, from: -10, to: 50 } }).files();
    },
    expected: [],
  },
  {
    name: 'node-scale-out',
    kind: 'benign',
    description: 'Karpenter adds twelve nodes: new instance ids in flow logs, DaemonSet pods (Datadog with docker.sock, Falco) bound and reported, images pulled.',
    build(rng, t0) {
      return world(rng, t0, { noise: { scaleOut: 12, agents: [AGENTS[0]!, AGENTS[3]!] } }).files();
    },
    expected: [],
  },
  {
    name: 'hpa-replicaset-churn',
    kind: 'benign',
    description: 'The HPA scales a Deployment up and down; the ReplicaSet controller creates and deletes pods, the scheduler binds them, kubelets report them.',
    build(rng, t0) {
      const env = world(rng, t0);
      const nodes = [env.node(rng.int(10, 60)), env.node(rng.int(10, 60))];
      const rs = `checkout-6c8b${rng.hex(5)}`;
      const pods: Array<{ name: string; node: (typeof nodes)[number] }> = [];
      for (let i = 0; i < 12; i++) {
        const at = env.at(i * 2);
        env.audit.push(scalePatch(rng, controller('horizontal-pod-autoscaler'), 'apps', 'checkout', 3 + (i % 5), at));
        if (i % 3 === 2 && pods.length > 2) {
          const gone = pods.shift()!;
          env.audit.push(podDelete(rng, RS, 'apps', gone.name, at + 1000));
        } else {
          const name = `${rs}-${rng.suffix()}`;
          const node = rng.pick(nodes);
          env.runPod(RS, { namespace: 'apps', name, owner: { kind: 'ReplicaSet', name: rs }, containers: [{ name: 'checkout', image: `${REGISTRY}/checkout:4.12.0` }] }, node, at + 1000);
          pods.push({ name, node });
        }
      }
      return env.files();
    },
    expected: [],
  },
  {
    name: 'pod-deletes-job-completions',
    kind: 'benign',
    description: 'CronJob runs complete (job-controller pods, Succeeded, cleaned up by the TTL controller) and people delete stuck pods.',
    build(rng, t0) {
      const env = world(rng, t0);
      const node = env.node(rng.int(10, 60));
      for (let i = 0; i < 4; i++) {
        const job = `nightly-export-${29000000 + i * 30}`;
        const pod = `${job}-${rng.suffix()}`;
        const at = env.at(i * 5);
        env.deploy(controller('cronjob-controller'), { kind: 'Job', namespace: 'data', name: job, verb: 'create', at, pod: { restartPolicy: 'Never', containers: [{ name: 'export', image: `${REGISTRY}/exporter:1.4.2` }] } });
        env.runPod(controller('job-controller'), { namespace: 'data', name: pod, owner: { kind: 'Job', name: job }, restartPolicy: 'Never', containers: [{ name: 'export', image: `${REGISTRY}/exporter:1.4.2` }] }, node, at + 800);
        env.audit.push(podStatus(rng, node.kubelet, 'data', pod, at + 3 * MIN, { phase: i === 2 ? 'Failed' : 'Succeeded', containers: ['export'] }));
        env.audit.push(podDelete(rng, i === 3 ? person(env) : controller('ttl-after-finished-controller'), 'data', pod, at + 4 * MIN));
      }
      return env.files();
    },
    expected: [],
  },
];
