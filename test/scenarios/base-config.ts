/** The configuration every scenario starts from (README "Configuration"); scenarios override parts of it. */
import { V5_CUSTOM_FIELDS } from './formats/vpc-flow';

export const ACCOUNT = '444455556666';
export const REGION = 'us-east-1';
export const REGISTRY = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
export const CLUSTERS = ['prod-use1', 'platform-eks', 'shop-prod'];

export function baseConfig(): Record<string, unknown> {
  return {
    timeWindowMinutes: 5,
    deployWindowMinutes: 15,
    internalCidrs: ['10.0.0.0/16'],
    trustedDestinations: { cidrs: [], awsServices: ['S3'] },
    registryAllowList: [`${REGISTRY}/*`],
    approvedBuilders: {
      principals: [`arn:aws:iam::${ACCOUNT}:role/ci-build-*`],
      hosts: ['10.0.200.0/24'],
      kubernetesUsers: ['system:serviceaccount:ci:*'],
      namespaces: ['ci'],
    },
    newImageThreshold: 3,
    minNotifySeverity: 'MEDIUM',
    sources: {
      eksClusters: CLUSTERS,
      flowLogs: [{ logGroup: '/vpc/flow/*', format: V5_CUSTOM_FIELDS.split(' ').map((f) => `\${${f}}`).join(' ') }],
      hostLogs: [{ logGroup: '/ec2/*' }],
    },
  };
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `overrides` over `base`: objects merge key by key, arrays and values replace. */
export function mergeConfig(base: Record<string, unknown>, overrides: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides ?? {})) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? mergeConfig(b, v) : v;
  }
  return out;
}
