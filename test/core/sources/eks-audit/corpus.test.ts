/**
 * Every EKS / Kubernetes audit sample of the shared corpus, read through the normalizer with
 * concrete expectations: which signals it yields, or which counted reason it ends as.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tally } from '../../../../lambdas/core/model/normalize-result';
import { byRule, run } from './audit-fixtures';
import { corpusPath } from '../../../support/corpus';

const CORPUS = corpusPath('eks-audit');
const read = (file: string) => readFileSync(join(CORPUS, file), 'utf8');
const CTX = { logGroup: '/aws/eks/minikube/cluster' };

/** Runs a corpus file twice: as a CloudWatch Logs message (string) and as a parsed object. */
function both(file: string, check: (t: Tally) => void): void {
  const text = read(file);
  check(run([{ data: text, ref: file }], CTX));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return;
  }
  check(run([{ data: parsed, ref: file }], CTX));
}

const EXPECTATIONS: Record<string, (t: Tally) => void> = {
  'falco-create_nginx_pod_privileged.json': (t) => {
    // A privileged nginx is no builder: only the deploy of its image, by the replicaset-controller.
    expect(t.signals).toHaveLength(1);
    expect(byRule(t, 'privileged-builder')).toEqual([]);
    expect(byRule(t, 'builder-pod')).toEqual([]);
    expect(byRule(t, 'workload-deploy')[0]).toEqual({
      kind: 'deploy',
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      rule: 'workload-deploy',
      time: '2018-10-25T14:09:12.581Z',
      source: 'eks-audit',
      ref: 'falco-create_nginx_pod_privileged.json',
      cluster: 'minikube',
      actor: {
        k8sUser: 'system:serviceaccount:kube-system:replicaset-controller',
        k8sGroups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
      },
      host: { pod: { namespace: 'default', name: 'nginx-deployment-5cdcc99dbf-rgw6z' } },
      image: 'docker.io/library/nginx',
      images: ['docker.io/library/nginx'],
      namespace: 'default',
      workloadKind: 'Pod',
      workloadName: 'nginx-deployment-5cdcc99dbf-rgw6z',
      verb: 'create',
    });
  },
  'falco-create_nginx_pod_sensitive_mount_2nd_container.json': (t) => {
    // hostPath /etc is sensitive but no runtime socket.
    expect(byRule(t, 'runtime-socket-mount')).toEqual([]);
    expect(t.signals).toHaveLength(1);
    expect(byRule(t, 'workload-deploy')[0]).toMatchObject({
      images: ['docker.io/library/nginx', 'docker.io/library/mysql:latest'],
      workloadName: 'nginx-deployment-f7f486546-hzhsw',
      time: '2018-10-25T17:55:18.926Z',
    });
  },
  'falco-create_nginx_pod_hostnetwork.json': (t) => {
    expect(t.signals).toHaveLength(1);
    expect(byRule(t, 'workload-deploy')[0]).toMatchObject({ images: ['docker.io/library/nginx'], workloadKind: 'Pod', workloadName: 'nginx-deployment-754c877bcd-zh5qx', time: '2018-10-26T09:09:28.675Z' });
  },
  'falco-create_deployment.json': (t) => {
    expect(t.signals).toHaveLength(1);
    expect(byRule(t, 'workload-deploy')[0]).toMatchObject({
      images: ['docker.io/library/nginx'],
      namespace: 'default',
      workloadKind: 'Deployment',
      workloadName: 'nginx-deployment',
      verb: 'create',
      actor: { k8sUser: 'minikube-user', k8sGroups: ['system:masters', 'system:authenticated'] },
      time: '2018-10-26T13:07:36.911Z',
    });
    expect(t.signals[0]!.host).toBeUndefined();
  },
  'falco-exec_pod.json': (t) => {
    // `kubectl exec … bash` runs no build.
    expect(t.signals).toEqual([]);
    expect(t.summary().ignored).toEqual({ 'eks-audit:no-match': 1 });
  },
  'falco-attach_pod.json': (t) => {
    expect(t.signals).toEqual([]);
    expect(t.summary().ignored).toEqual({ 'eks-audit:irrelevant-resource': 1 });
  },
  'falco-fal_01_003-malformed.json': (t) => {
    expect(t.signals).toEqual([]);
    expect(t.summary().rejected).toEqual({ 'eks-audit:not-an-audit-event': 1 });
    expect(t.rejectSamples[0]).toMatchObject({ reason: 'eks-audit:not-an-audit-event', ref: 'falco-fal_01_003-malformed.json' });
  },
};

describe('EKS audit corpus', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json'));

  it('has an expectation for every sample file', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTATIONS).sort());
  });

  it.each(files)('reads %s with its expected outcome, as a string and as an object', (file) => {
    both(file, (t) => {
      expect(t.records).toBe(1);
      EXPECTATIONS[file]!(t);
    });
  });

  it('reads the whole corpus as one batch: 4 deploys, one reject, two ignores', () => {
    const t = run(files.map((f) => ({ data: read(f), ref: f })), CTX);
    expect(t.summary()).toEqual({
      records: 7,
      signals: { build: 0, egress: 0, push: 0, deploy: 4, link: 0, capability: 0, scan: 0 },
      rejected: { 'eks-audit:not-an-audit-event': 1 },
      ignored: { 'eks-audit:irrelevant-resource': 1, 'eks-audit:no-match': 1 },
      skipData: 0,
    });
  });
});
