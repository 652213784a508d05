/**
 * How EKS names its control-plane logs: the log group `/aws/eks/<cluster>/cluster` names the
 * cluster, and the audit log is the streams `kube-apiserver-audit-*` of that group (the others
 * hold api server, authenticator, scheduler … logs). Shared by routing (envelopes), the audit
 * normalizer and the CLI.
 */

export const EKS_AUDIT_STREAM_PREFIX = 'kube-apiserver-audit-';

const EKS_GROUP = /^\/aws\/eks\/([^/]+)\/cluster$/;

/**
 * The cluster of an EKS control-plane log group; undefined for any other group.
 * @example clusterOfLogGroup('/aws/eks/prod/cluster') === 'prod'
 */
export function clusterOfLogGroup(logGroup: string | undefined): string | undefined {
  return logGroup ? EKS_GROUP.exec(logGroup)?.[1] : undefined;
}
