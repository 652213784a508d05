/** Container-host logs (dockerd debug lines, auditd records): the normalizer and the format sniffer. */
export { looksLikeHostLogLine, normalizeHostLogs } from './normalize-host-logs';
export type { AuditExecRecord, DockerdApiRecord } from '../../records/host/host-records';
