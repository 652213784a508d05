/**
 * Hand-built signals of one AN1261 chain on an EC2 container host, as the normalizers emit them:
 * a dockerd build, untrusted egress from the host, the CloudTrail push by the host's role, and an
 * EKS deploy of the image.
 */
import type { BuildSignal, DeploySignal, EgressSignal, PushSignal } from '../../lambdas/core/model/signal';

export const T0 = Date.parse('2026-11-02T10:00:00.000Z');
export const at = (sec: number) => new Date(T0 + sec * 1000).toISOString();
export const INSTANCE = 'i-0a1b2c3d4e5f60718';
export const HOST_IP = '10.0.1.23';
export const REGISTRY = '111122223333.dkr.ecr.us-east-1.amazonaws.com';
export const IMAGE = `${REGISTRY}/payments-api:v2.3.1-hotfix`;
export const DIGEST = `sha256:${'4f'.repeat(32)}`;
export const ROLE = 'arn:aws:iam::111122223333:role/eks-node-role';

export function build(overrides: Partial<BuildSignal> = {}): BuildSignal {
  return {
    kind: 'build', id: 'b-1', rule: 'dockerd-build', time: at(0), source: 'dockerd', ref: 'cwl:/ec2/docker/i-0a1b2c3d4e5f60718#1',
    host: { instanceId: INSTANCE, hostname: 'ip-10-0-1-23.ec2.internal' }, method: 'docker-api', tool: 'docker', image: IMAGE,
    command: 'POST /v1.43/build?t=payments-api%3Av2.3.1-hotfix', ...overrides,
  };
}

export function egress(overrides: Partial<EgressSignal> = {}): EgressSignal {
  return {
    kind: 'egress', id: 'e-1', rule: 'untrusted-egress', time: at(60), source: 'vpc-flow', ref: 'cwl:/vpc/flow/eni-0a1b#7',
    account: '111122223333', region: 'us-east-1', host: { instanceId: INSTANCE, eni: 'eni-0a1b', ip: HOST_IP },
    srcIp: HOST_IP, dstIp: '198.51.100.23', dstPort: 4444, protocol: 6, bytes: 48_213, packets: 61, records: 2,
    firstSeen: at(60), lastSeen: at(120), bucket: new Date(Math.floor((T0 + 60_000) / 300_000) * 300_000).toISOString(), nonStandardPort: true,
    ...overrides,
  };
}

export function push(overrides: Partial<PushSignal> = {}): PushSignal {
  return {
    kind: 'push', id: 'p-1', rule: 'cloudtrail-put-image', time: at(180), source: 'cloudtrail', ref: 'cloudtrail:8b0c0f0e-push',
    account: '111122223333', region: 'us-east-1',
    actor: { arn: ROLE, sessionArn: `arn:aws:sts::111122223333:assumed-role/eks-node-role/${INSTANCE}`, sessionName: INSTANCE },
    host: { instanceId: INSTANCE }, registry: REGISTRY, repository: 'payments-api', tag: 'v2.3.1-hotfix', digest: DIGEST,
    image: `${IMAGE}@${DIGEST}`, ...overrides,
  };
}

export function deploy(overrides: Partial<DeploySignal> = {}): DeploySignal {
  return {
    kind: 'deploy', id: 'd-1', rule: 'workload-deploy', time: at(420), source: 'eks-audit', ref: 'audit:5d6c-deploy', cluster: 'prod',
    actor: { k8sUser: 'alice', arn: 'arn:aws:iam::111122223333:role/dev-admin' }, images: [IMAGE], namespace: 'prod',
    workloadKind: 'Deployment', workloadName: 'payments-api', verb: 'patch', ...overrides,
  };
}
