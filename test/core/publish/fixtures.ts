/**
 * Hand-built AN1261 findings for the ASFF tests: a CRITICAL EKS chain (builder pod, egress, ECR
 * push, deploy), a LOW dockerd-only build on a named host without account, and a suppressed chain.
 */

import type { Finding } from '../../../lambdas/core/model/finding';
import type { AsffContext } from '../../../lambdas/core/publish/asff';

/** shared/ sits beside the repository (locally and in CI). */
export { CORPUS_DIR } from '../../support/corpus';

export const CTX: AsffContext = { account: '111122223333', region: 'us-east-1' };

export const DIGEST = 'sha256:3b37166ec61459e76e33282dda08f2a9cd698ca7e3d6bc44e6a6e7580cdeff8e';
export const REGISTRY = '111122223333.dkr.ecr.us-east-1.amazonaws.com';
export const IMAGE = `${REGISTRY}/payments-api:1.4.2`;
export const IMAGE_ARN = `arn:aws:ecr:us-east-1:111122223333:repository/payments-api/${DIGEST}`;

export function criticalEksFinding(): Finding {
  return {
    id: '4b1c9a0e5d2f7a8b3c6d9e0f1a2b3c4d',
    version: 3,
    severity: 'CRITICAL',
    baseSeverity: 'CRITICAL',
    modifiers: [],
    severityEvidence: { stages: ['build', 'egress', 'push', 'deploy'], pushedRepositories: [], activityTimes: [], newImageCount: 1 },
    title: 'AN1261 image built on host i-0abc12345def67890 pushed and deployed, with untrusted egress (prod/payments-api)',
    description:
      `A container image (${IMAGE}) was built on i-0abc12345def67890 by system:serviceaccount:ci:kaniko, outside the approved build pipelines. ` +
      'The host sent traffic to 2 untrusted destinations (203.0.113.50:4444, 198.51.100.7:443) around the build. ' +
      `The image was pushed to ${REGISTRY}. It was then deployed in namespace prod of cluster prod-eks. ` +
      'MITRE ATT&CK T1612 (Build Image on Host), analytic AN1261.',
    stages: ['build', 'egress', 'push', 'deploy'],
    anchor: { stage: 'build', signalId: 'b1d0000000000000000000000000000a', time: '2025-03-04T10:12:00.000Z' },
    image: IMAGE,
    images: [IMAGE, `${REGISTRY}/payments-api@${DIGEST}`, `${IMAGE}@${DIGEST}`],
    account: '111122223333',
    region: 'us-east-1',
    cluster: 'prod-eks',
    namespace: 'prod',
    workload: 'payments-api',
    hosts: { instanceIds: ['i-0abc12345def67890'], ips: ['10.0.1.23'], nodeNames: ['ip-10-0-1-23.ec2.internal'], hostnames: [], pods: ['ci/kaniko-build-7f9c'] },
    actors: ['arn:aws:iam::111122223333:role/eks-node', 'system:serviceaccount:ci:kaniko'],
    registries: [REGISTRY],
    egress: [
      { srcIp: '10.0.1.23', dstIp: '198.51.100.7', dstPort: 443, protocol: 6, bytes: 91000, packets: 120, firstSeen: '2025-03-04T10:13:00.000Z', lastSeen: '2025-03-04T10:14:00.000Z', nonStandardPort: false },
      { srcIp: '10.0.1.23', dstIp: '203.0.113.50', dstPort: 4444, protocol: 6, bytes: 52000, packets: 80, firstSeen: '2025-03-04T10:11:00.000Z', lastSeen: '2025-03-04T10:14:00.000Z', nonStandardPort: true },
    ],
    firstSeen: '2025-03-04T10:11:00.000Z',
    lastSeen: '2025-03-04T10:20:00.000Z',
    createdAt: '2025-03-04T10:15:30.000Z',
    updatedAt: '2025-03-04T10:21:00.000Z',
    timeline: [
      { time: '2025-03-04T10:11:00.000Z', stage: 'egress', kind: 'egress', summary: '10.0.1.23 → 203.0.113.50:4444/tcp, 52000 bytes', source: 'vpc-flow', rule: 'vpc-untrusted-egress', signalId: 'e1', ref: 'eni-0a1b2c3d:1' },
      { time: '2025-03-04T10:12:00.000Z', stage: 'build', kind: 'build', summary: 'kaniko pod ci/kaniko-build-7f9c created by system:serviceaccount:ci:kaniko', source: 'eks-audit', rule: 'k8s-builder-pod', signalId: 'b1d0000000000000000000000000000a', ref: 'audit-1' },
      { time: '2025-03-04T10:16:00.000Z', stage: 'push', kind: 'push', summary: `push ${IMAGE}`, source: 'ecr-event', rule: 'ecr-image-push', signalId: 'p1', ref: 'evt-1' },
      { time: '2025-03-04T10:20:00.000Z', stage: 'deploy', kind: 'deploy', summary: 'Deployment prod/payments-api updated', source: 'eks-audit', rule: 'k8s-workload-deploy', signalId: 'd1', ref: 'audit-2' },
    ],
    allowlists: [
      { list: 'approvedBuilders.kubernetesUsers', value: 'system:serviceaccount:ci:kaniko', entries: 2, explanation: 'none of 2 entries matches' },
      { list: 'registryAllowList', value: `${REGISTRY}/payments-api`, entries: 0, explanation: 'the list is empty' },
    ],
  };
}

export function lowDockerdFinding(): Finding {
  return {
    id: '9f86d081884c7d659a2feaa0c55ad015',
    version: 1,
    severity: 'LOW',
    baseSeverity: 'LOW',
    severityEvidence: { stages: ['build'], pushedRepositories: [], activityTimes: [], newImageCount: 0 },
    modifiers: [],
    title: 'AN1261 image built on host build-01',
    description: 'A container image (docker.io/acme/tool:dev) was built on build-01 by jenkins, outside the approved build pipelines. MITRE ATT&CK T1612 (Build Image on Host), analytic AN1261.',
    stages: ['build'],
    anchor: { stage: 'build', signalId: 'd0c4e1', time: '2025-05-06T08:00:01.250Z' },
    image: 'docker.io/acme/tool:dev',
    images: ['docker.io/acme/tool:dev'],
    hosts: { instanceIds: [], ips: [], nodeNames: [], hostnames: ['build-01'], pods: [] },
    actors: ['jenkins'],
    registries: [],
    egress: [],
    firstSeen: '2025-05-06T08:00:01.250Z',
    lastSeen: '2025-05-06T08:00:01.250Z',
    createdAt: '2025-05-06T08:02:00.000Z',
    updatedAt: '2025-05-06T08:02:00.000Z',
    timeline: [
      { time: '2025-05-06T08:00:01.250Z', stage: 'build', kind: 'build', summary: 'dockerd POST /v1.41/build t=acme/tool:dev', source: 'dockerd', rule: 'dockerd-build-api', signalId: 'd0c4e1', ref: 'host.log:12' },
    ],
    allowlists: [{ list: 'approvedBuilders.hosts', value: 'build-01', entries: 0, explanation: 'the list is empty' }],
  };
}

export function suppressedFinding(): Finding {
  return {
    ...criticalEksFinding(),
    suppressedBy: { owner: 'platform-team', reason: 'kaniko migration test, ticket SEC-42', expires: '2025-04-01', match: { namespace: 'ci' } },
  };
}
