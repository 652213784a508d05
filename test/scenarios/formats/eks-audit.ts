/**
 * EKS audit events (audit.k8s.io/v1, as the API server writes them) and the files they reach a
 * replay in: a decoded CloudWatch Logs subscription payload, the Lambda `awslogs` envelope, or an
 * `aws logs filter-log-events` export, from log group /aws/eks/<cluster>/cluster, stream
 * kube-apiserver-audit-<hex>.
 */
import { gzipSync } from 'node:zlib';
import type { Rng } from '../rng';

export interface AuditUser {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** An IAM role session mapped by aws-iam-authenticator / access entries. */
export function iamUser(account: string, role: string, session: string, mappedName?: string): AuditUser {
  const sessionArn = `arn:aws:sts::${account}:assumed-role/${role}/${session}`;
  return {
    username: mappedName ?? sessionArn,
    uid: `aws-iam-authenticator:${account}:AROA${session.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(12, 'X').slice(0, 12)}`,
    groups: ['system:authenticated'],
    extra: { accessKeyId: [`ASIA${session.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(16, '7').slice(0, 16)}`], arn: [sessionArn], canonicalArn: [`arn:aws:iam::${account}:role/${role}`], principalId: ['AROAEXAMPLE'], sessionName: [session] },
  };
}

export function serviceAccount(namespace: string, name: string): AuditUser {
  return { username: `system:serviceaccount:${namespace}:${name}`, uid: `sa-${namespace}-${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'] };
}

/** A built-in controller's per-controller service account (kube-controller-manager). */
export const controller = (name: string): AuditUser => serviceAccount('kube-system', name);

export const SCHEDULER: AuditUser = { username: 'system:kube-scheduler', groups: ['system:authenticated'] };

export function kubeletUser(account: string, nodeName: string, instanceId: string): AuditUser {
  return {
    username: `system:node:${nodeName}`,
    uid: `aws-iam-authenticator:${account}:AROANODEROLE`,
    groups: ['system:nodes', 'system:authenticated'],
    extra: { arn: [`arn:aws:sts::${account}:assumed-role/eks-node-role/${instanceId}`], canonicalArn: [`arn:aws:iam::${account}:role/eks-node-role`], sessionName: [instanceId] },
  };
}

/** RFC 3339 with microseconds, as the API server writes it. */
export function auditTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', `${String((ms * 7919) % 1000).padStart(3, '0')}Z`);
}

export interface AuditArgs {
  user: AuditUser;
  verb: string;
  uri: string;
  objectRef: Record<string, string>;
  at: number;
  code?: number;
  /** requestReceivedTimestamp (default: 15 ms before `at`). */
  received?: number;
  stage?: 'RequestReceived' | 'ResponseStarted' | 'ResponseComplete';
  requestObject?: unknown;
  responseObject?: unknown;
  level?: 'Metadata' | 'Request' | 'RequestResponse';
  userAgent?: string;
  sourceIPs?: string[];
  auditID?: string;
}

export type AuditEvent = Record<string, unknown> & { stageTimestamp: string };

/** Epoch ms of an event's stage time. */
export const auditMs = (e: AuditEvent): number => Date.parse(e.stageTimestamp.replace(/(\.\d{3})\d+Z$/, '$1Z'));

function responseStatus(code: number): Record<string, unknown> {
  if (code < 400) return { metadata: {}, code };
  const reason = code === 403 ? 'Forbidden' : code === 409 ? 'AlreadyExists' : 'Invalid';
  return { metadata: {}, status: 'Failure', message: `request ${reason.toLowerCase()}`, reason, code };
}

export function auditEvent(rng: Rng, a: AuditArgs): AuditEvent {
  const stage = a.stage ?? 'ResponseComplete';
  const code = a.code ?? 200;
  const level = a.level ?? (a.responseObject ? 'RequestResponse' : a.requestObject ? 'Request' : 'Metadata');
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level,
    auditID: a.auditID ?? rng.uuid(),
    stage,
    requestURI: a.uri,
    verb: a.verb,
    user: a.user,
    sourceIPs: a.sourceIPs ?? ['10.0.0.' + rng.int(10, 90)],
    userAgent: a.userAgent ?? 'kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46',
    objectRef: { apiVersion: 'v1', ...a.objectRef },
    ...(stage === 'RequestReceived' ? {} : { responseStatus: responseStatus(code) }),
    ...(a.requestObject !== undefined && level !== 'Metadata' ? { requestObject: a.requestObject } : {}),
    ...(a.responseObject !== undefined && level === 'RequestResponse' && stage === 'ResponseComplete' ? { responseObject: a.responseObject } : {}),
    requestReceivedTimestamp: auditTime(a.received ?? a.at - 15),
    stageTimestamp: auditTime(a.at),
    annotations: { 'authorization.k8s.io/decision': code === 403 ? 'forbid' : 'allow', 'authorization.k8s.io/reason': code === 403 ? '' : 'EKS Access Policy: allowed' },
  };
}

export type AuditFileShape = 'cwl' | 'awslogs' | 'cli-export';

/** One delivery of audit events for a cluster, in the given shape; events are sorted by stage time. */
export function auditLogFile(rng: Rng, account: string, cluster: string, events: readonly AuditEvent[], shape: AuditFileShape = 'cwl'): string {
  const sorted = [...events].sort((a, b) => a.stageTimestamp.localeCompare(b.stageTimestamp));
  const logStream = `kube-apiserver-audit-${rng.hex(32)}`;
  const logEvents = sorted.map((e, i) => {
    const ms = auditMs(e);
    return { id: `${ms}${String(i).padStart(6, '0')}${rng.int(100000, 999999)}`, timestamp: ms, message: JSON.stringify(e) };
  });
  if (shape === 'cli-export') {
    const events = logEvents.map((e) => ({ logStreamName: logStream, timestamp: e.timestamp, message: e.message, ingestionTime: e.timestamp + rng.int(800, 4000), eventId: e.id }));
    return `${JSON.stringify({ events, searchedLogStreams: [] }, null, 1)}\n`;
  }
  const payload = { messageType: 'DATA_MESSAGE', owner: account, logGroup: `/aws/eks/${cluster}/cluster`, logStream, subscriptionFilters: ['an1261-eks-audit'], logEvents };
  if (shape === 'awslogs') return `${JSON.stringify({ awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } })}\n`;
  return `${JSON.stringify(payload, null, 1)}\n`;
}
