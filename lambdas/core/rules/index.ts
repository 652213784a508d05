/** Every source's rule registries, and every registered rule (for the rule tests and docs). */
import { CLOUDTRAIL_RULES, ECR_IMAGE_ACTION_RULES, ECR_IMAGE_SCAN_RULES } from './ecr';
import { EKS_AUDIT_RULES } from './eks-audit';
import { AUDITD_RULES, DOCKERD_RULES } from './host';
import type { RuleMeta } from './rule';
import { FLOW_RULES, INSTANCE_ADDRESS_RULES } from './vpc-flow';

export { CLOUDTRAIL_RULES, ECR_IMAGE_ACTION_RULES, ECR_IMAGE_SCAN_RULES, EKS_AUDIT_RULES, AUDITD_RULES, DOCKERD_RULES, FLOW_RULES, INSTANCE_ADDRESS_RULES };

export const REGISTERED_RULES: ReadonlyArray<RuleMeta> = [
  ...EKS_AUDIT_RULES,
  ...DOCKERD_RULES,
  ...AUDITD_RULES,
  ...CLOUDTRAIL_RULES,
  ...ECR_IMAGE_ACTION_RULES,
  ...ECR_IMAGE_SCAN_RULES,
  ...FLOW_RULES,
  ...INSTANCE_ADDRESS_RULES,
];
