/**
 * Decides which source a CloudWatch Logs log group carries: EKS control-plane groups by name,
 * then the configured flow-log and host-log groups (globs), in that order.
 */
import type { Config } from '../model/config';
import type { SourceKind } from '../model/signal';
import { clusterOfLogGroup, EKS_AUDIT_STREAM_PREFIX } from '../records/eks-audit/log-group';
import { globMatch } from '../util/glob';

export interface Route {
  source: SourceKind;
  cluster?: string;
  flowFormat?: string;
}

export { clusterOfLogGroup, EKS_AUDIT_STREAM_PREFIX };

export class SourceRouter {
  constructor(private readonly sources: Config['sources']) {}

  route(logGroup: string | undefined): Route | undefined {
    if (!logGroup) return undefined;
    const cluster = clusterOfLogGroup(logGroup);
    if (cluster) return { source: 'eks-audit', cluster };
    const flow = this.sources.flowLogs.find((f) => globMatch(f.logGroup, logGroup));
    if (flow) return { source: 'vpc-flow', ...(flow.format ? { flowFormat: flow.format } : {}) };
    if (this.sources.hostLogs.some((h) => globMatch(h.logGroup, logGroup))) return { source: 'dockerd' };
    return undefined;
  }
}
