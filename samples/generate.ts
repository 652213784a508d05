/**
 * Writes the bundled sample scenario (samples/logs) in raw AWS formats. Deterministic: run
 * `npx tsx samples/generate.ts` to regenerate. The scenario, on prod-cluster (account
 * 111122223333, us-east-1), Monday 2026-11-02:
 *  - ATTACK: alice runs a kaniko pod in namespace `payments` that builds payments-api:v2.3.1-hotfix
 *    from a personal git repo, the pod talks to 185.220.101.47:4444, the image is pushed to ECR
 *    and alice patches Deployment prod/payments-api to it — one CRITICAL finding.
 *  - APPROVED: the CI service account builds web-frontend:1.42.0 in namespace `ci`, pushes it,
 *    Argo CD deploys it; a CI runner instance builds with dockerd — silent.
 *  - NOISE: reads, ordinary deploys, a denied privileged pod, internal and S3 traffic, and a
 *    Datadog agent DaemonSet whose pods mount /var/run/docker.sock and talk to their SaaS intake
 *    (a capability, not a build: silent).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const OUT = join(__dirname, 'logs');
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const REGISTRY = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
const day = '2026-11-02';
const t = (hms: string, frac = '000000') => `${day}T${hms}.${frac}Z`;
const ms = (iso: string) => Date.parse(iso);
let auditSeq = 0;
const auditId = () => `5f0c${(++auditSeq).toString(16).padStart(4, '0')}-1c2d-4e5f-8a9b-0c1d2e3f4a5b`;

const ALICE = {
  username: 'arn:aws:sts::111122223333:assumed-role/dev-admin/alice',
  uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLEDEVADMIN',
  groups: ['system:authenticated'],
  extra: {
    accessKeyId: ['ASIAEXAMPLEALICE0001'],
    arn: ['arn:aws:sts::111122223333:assumed-role/dev-admin/alice'],
    canonicalArn: ['arn:aws:iam::111122223333:role/dev-admin'],
    principalId: ['AROAEXAMPLEDEVADMIN'],
    sessionName: ['alice'],
  },
};
const CI_SA = { username: 'system:serviceaccount:ci:kaniko-builder', uid: 'b3c0b5a1-0c4e-4d0e-9a43-1d1f0e2a7c10', groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'] };
const ARGO = { username: 'system:serviceaccount:argocd:argocd-application-controller', uid: 'e1f2a3b4-0000-4000-8000-0a0b0c0d0e0f', groups: ['system:serviceaccounts', 'system:serviceaccounts:argocd', 'system:authenticated'] };
const SCHEDULER = { username: 'system:kube-scheduler', groups: ['system:authenticated'] };
const node = (name: string) => ({ username: `system:node:${name}`, uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLENODE', groups: ['system:nodes', 'system:authenticated'], extra: { arn: ['arn:aws:sts::111122223333:assumed-role/eks-node-role/i-0a1b2c3d4e5f60718'], canonicalArn: ['arn:aws:iam::111122223333:role/eks-node-role'], sessionName: ['i-0a1b2c3d4e5f60718'] } });

interface AuditArgs {
  user: object;
  verb: string;
  uri: string;
  objectRef: Record<string, string>;
  code: number;
  at: string;
  requestObject?: object;
  level?: string;
  userAgent?: string;
}

function audit(a: AuditArgs): object {
  const received = new Date(ms(a.at) - 23).toISOString().replace('Z', '114Z');
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: a.level ?? (a.requestObject ? 'RequestResponse' : 'Metadata'),
    auditID: auditId(),
    stage: 'ResponseComplete',
    requestURI: a.uri,
    verb: a.verb,
    user: a.user,
    sourceIPs: ['203.0.113.10'],
    userAgent: a.userAgent ?? 'kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46',
    objectRef: { apiVersion: 'v1', ...a.objectRef },
    responseStatus: a.code < 400 ? { metadata: {}, code: a.code } : { metadata: {}, status: 'Failure', message: 'forbidden', reason: 'Forbidden', code: a.code },
    ...(a.requestObject ? { requestObject: a.requestObject } : {}),
    requestReceivedTimestamp: received,
    stageTimestamp: a.at,
    annotations: { 'authorization.k8s.io/decision': a.code === 403 ? 'forbid' : 'allow', 'authorization.k8s.io/reason': '' },
  };
}

function kanikoPod(namespace: string, name: string, destination: string, context: string, sa = 'default') {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      serviceAccountName: sa,
      restartPolicy: 'Never',
      containers: [
        {
          name: 'kaniko',
          image: 'gcr.io/kaniko-project/executor:v1.23.2',
          args: [`--context=${context}`, '--dockerfile=Dockerfile', `--destination=${destination}`],
          volumeMounts: [{ name: 'docker-config', mountPath: '/kaniko/.docker' }],
        },
      ],
      volumes: [{ name: 'docker-config', secret: { secretName: 'ecr-push' } }],
    },
  };
}

const podRef = (namespace: string, name: string, subresource?: string) => ({ resource: 'pods', namespace, name, ...(subresource ? { subresource } : {}) });

function binding(ns: string, pod: string, nodeName: string, at: string) {
  return audit({ user: SCHEDULER, verb: 'create', uri: `/api/v1/namespaces/${ns}/pods/${pod}/binding`, objectRef: podRef(ns, pod, 'binding'), code: 201, at, level: 'Request', userAgent: 'kube-scheduler/v1.31.2', requestObject: { kind: 'Binding', apiVersion: 'v1', metadata: { name: pod, namespace: ns }, target: { kind: 'Node', name: nodeName } } });
}

function podStatus(ns: string, pod: string, nodeName: string, ip: string, at: string) {
  return audit({ user: node(nodeName), verb: 'patch', uri: `/api/v1/namespaces/${ns}/pods/${pod}/status`, objectRef: podRef(ns, pod, 'status'), code: 200, at, level: 'Request', userAgent: 'kubelet/v1.31.2-eks-a737599', requestObject: { metadata: { uid: `uid-${pod}` }, status: { conditions: [{ type: 'Ready', status: 'True' }], podIP: ip, podIPs: [{ ip }], phase: 'Running' } } });
}

function deploymentPatch(user: object, ns: string, name: string, image: string, at: string, agent?: string) {
  return audit({ user, verb: 'patch', uri: `/apis/apps/v1/namespaces/${ns}/deployments/${name}?fieldManager=kubectl-set`, objectRef: { resource: 'deployments', namespace: ns, name, apiGroup: 'apps', apiVersion: 'v1' }, code: 200, at, ...(agent ? { userAgent: agent } : {}), requestObject: { spec: { template: { spec: { containers: [{ name, image }] } } } } });
}

const DS_CONTROLLER = { username: 'system:serviceaccount:kube-system:daemon-set-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] };

/** A Datadog agent pod as the DaemonSet controller creates it: docker.sock mounted to read container metadata. */
function datadogAgentPod(name: string) {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name, generateName: 'datadog-agent-', namespace: 'datadog', labels: { app: 'datadog-agent' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'datadog-agent', uid: 'c1d2e3f4-0000-4000-8000-00000000da7a', controller: true, blockOwnerDeletion: true }] },
    spec: {
      serviceAccountName: 'datadog-agent',
      containers: [{ name: 'agent', image: 'gcr.io/datadoghq/agent:7.59.0', volumeMounts: [{ name: 'dockersocket', mountPath: '/host/var/run/docker.sock', readOnly: true }] }],
      volumes: [{ name: 'dockersocket', hostPath: { path: '/var/run/docker.sock' } }],
    },
  };
}

function podEnd(ns: string, pod: string, nodeName: string, at: string) {
  return audit({ user: node(nodeName), verb: 'patch', uri: `/api/v1/namespaces/${ns}/pods/${pod}/status`, objectRef: podRef(ns, pod, 'status'), code: 200, at, level: 'Request', userAgent: 'kubelet/v1.31.2-eks-a737599', requestObject: { metadata: { uid: `uid-${pod}` }, status: { phase: 'Succeeded', conditions: [{ type: 'Ready', status: 'False', reason: 'PodCompleted' }] } } });
}

const ATTACK_IMAGE = `${REGISTRY}/payments-api:v2.3.1-hotfix`;
const CI_IMAGE = `${REGISTRY}/web-frontend:1.42.0`;
const NODE_A = 'ip-10-0-1-23.ec2.internal';
const NODE_B = 'ip-10-0-2-40.ec2.internal';

const auditEvents = [
  // Noise: reads and an ordinary, non-builder deploy.
  audit({ user: ALICE, verb: 'list', uri: '/api/v1/namespaces/payments/pods?limit=500', objectRef: { resource: 'pods', namespace: 'payments' }, code: 200, at: t('01:12:00') }),
  audit({ user: ARGO, verb: 'get', uri: '/apis/apps/v1/namespaces/web/deployments/web-frontend', objectRef: { resource: 'deployments', namespace: 'web', name: 'web-frontend', apiGroup: 'apps' }, code: 200, at: t('01:20:00'), userAgent: 'argocd-application-controller/v2.12' }),
  deploymentPatch(ARGO, 'monitoring', 'grafana', 'docker.io/grafana/grafana:11.3.0', t('01:25:00'), 'argocd-application-controller/v2.12'),
  // APPROVED: CI builds web-frontend in namespace ci, Argo CD deploys it.
  audit({ user: CI_SA, verb: 'create', uri: '/api/v1/namespaces/ci/pods', objectRef: podRef('ci', 'build-web-frontend-x8k2p'), code: 201, at: t('01:30:00', '204113'), userAgent: 'tekton-pipelines-controller/v0.62', requestObject: kanikoPod('ci', 'build-web-frontend-x8k2p', CI_IMAGE, 'git://git.example.com/web/frontend.git#refs/tags/1.42.0', 'kaniko-builder') }),
  binding('ci', 'build-web-frontend-x8k2p', NODE_B, t('01:30:00', '611020')),
  podStatus('ci', 'build-web-frontend-x8k2p', NODE_B, '10.0.2.81', t('01:30:03', '002311')),
  podEnd('ci', 'build-web-frontend-x8k2p', NODE_B, t('01:32:20', '118230')),
  deploymentPatch(ARGO, 'web', 'web-frontend', CI_IMAGE, t('01:35:12', '550912'), 'argocd-application-controller/v2.12'),
  // Noise: the Datadog agent DaemonSet rolls out on both nodes; its pods mount docker.sock.
  ...[['datadog-agent-7xk2q', NODE_A, '10.0.1.90'], ['datadog-agent-m4p8d', NODE_B, '10.0.2.90']].flatMap(([pod, nodeName, ip], i) => [
    audit({ user: DS_CONTROLLER, verb: 'create', uri: '/api/v1/namespaces/datadog/pods', objectRef: podRef('datadog', pod!), code: 201, at: t(`01:5${i}:00`), level: 'RequestResponse', userAgent: 'kube-controller-manager/v1.31.2 (linux/amd64) kubernetes/5864a46/system:serviceaccount:kube-system:daemon-set-controller', requestObject: datadogAgentPod(pod!) }),
    binding('datadog', pod!, nodeName!, t(`01:5${i}:00`, '300000')),
    podStatus('datadog', pod!, nodeName!, ip!, t(`01:5${i}:04`)),
  ]),
  // Noise: a privileged pod the API server refused (403): it did not happen.
  audit({ user: ALICE, verb: 'create', uri: '/api/v1/namespaces/kube-system/pods', objectRef: podRef('kube-system', 'debug-root'), code: 403, at: t('02:10:00'), requestObject: { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'debug-root', namespace: 'kube-system' }, spec: { containers: [{ name: 'dind', image: 'docker:27-dind', securityContext: { privileged: true } }] } } }),
  // ATTACK: alice builds on the cluster from a personal repository …
  audit({ user: ALICE, verb: 'create', uri: '/api/v1/namespaces/payments/pods?fieldManager=kubectl-run', objectRef: podRef('payments', 'kaniko-debug-7f9c'), code: 201, at: t('02:14:05', '131877'), requestObject: kanikoPod('payments', 'kaniko-debug-7f9c', ATTACK_IMAGE, 'git://github.com/alice-x/payments-api.git#refs/heads/quickfix') }),
  binding('payments', 'kaniko-debug-7f9c', NODE_A, t('02:14:05', '402211')),
  podStatus('payments', 'kaniko-debug-7f9c', NODE_A, '10.0.1.57', t('02:14:08', '919201')),
  // The build ends after the push (02:16:41): the kubelet reports the pod Succeeded.
  podEnd('payments', 'kaniko-debug-7f9c', NODE_A, t('02:16:52', '004120')),
  // … and rolls it out to production.
  deploymentPatch(ALICE, 'prod', 'payments-api', ATTACK_IMAGE, t('02:21:13', '072561')),
];

function cwlPayload(logGroup: string, logStream: string, messages: Array<{ at: string; message: string }>) {
  return {
    messageType: 'DATA_MESSAGE',
    owner: ACCOUNT,
    logGroup,
    logStream,
    subscriptionFilters: ['an1261-eks-audit'],
    logEvents: messages.map((m, i) => ({ id: `3796${String(ms(m.at)).padStart(16, '0')}${String(i).padStart(4, '0')}`, timestamp: ms(m.at), message: m.message })),
  };
}

writeFileSync(
  join(OUT, 'eks-audit-prod-cluster.cwl.json'),
  `${JSON.stringify(cwlPayload('/aws/eks/prod-cluster/cluster', 'kube-apiserver-audit-5c9f9b8d7e6a4b3c2d1e0f9a8b7c6d5e', auditEvents.map((e) => ({ at: (e as { stageTimestamp: string }).stageTimestamp, message: JSON.stringify(e) }))), null, 2)}\n`,
);

// VPC flow logs, S3 delivery (header line), custom v5 format, gzipped.
const FIELDS = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path';
const ENI_A = 'eni-0c1d2e3f4a5b6c7d8';
const ENI_B = 'eni-0f9e8d7c6b5a4f3e2';
const INSTANCE_A = 'i-0a1b2c3d4e5f60718';
const INSTANCE_B = 'i-0b2c3d4e5f6071829';
const sec = (iso: string) => Math.floor(ms(iso) / 1000);
function flow(eni: string, instance: string, src: string, dst: string, sport: number, dport: number, proto: number, packets: number, bytes: number, start: string, end: string, flags: number, dir: 'egress' | 'ingress', opts: { dstService?: string; srcService?: string; path?: string; action?: string } = {}) {
  return [5, ACCOUNT, eni, src, dst, sport, dport, proto, packets, bytes, sec(start), sec(end), opts.action ?? 'ACCEPT', 'OK', 'vpc-0123456789abcdef0', 'subnet-0123456789abcdef0', instance, flags, 'IPv4', src, dst, REGION, 'use1-az2', opts.srcService ?? '-', opts.dstService ?? '-', dir, dir === 'egress' ? (opts.path ?? '8') : '-'].join(' ');
}
const flowLines = [
  FIELDS,
  // CI pod: npm registry over 443 (untrusted, but the build is approved), ECR via S3.
  flow(ENI_B, INSTANCE_B, '10.0.2.81', '104.16.24.35', 40112, 443, 6, 412, 3_411_220, t('01:30:10'), t('01:31:10'), 3, 'egress'),
  flow(ENI_B, INSTANCE_B, '10.0.2.81', '52.217.160.10', 40120, 443, 6, 950, 51_234_112, t('01:31:10'), t('01:32:10'), 3, 'egress', { dstService: 'S3' }),
  // Noise: the Datadog agents ship metrics to their SaaS intake (untrusted egress, but nothing builds).
  flow(ENI_A, INSTANCE_A, '10.0.1.90', '3.233.146.9', 41022, 443, 6, 88, 61_220, t('02:00:00'), t('02:01:00'), 3, 'egress'),
  flow(ENI_B, INSTANCE_B, '10.0.2.90', '3.233.146.9', 38110, 443, 6, 91, 63_004, t('02:00:00'), t('02:01:00'), 3, 'egress'),
  // Noise: east-west traffic and the reply of a 443 connection.
  flow(ENI_A, INSTANCE_A, '10.0.1.23', '10.0.3.14', 51514, 5432, 6, 120, 88_120, t('02:13:00'), t('02:14:00'), 2, 'egress'),
  flow(ENI_A, INSTANCE_A, '140.82.112.3', '10.0.1.57', 443, 39210, 6, 310, 2_123_101, t('02:14:10'), t('02:15:10'), 19, 'ingress'),
  // ATTACK: the kaniko pod fetches the repo, then talks to an unknown host on a non-standard port.
  flow(ENI_A, INSTANCE_A, '10.0.1.57', '140.82.112.3', 39210, 443, 6, 205, 41_877, t('02:14:10'), t('02:15:10'), 3, 'egress'),
  flow(ENI_A, INSTANCE_A, '10.0.1.57', '185.220.101.47', 45672, 4444, 6, 61, 48_213, t('02:14:20'), t('02:15:20'), 2, 'egress'),
  flow(ENI_A, INSTANCE_A, '10.0.1.57', '185.220.101.47', 45672, 4444, 6, 33, 12_877, t('02:15:20'), t('02:16:20'), 19, 'egress'),
  // The push: ECR layers land in S3 (trusted AWS service).
  flow(ENI_A, INSTANCE_A, '10.0.1.57', '52.217.132.44', 39300, 443, 6, 1_400, 88_412_001, t('02:16:00'), t('02:17:00'), 3, 'egress', { dstService: 'S3' }),
  flow(ENI_A, INSTANCE_A, '-', '-', 0, 0, 0, 0, 0, t('02:17:00'), t('02:18:00'), 0, 'egress').replace(' ACCEPT OK ', ' - NODATA '),
];
writeFileSync(join(OUT, `vpc-flow-${ACCOUNT}_vpcflowlogs_${REGION}_fl-0123456789abcdef0_20261102T0200Z.log.gz`), gzipSync(`${flowLines.join('\n')}\n`));

// ECR pushes as EventBridge delivers them, one event per line.
function ecrPush(repo: string, tag: string, digest: string, at: string, id: string) {
  return {
    version: '0',
    id,
    'detail-type': 'ECR Image Action',
    source: 'aws.ecr',
    account: ACCOUNT,
    time: at.replace(/\.\d+Z$/, 'Z'),
    region: REGION,
    resources: [`arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${repo}`],
    detail: { result: 'SUCCESS', 'repository-name': repo, 'image-digest': digest, 'action-type': 'PUSH', 'image-tag': tag, 'manifest-media-type': 'application/vnd.oci.image.manifest.v1+json' },
  };
}
const ecrEvents = [
  ecrPush('web-frontend', '1.42.0', `sha256:${'7c'.repeat(32)}`, t('01:32:10'), '0b8e5c1a-2d3f-4e5a-8b6c-7d8e9f0a1b2c'),
  { ...ecrPush('web-frontend', '1.41.9', `sha256:${'6b'.repeat(32)}`, t('01:40:00'), '1c9f6d2b-3e4a-4f5b-9c7d-8e9f0a1b2c3d'), detail: { result: 'SUCCESS', 'repository-name': 'web-frontend', 'image-digest': `sha256:${'6b'.repeat(32)}`, 'action-type': 'DELETE', 'image-tag': '1.41.9' } },
  ecrPush('payments-api', 'v2.3.1-hotfix', `sha256:${'e3'.repeat(32)}`, t('02:16:41'), '2d0a7e3c-4f5b-4a6c-8d8e-9f0a1b2c3d4e'),
];
writeFileSync(join(OUT, 'ecr-events.jsonl'), `${ecrEvents.map((e) => JSON.stringify(e)).join('\n')}\n`);

// An approved CI runner (in approvedBuilders.hosts) building with dockerd, journald export.
const dockerd = [
  'Nov 02 01:50:01 ip-10-0-200-17 dockerd[1187]: time="2026-11-02T01:50:01.118230012Z" level=debug msg="Calling HEAD /_ping"',
  'Nov 02 01:50:01 ip-10-0-200-17 dockerd[1187]: time="2026-11-02T01:50:01.402119871Z" level=debug msg="Calling POST /v1.45/build?buildargs=%7B%7D&cachefrom=%5B%5D&dockerfile=Dockerfile&t=111122223333.dkr.ecr.us-east-1.amazonaws.com%2Fbilling-worker%3A3.8.0&version=2"',
  'Nov 02 01:50:44 ip-10-0-200-17 dockerd[1187]: time="2026-11-02T01:50:44.771004120Z" level=debug msg="Calling POST /v1.45/images/111122223333.dkr.ecr.us-east-1.amazonaws.com/billing-worker/push?tag=3.8.0"',
  'Nov 02 01:50:49 ip-10-0-200-17 containerd[902]: time="2026-11-02T01:50:49.001Z" level=info msg="cleaning up dead shim"',
];
writeFileSync(join(OUT, 'ci-runner-dockerd.log'), `${dockerd.join('\n')}\n`);
process.stdout.write(`samples written to ${OUT}\n`);
