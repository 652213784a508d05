/**
 * The EKS / Kubernetes audit rules, in evaluation order. Every audit event that passes the
 * audit pre-filter (../gates) is offered to each; a rule returns NO_SIGNAL when it does not apply.
 */
import type { AuditRecord } from '../../records/eks-audit/audit-record';
import type { RuleRegistry } from '../rule';
import { builderPodRule } from './builder-pod.rule';
import { execBuildRule } from './exec-build.rule';
import { podBindingRule } from './pod-binding.rule';
import { podEndRule } from './pod-end.rule';
import { podStatusRule } from './pod-status.rule';
import { privilegedBuilderRule } from './privileged-builder.rule';
import { runtimeSocketMountRule } from './runtime-socket-mount.rule';
import { workloadDeployRule } from './workload-deploy.rule';

export const EKS_AUDIT_RULES: RuleRegistry<AuditRecord> = [
  builderPodRule,
  privilegedBuilderRule,
  runtimeSocketMountRule,
  execBuildRule,
  workloadDeployRule,
  podBindingRule,
  podStatusRule,
  podEndRule,
];
