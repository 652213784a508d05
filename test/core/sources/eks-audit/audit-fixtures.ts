/**
 * Builders of Kubernetes audit events (audit.k8s.io/v1, as EKS writes them to CloudWatch Logs)
 * and a one-call runner of the normalizer, for the EKS audit tests.
 */
import type { BatchContext, SourceRecord } from '../../../../lambdas/core/model/batch';
import { Tally } from '../../../../lambdas/core/model/normalize-result';
import { compileSettings } from '../../../../lambdas/core/model/settings';
import type { Signal } from '../../../../lambdas/core/model/signal';
import { normalizeEksAudit } from '../../../../lambdas/core/sources/eks-audit';

export type Json = Record<string, unknown>;

export const EKS_CTX: BatchContext = {
  logGroup: '/aws/eks/prod/cluster',
  logStream: 'kube-apiserver-audit-6f1d2c3b4a5e6f708192a3b4c5d6e7f8',
  account: '111122223333',
  region: 'eu-west-1',
};

/** An IAM role session as aws-iam-authenticator reports it: every `extra` value is an array. */
export const CI_USER: Json = {
  username: 'arn:aws:sts::111122223333:assumed-role/gitlab-ci-runner/gitlab-runner-7f9c',
  uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLEROLEID01',
  groups: ['ci:deployers', 'system:authenticated'],
  extra: {
    accessKeyId: ['ASIAEXAMPLEKEY00001'],
    arn: ['arn:aws:sts::111122223333:assumed-role/gitlab-ci-runner/gitlab-runner-7f9c'],
    canonicalArn: ['arn:aws:iam::111122223333:role/gitlab-ci-runner'],
    principalId: ['AROAEXAMPLEROLEID01'],
    sessionName: ['gitlab-runner-7f9c'],
  },
};

export function controllerUser(name: string): Json {
  return { username: `system:serviceaccount:kube-system:${name}`, groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] };
}

export interface EventOptions {
  auditID?: string;
  verb?: string;
  stage?: string;
  code?: number;
  level?: string;
  objectRef?: Json;
  requestURI?: string;
  requestObject?: unknown;
  responseObject?: unknown;
  user?: Json;
  stageTimestamp?: string;
  requestReceivedTimestamp?: string;
}

/** A v1 audit event; `undefined` options keep EKS-like defaults, `null` drops the field. */
export function auditEvent(o: EventOptions = {}): Json {
  const stage = o.stage ?? 'ResponseComplete';
  const e: Json = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: o.level ?? 'RequestResponse',
    auditID: o.auditID ?? '11111111-2222-4333-8444-555555555555',
    stage,
    requestURI: o.requestURI ?? '/api/v1/namespaces/ci/pods',
    verb: o.verb ?? 'create',
    user: o.user ?? CI_USER,
    sourceIPs: ['10.0.3.14'],
    userAgent: 'kubectl/v1.29.3 (linux/amd64) kubernetes/6813625',
    objectRef: o.objectRef ?? { resource: 'pods', namespace: 'ci', apiVersion: 'v1' },
    requestReceivedTimestamp: o.requestReceivedTimestamp ?? '2024-05-02T10:15:01.123456Z',
    stageTimestamp: o.stageTimestamp ?? '2024-05-02T10:15:01.140512Z',
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
  };
  if (stage !== 'RequestReceived') e['responseStatus'] = { metadata: {}, code: o.code ?? 201 };
  if (o.requestObject !== undefined) e['requestObject'] = o.requestObject;
  if (o.responseObject !== undefined) e['responseObject'] = o.responseObject;
  return e;
}

export interface PodOptions {
  name?: string;
  generateName?: string;
  namespace?: string;
  containers?: Json[];
  initContainers?: Json[];
  volumes?: Json[];
  nodeName?: string;
}

export function podObject(o: PodOptions = {}): Json {
  const metadata: Json = { namespace: o.namespace ?? 'ci' };
  if (o.name) metadata['name'] = o.name;
  if (o.generateName) metadata['generateName'] = o.generateName;
  const spec: Json = { containers: o.containers ?? [{ name: 'app', image: 'nginx:1.27' }] };
  if (o.initContainers) spec['initContainers'] = o.initContainers;
  if (o.volumes) spec['volumes'] = o.volumes;
  if (o.nodeName) spec['nodeName'] = o.nodeName;
  return { kind: 'Pod', apiVersion: 'v1', metadata, spec };
}

/** A pod create event with the pod as requestObject. */
export function podCreate(pod: Json, o: EventOptions = {}): Json {
  const ns = String((pod['metadata'] as Json)['namespace']);
  return auditEvent({ requestObject: pod, objectRef: { resource: 'pods', namespace: ns, apiVersion: 'v1' }, requestURI: `/api/v1/namespaces/${ns}/pods`, ...o });
}

export const KANIKO = {
  name: 'kaniko',
  image: 'gcr.io/kaniko-project/executor:v1.23.2',
  args: ['--dockerfile=Dockerfile', '--context=dir:///workspace', '--destination=111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/app:1.4.2'],
};

/** Records as the envelope decoder hands them over: `data` as given, refs `r1`, `r2` … */
export function records(...data: unknown[]): SourceRecord[] {
  return data.map((d, i) => ({ data: d, ref: `r${i + 1}` }));
}

export function run(recs: SourceRecord[], ctx: BatchContext = EKS_CTX): Tally {
  const tally = new Tally();
  normalizeEksAudit(recs, ctx, compileSettings(), tally);
  return tally;
}

/** Signals of one rule. */
export function byRule(tally: Tally, rule: string): Signal[] {
  return tally.signals.filter((s) => s.rule === rule);
}
