/**
 * normalizeEksAudit: from CloudWatch Logs audit messages (or parsed events) to signals, with a
 * counted reason for everything else. Batch behaviour: envelopes, streams, stages, failures, time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterOfLogGroup } from '../../../../lambdas/core/records/eks-audit/log-group';
import { CI_USER, EKS_CTX, KANIKO, auditEvent, byRule, controllerUser, podCreate, podObject, records, run } from './audit-fixtures';

const kanikoPod = () => podCreate(podObject({ name: 'kaniko-1', containers: [KANIKO] }));

describe('normalizeEksAudit', () => {
  describe('a real EKS CloudWatch Logs delivery', () => {
    const payload = JSON.parse(readFileSync(join(__dirname, 'fixtures/eks-cwl-decoded-kaniko-build.json'), 'utf8')) as {
      owner: string;
      logGroup: string;
      logStream: string;
      logEvents: Array<{ id: string; timestamp: number; message: string }>;
    };
    const recs = payload.logEvents.map((e) => ({ data: e.message, ref: `cwl:${payload.logGroup}/${payload.logStream}#${e.id}`, timestamp: e.timestamp }));
    const t = run(recs, { logGroup: payload.logGroup, logStream: payload.logStream, account: payload.owner, region: 'eu-west-1' });

    it('turns the kaniko pod create of a CI role session into one build of its destination image', () => {
      const [build] = byRule(t, 'builder-pod');
      expect(build).toEqual({
        kind: 'build',
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        rule: 'builder-pod',
        time: '2024-05-02T10:15:01.140Z',
        source: 'eks-audit',
        ref: recs[0]!.ref,
        account: '111122223333',
        region: 'eu-west-1',
        cluster: 'prod',
        actor: {
          arn: 'arn:aws:iam::111122223333:role/gitlab-ci-runner',
          sessionArn: 'arn:aws:sts::111122223333:assumed-role/gitlab-ci-runner/gitlab-runner-7f9c',
          sessionName: 'gitlab-runner-7f9c',
          k8sUser: 'arn:aws:sts::111122223333:assumed-role/gitlab-ci-runner/gitlab-runner-7f9c',
          k8sGroups: ['ci:deployers', 'system:authenticated'],
        },
        host: { pod: { namespace: 'ci', name: 'kaniko-build-7x2k' } },
        method: 'builder-pod',
        image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/app:1.4.2',
        tool: 'kaniko',
        command: '--dockerfile=Dockerfile --context=git://gitlab.acme.io/shop/app.git#refs/heads/main --destination=111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/app:1.4.2',
        namespace: 'ci',
        workload: 'kaniko-build-7x2k',
        privileged: false,
        // kaniko names a --destination and no --no-push: it says it pushes.
        noPush: false,
      });
    });

    it('also records the deploy of the kaniko image itself', () => {
      expect(byRule(t, 'workload-deploy')).toEqual([expect.objectContaining({ images: ['gcr.io/kaniko-project/executor:v1.23.2'], workloadKind: 'Pod', workloadName: 'kaniko-build-7x2k' })]);
    });

    it('links the pod to its node (binding) and to its IP (kubelet status patch)', () => {
      expect(byRule(t, 'pod-binding')).toEqual([
        expect.objectContaining({ link: 'pod-node', nodeName: 'ip-10-0-12-34.eu-west-1.compute.internal', host: expect.objectContaining({ ip: '10.0.12.34' }), time: '2024-05-02T10:15:01.180Z' }),
      ]);
      expect(byRule(t, 'pod-status')).toEqual([
        expect.objectContaining({ link: 'pod-ip', podIp: '10.0.12.77', pod: { namespace: 'ci', name: 'kaniko-build-7x2k' }, time: '2024-05-02T10:15:03.402Z' }),
      ]);
    });

    it('counts the pod watch as a read', () => {
      expect(t.summary()).toMatchObject({ records: 4, signals: { build: 1, deploy: 1, link: 2 }, rejected: {}, ignored: { 'eks-audit:read-only-verb': 1 } });
    });
  });

  describe('cluster and stream', () => {
    it('reads the cluster from /aws/eks/<cluster>/cluster', () => {
      expect(clusterOfLogGroup('/aws/eks/prod-eu/cluster')).toBe('prod-eu');
      expect(clusterOfLogGroup('/aws/eks/cluster')).toBeUndefined();
      expect(clusterOfLogGroup('/aws/eks/a/b/cluster')).toBeUndefined();
      expect(clusterOfLogGroup('/aws/lambda/x')).toBeUndefined();
      expect(clusterOfLogGroup(undefined)).toBeUndefined();
    });

    it('prefers ctx.cluster over the log group', () => {
      const t = run(records(kanikoPod()), { ...EKS_CTX, cluster: 'explicit' });
      expect(t.signals.every((s) => s.cluster === 'explicit')).toBe(true);
    });

    it('leaves cluster unset when nothing names it', () => {
      const t = run(records(kanikoPod()), {});
      expect(t.signals.length).toBeGreaterThan(0);
      expect(t.signals.every((s) => s.cluster === undefined)).toBe(true);
    });

    it('ignores every record of a non-audit stream of the cluster log group, one count each', () => {
      const t = run(records(kanikoPod(), 'I0502 10:15:01.123 1 handler.go:143] kube-apiserver: GET /healthz'), { ...EKS_CTX, logStream: 'kube-apiserver-0a1b2c3d' });
      expect(t.summary()).toMatchObject({ records: 2, ignored: { 'eks-audit:not-audit-stream': 2 }, rejected: {} });
      expect(t.signals).toEqual([]);
    });

    it('reads records when no stream is known (replayed files)', () => {
      expect(run(records(kanikoPod()), { logGroup: '/aws/eks/prod/cluster' }).signals.length).toBe(2);
    });
  });

  describe('record envelopes', () => {
    it('rejects unparseable messages and keeps reading the batch', () => {
      const t = run(records('{"kind":"Event",', kanikoPod()));
      expect(t.summary().rejected).toEqual({ 'eks-audit:invalid-json': 1 });
      expect(t.rejectSamples[0]).toMatchObject({ reason: 'eks-audit:invalid-json', ref: 'r1' });
      expect(byRule(t, 'builder-pod')).toHaveLength(1);
    });

    it.each([
      ['a number', 42],
      ['null', null],
      ['an array', [auditEvent()]],
      ['a core v1 Event (kubectl get events)', { kind: 'Event', apiVersion: 'v1', reason: 'Pulled', involvedObject: { kind: 'Pod' } }],
      ['{"kind":0}', { kind: 0 }],
    ])('rejects %s as not an audit event', (_name, data) => {
      expect(run(records(data)).summary().rejected).toEqual({ 'eks-audit:not-an-audit-event': 1 });
    });

    it('rejects events without auditID or verb as invalid', () => {
      const noId = { ...auditEvent(), auditID: undefined };
      const noVerb = { ...auditEvent(), verb: 7 };
      const t = run(records(noId, noVerb));
      expect(t.summary().rejected).toEqual({ 'eks-audit:invalid-event': 2 });
    });

    it('accepts audit.k8s.io/v1beta1 events without kind', () => {
      const e = { ...kanikoPod(), apiVersion: 'audit.k8s.io/v1beta1', kind: undefined };
      expect(byRule(run(records(e)), 'builder-pod')).toHaveLength(1);
    });

    it('expands a webhook EventList (items without kind), each item with its own ref', () => {
      const a = kanikoPod();
      const b = auditEvent({ auditID: 'b', verb: 'get', objectRef: { resource: 'pods', namespace: 'ci', name: 'x', apiVersion: 'v1' } });
      delete a['kind'];
      delete b['kind'];
      const list = { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: [a, b, 'garbage'] };
      const t = run(records(JSON.stringify(list)));
      expect(t.records).toBe(1);
      expect(byRule(t, 'builder-pod')).toEqual([expect.objectContaining({ ref: 'r1#items[0]' })]);
      expect(t.summary().ignored).toEqual({ 'eks-audit:read-only-verb': 1 });
      expect(t.summary().rejected).toEqual({ 'eks-audit:invalid-event': 1 });
    });

    it('ignores an empty EventList with a reason', () => {
      expect(run(records({ kind: 'EventList', items: [] })).summary().ignored).toEqual({ 'eks-audit:empty-event-list': 1 });
    });

    it('unwraps AKS diagnostic records whose properties.log is a JSON string or an object', () => {
      const asString = { category: 'kube-audit', properties: { log: JSON.stringify(kanikoPod()) } };
      const asObject = { category: 'kube-audit', properties: { log: { ...kanikoPod(), auditID: 'other' } } };
      expect(byRule(run(records(asString, asObject)), 'builder-pod')).toHaveLength(2);
      expect(run(records({ properties: { log: '{oops' } })).summary().rejected).toEqual({ 'eks-audit:invalid-json': 1 });
    });
  });

  describe('stages of one request', () => {
    const received = () => ({ ...kanikoPod(), stage: 'RequestReceived', responseStatus: undefined, stageTimestamp: '2024-05-02T10:15:01.123456Z' });

    it('keeps one event per auditID, preferring the stage with the response', () => {
      const t = run(records(received(), kanikoPod()));
      expect(byRule(t, 'builder-pod')).toEqual([expect.objectContaining({ ref: 'r2', time: '2024-05-02T10:15:01.140Z' })]);
      expect(t.summary().ignored).toEqual({ 'eks-audit:duplicate-stage': 1 });
    });

    it('gives the same signal ids to stages delivered in different batches', () => {
      const first = run(records(received()));
      const second = run(records(kanikoPod()));
      expect(first.signals.map((s) => s.id)).toEqual(second.signals.map((s) => s.id));
      expect(first.signals.length).toBe(2);
    });

    it('does not treat RequestReceived (no responseStatus) as a failure', () => {
      expect(byRule(run(records(received())), 'builder-pod')).toHaveLength(1);
    });

    it('drops a request whose response failed, even when another stage of it looked fine', () => {
      const denied = podCreate(podObject({ name: 'kaniko-1', containers: [KANIKO] }), { code: 403 });
      const t = run(records(received(), denied));
      expect(t.signals).toEqual([]);
      expect(t.summary().ignored).toEqual({ 'eks-audit:duplicate-stage': 1, 'eks-audit:request-failed': 1 });
    });

    it('treats status Failure and the Panic stage as failed', () => {
      const failure = { ...kanikoPod(), auditID: 'f', responseStatus: { metadata: {}, status: 'Failure' } };
      const panic = { ...kanikoPod(), auditID: 'p', stage: 'Panic', responseStatus: undefined };
      expect(run(records(failure, panic)).summary().ignored).toEqual({ 'eks-audit:request-failed': 2 });
    });
  });

  describe('signal time', () => {
    const base = () => podCreate(podObject({ name: 'k', containers: [KANIKO] }));
    const timeOf = (e: Record<string, unknown>, envelope?: number) => run([{ data: e, ref: 'r', ...(envelope !== undefined ? { timestamp: envelope } : {}) }]).signals[0]?.time;

    it('uses stageTimestamp first (microseconds cut to ms)', () => {
      expect(timeOf(base())).toBe('2024-05-02T10:15:01.140Z');
    });

    it('falls back to the v1beta1 timestamp, then requestReceivedTimestamp, then the envelope', () => {
      expect(timeOf({ ...base(), stageTimestamp: undefined, timestamp: '2018-10-25T14:09:12Z' })).toBe('2018-10-25T14:09:12.000Z');
      expect(timeOf({ ...base(), stageTimestamp: undefined })).toBe('2024-05-02T10:15:01.123Z');
      expect(timeOf({ ...base(), stageTimestamp: 'soon', requestReceivedTimestamp: undefined }, 1714644901999)).toBe('2024-05-02T10:15:01.999Z');
    });

    it('reads Panther-style "YYYY-MM-DD HH:MM:SS.fff" as UTC', () => {
      expect(timeOf({ ...base(), stageTimestamp: '2024-05-02 10:15:01.140' })).toBe('2024-05-02T10:15:01.140Z');
    });

    it('rejects an event with no time at all', () => {
      const t = run(records({ ...base(), stageTimestamp: undefined, requestReceivedTimestamp: undefined }));
      expect(t.summary().rejected).toEqual({ 'eks-audit:invalid-time': 1 });
    });
  });

  describe('counted reasons for events no rule needs', () => {
    it.each([
      ['a list', 'eks-audit:read-only-verb', auditEvent({ verb: 'list' })],
      ['a Deployment delete', 'eks-audit:irrelevant-verb', auditEvent({ verb: 'delete', objectRef: { resource: 'deployments', apiGroup: 'apps', namespace: 'ci', name: 'x', apiVersion: 'v1' } })],
      ['a pods/log get', 'eks-audit:read-only-verb', auditEvent({ verb: 'get', objectRef: { resource: 'pods', subresource: 'log', namespace: 'ci', name: 'x', apiVersion: 'v1' } })],
      ['a pod deletecollection', 'eks-audit:irrelevant-verb', auditEvent({ verb: 'deletecollection', objectRef: { resource: 'pods', namespace: 'ci', apiVersion: 'v1' } })],
      ['a pod delete still only received (no response yet)', 'eks-audit:no-match', auditEvent({ verb: 'delete', stage: 'RequestReceived', objectRef: { resource: 'pods', namespace: 'ci', name: 'x', apiVersion: 'v1' } })],
      ['a ConfigMap create', 'eks-audit:irrelevant-resource', auditEvent({ objectRef: { resource: 'configmaps', namespace: 'ci', apiVersion: 'v1' }, requestObject: { data: {} } })],
      ['a custom resource named jobs', 'eks-audit:irrelevant-resource', auditEvent({ objectRef: { resource: 'jobs', apiGroup: 'batch.volcano.sh', namespace: 'ci' }, requestObject: {} })],
      ['a Metadata-level pod create', 'eks-audit:no-request-object', auditEvent({ level: 'Metadata' })],
      ['a pods/exec delete', 'eks-audit:irrelevant-verb', auditEvent({ verb: 'delete', objectRef: { resource: 'pods', subresource: 'exec', namespace: 'ci', name: 'x' } })],
      [
        'a ReplicaSet patch by the deployment-controller',
        'eks-audit:controller-update',
        auditEvent({ verb: 'patch', user: controllerUser('deployment-controller'), objectRef: { resource: 'replicasets', apiGroup: 'apps', namespace: 'ci', name: 'rs' }, requestObject: { spec: { replicas: 2 } } }),
      ],
      ['a pod create with an unusable image', 'eks-audit:no-match', podCreate(podObject({ name: 'x', containers: [{ name: 'x', image: 'Not A Ref' }] }))],
    ])('%s → %s', (_n, reason, event) => {
      const t = run(records(event));
      expect(t.signals).toEqual([]);
      expect(t.summary().ignored).toEqual({ [reason]: 1 });
    });
  });

  it('counts every record once in tally.records', () => {
    const t = run(records(kanikoPod(), '{', { kind: 'EventList', items: [auditEvent({ auditID: 'x' }), auditEvent({ auditID: 'y' })] }));
    expect(t.records).toBe(3);
  });

  it('normalizes the user.extra of an IAM user and keeps Kubernetes groups', () => {
    const user = { ...CI_USER, username: 'kubernetes-admin', extra: { arn: ['arn:aws:iam::111122223333:user/alice'], sessionName: [''] } };
    const t = run(records(podCreate(podObject({ name: 'k', containers: [KANIKO] }), { user })));
    expect(t.signals[0]!.actor).toEqual({ arn: 'arn:aws:iam::111122223333:user/alice', k8sUser: 'kubernetes-admin', k8sGroups: ['ci:deployers', 'system:authenticated'] });
  });
});
