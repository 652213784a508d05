/** EKS / Kubernetes audit source: the normalizer and the record type its rules read. */
export { normalizeEksAudit } from './normalize-eks-audit';
export type { AuditRecord, WorkloadView } from '../../records/eks-audit/audit-record';
