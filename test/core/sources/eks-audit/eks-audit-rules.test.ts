/**
 * How the EKS audit rules share a pod: one signal per pod per method, builders found by image or
 * command, controllers' objects, kubectl debug, and the link rules' less common shapes. The
 * per-rule positive/negative events live beside the rules (lambdas/core/rules/eks-audit/*.events.json).
 */
import type { BuildSignal, CapabilitySignal, DeploySignal, PodLinkSignal } from '../../../../lambdas/core/model/signal';
import { CI_USER, KANIKO, auditEvent, byRule, controllerUser, podCreate, podObject, records, run } from './audit-fixtures';

const DIND = { name: 'dind', image: 'docker:27-dind', securityContext: { privileged: true }, volumeMounts: [{ name: 'sock', mountPath: '/var/run/docker.sock' }] };
const SOCK = [{ name: 'sock', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } }];

describe('EKS audit rules together', () => {
  it('gives a privileged dind pod that mounts docker.sock one build (privileged-builder) and the socket as a capability', () => {
    const t = run(records(podCreate(podObject({ name: 'dind-0', containers: [DIND], volumes: SOCK }))));
    expect(t.signals.map((s) => [s.rule, s.kind])).toEqual([
      ['privileged-builder', 'build'],
      ['runtime-socket-mount', 'capability'],
      ['workload-deploy', 'deploy'],
    ]);
    expect(byRule(t, 'runtime-socket-mount')[0]).toMatchObject({
      capability: 'runtime-socket',
      runtime: 'docker',
      privileged: true,
      hostPaths: ['/var/run/docker.sock'],
      owner: { kind: 'Pod', name: 'dind-0' },
      host: { pod: { namespace: 'ci', name: 'dind-0' } },
    });
    expect(new Set(t.signals.map((s) => s.id)).size).toBe(3);
  });

  describe('runtime-socket capability owner', () => {
    const agent = { name: 'agent', image: 'gcr.io/datadoghq/agent:7', volumeMounts: [{ name: 'sock', mountPath: '/host/var/run/docker.sock' }] };
    const withMeta = (pod: Record<string, unknown>, meta: Record<string, unknown>) => ({ ...pod, metadata: { ...(pod['metadata'] as object), ...meta } });
    const ownerOf = (pod: Record<string, unknown>, o: Parameters<typeof podCreate>[1] = {}) =>
      (byRule(run(records(podCreate(pod, o))), 'runtime-socket-mount') as CapabilitySignal[]).map((s) => s.owner);
    const rsRef = (name: string, controller?: boolean) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid: 'u', ...(controller !== undefined ? { controller } : {}) });

    it('is a capability, never a build, for a monitoring agent: no builder image, no build command', () => {
      const t = run(records(podCreate(podObject({ generateName: 'datadog-agent-', containers: [agent], volumes: SOCK }), { user: controllerUser('daemon-set-controller') })));
      expect(t.signals.map((s) => s.kind)).toEqual(['capability', 'deploy']);
    });

    it('names the controller: controller: true first, else the first reference', () => {
      const pod = podObject({ generateName: 'x-', containers: [agent], volumes: SOCK });
      const refs = [{ kind: 'ConfigMap', name: 'cfg', apiVersion: 'v1', uid: 'c' }, { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'datadog-agent', uid: 'd', controller: true }];
      expect(ownerOf(withMeta(pod, { ownerReferences: refs }))).toEqual([{ kind: 'DaemonSet', name: 'datadog-agent' }]);
      expect(ownerOf(withMeta(pod, { ownerReferences: [refs[0]] }))).toEqual([{ kind: 'ConfigMap', name: 'cfg' }]);
    });

    it('reports a ReplicaSet owner as its Deployment: the pod-template-hash label, else a hash-like suffix', () => {
      const pod = podObject({ generateName: 'web-7d9f8c6b5d-', containers: [agent], volumes: SOCK });
      expect(ownerOf(withMeta(pod, { ownerReferences: [rsRef('web-7d9f8c6b5d', true)] }))).toEqual([{ kind: 'Deployment', name: 'web' }]);
      expect(ownerOf(withMeta(pod, { labels: { 'pod-template-hash': '1234567890' }, ownerReferences: [rsRef('api-v2-1234567890', true)] }))).toEqual([{ kind: 'Deployment', name: 'api-v2' }]);
      // A standalone ReplicaSet whose name carries no hash stays a ReplicaSet.
      expect(ownerOf(withMeta(pod, { ownerReferences: [rsRef('frontend', true)] }))).toEqual([{ kind: 'ReplicaSet', name: 'frontend' }]);
    });

    it('falls back to the generateName prefix (kind Pod), then to the pod itself', () => {
      expect(ownerOf(podObject({ generateName: 'runner-abc-', containers: [agent], volumes: SOCK }))).toEqual([{ kind: 'Pod', name: 'runner-abc' }]);
      expect(ownerOf(podObject({ name: 'debug-1', containers: [agent], volumes: SOCK }))).toEqual([{ kind: 'Pod', name: 'debug-1' }]);
    });

    it('names a workload object by itself, or by its own controller (a ReplicaSet of a Deployment)', () => {
      const template = { spec: { template: { spec: { containers: [agent], volumes: SOCK } } } };
      const ds = auditEvent({ objectRef: { resource: 'daemonsets', apiGroup: 'apps', namespace: 'datadog', name: 'datadog-agent' }, requestObject: { kind: 'DaemonSet', metadata: { name: 'datadog-agent' }, ...template } });
      const rs = auditEvent({
        auditID: 'rs',
        user: controllerUser('deployment-controller'),
        objectRef: { resource: 'replicasets', apiGroup: 'apps', namespace: 'shop' },
        requestObject: { kind: 'ReplicaSet', metadata: { name: 'web-7d9f8c6b5d', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'w', controller: true }] }, ...template },
      });
      const t = run(records(ds, rs));
      expect((byRule(t, 'runtime-socket-mount') as CapabilitySignal[]).map((s) => [s.owner, s.host])).toEqual([
        [{ kind: 'DaemonSet', name: 'datadog-agent' }, undefined],
        [{ kind: 'Deployment', name: 'web' }, undefined],
      ]);
    });
  });

  it('reports the builder container that names a destination when a pod has several', () => {
    const cli = { name: 'cli', image: 'docker:27-cli', command: ['docker', 'build', '-t', 'reg.io/team/app:7', '.'] };
    const t = run(records(podCreate(podObject({ name: 'b', containers: [{ ...DIND, volumeMounts: [] }, cli] }))));
    expect(byRule(t, 'privileged-builder')).toEqual([expect.objectContaining({ tool: 'docker', image: 'reg.io/team/app:7', command: 'docker build -t reg.io/team/app:7 .' })]);
    expect(byRule(t, 'builder-pod')).toEqual([]);
  });

  it('finds a builder by its command in an ordinary image', () => {
    const c = { name: 'b', image: 'alpine:3.20', command: ['/bin/sh', '-c'], args: ['apk add buildah && buildah bud -t quay.io/acme/a:1 .'] };
    expect(byRule(run(records(podCreate(podObject({ name: 'b', containers: [c] })))), 'builder-pod')).toEqual([
      expect.objectContaining({ tool: 'buildah', image: 'quay.io/acme/a:1' }),
    ]);
  });

  it('reads kaniko --destination=$(IMAGE) through the container env', () => {
    const c = { ...KANIKO, args: ['--destination=$(IMAGE)'], env: [{ name: 'IMAGE', value: 'ghcr.io/acme/tekton-built:1' }] };
    expect(byRule(run(records(podCreate(podObject({ name: 'k', containers: [c] })))), 'builder-pod')[0]).toMatchObject({ image: 'ghcr.io/acme/tekton-built:1' });
  });

  it('names a generateName-only pod by its generateName and leaves host.pod out (its real name is unknown)', () => {
    const t = run(records(podCreate(podObject({ generateName: 'kaniko-', containers: [KANIKO], nodeName: 'ip-10-0-1-2.ec2.internal' }))));
    const [b] = byRule(t, 'builder-pod') as BuildSignal[];
    expect(b).toMatchObject({ workload: 'kaniko-', host: { nodeName: 'ip-10-0-1-2.ec2.internal', ip: '10.0.1.2' } });
    expect(b!.host!.pod).toBeUndefined();
    expect((byRule(t, 'workload-deploy')[0] as DeploySignal).workloadName).toBe('kaniko-');
  });

  it('treats kubectl debug (pods/ephemeralcontainers) with a builder image as a builder and a deploy', () => {
    const patch = { spec: { ephemeralContainers: [{ name: 'debugger-x1', image: 'gcr.io/kaniko-project/executor:debug', command: ['/busybox/sh'] }] } };
    const e = auditEvent({
      verb: 'patch',
      code: 200,
      objectRef: { resource: 'pods', namespace: 'shop', name: 'shop-7d9c', subresource: 'ephemeralcontainers', apiVersion: 'v1' },
      requestURI: '/api/v1/namespaces/shop/pods/shop-7d9c/ephemeralcontainers',
      requestObject: patch,
    });
    const t = run(records(e));
    expect(byRule(t, 'builder-pod')).toEqual([expect.objectContaining({ tool: 'kaniko', workload: 'shop-7d9c', host: { pod: { namespace: 'shop', name: 'shop-7d9c' } } })]);
    expect(byRule(t, 'workload-deploy')).toEqual([expect.objectContaining({ images: ['gcr.io/kaniko-project/executor:debug'], verb: 'patch', workloadKind: 'Pod' })]);
  });

  it('does not re-report a builder on a pod update (containers are fixed at create) but records the image change', () => {
    const pod = podObject({ name: 'k', containers: [KANIKO] });
    const t = run(records(auditEvent({ verb: 'update', code: 200, objectRef: { resource: 'pods', namespace: 'ci', name: 'k', apiVersion: 'v1' }, requestObject: pod })));
    expect(t.signals.map((s) => s.rule)).toEqual(['workload-deploy']);
  });

  describe('objects built-in controllers write', () => {
    it('keeps controller-created pods as deploys (and builds) with the controller as actor', () => {
      const pod = podObject({ generateName: 'img-job-', containers: [KANIKO] });
      const t = run(records(podCreate(pod, { user: controllerUser('job-controller') })));
      expect(t.signals.map((s) => s.rule)).toEqual(['builder-pod', 'workload-deploy']);
      expect(t.signals.every((s) => s.actor?.k8sUser === 'system:serviceaccount:kube-system:job-controller')).toBe(true);
    });

    it('keeps a ReplicaSet the deployment-controller creates, ignores its later updates', () => {
      const rs = { kind: 'ReplicaSet', metadata: { name: 'shop-1' }, spec: { template: { spec: { containers: [{ name: 'a', image: 'reg.io/shop:2' }] } } } };
      const ref = { resource: 'replicasets', apiGroup: 'apps', namespace: 'shop', name: 'shop-1' };
      const created = auditEvent({ auditID: 'c', user: controllerUser('deployment-controller'), objectRef: ref, requestObject: rs });
      const updated = auditEvent({ auditID: 'u', verb: 'update', code: 200, user: controllerUser('deployment-controller'), objectRef: ref, requestObject: rs });
      const t = run(records(created, updated));
      expect(byRule(t, 'workload-deploy')).toEqual([expect.objectContaining({ images: ['reg.io/shop:2'], workloadKind: 'ReplicaSet', verb: 'create' })]);
      expect(t.summary().ignored).toEqual({ 'eks-audit:controller-update': 1 });
    });

    it('keeps updates by other kube-system service accounts (not built-in controllers)', () => {
      const dep = { spec: { template: { spec: { containers: [{ name: 'a', image: 'reg.io/x:1' }] } } } };
      const e = auditEvent({ verb: 'update', code: 200, user: controllerUser('tiller'), objectRef: { resource: 'deployments', apiGroup: 'apps', namespace: 'x', name: 'x' }, requestObject: dep });
      expect(byRule(run(records(e)), 'workload-deploy')).toHaveLength(1);
    });
  });

  describe('workload-deploy images', () => {
    const ref = { resource: 'deployments', apiGroup: 'apps', namespace: 'shop', name: 'shop' };
    const full = { spec: { template: { spec: { containers: [{ name: 'a', image: 'reg.io/shop:3' }, { name: 'b', image: 'reg.io/shop:3' }] } } } };

    it('takes the responseObject when the patch itself names no image (kubectl rollout restart re-pulls them)', () => {
      const restart = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-05-02T10:00:00Z' } } } } };
      const t = run(records(auditEvent({ verb: 'patch', code: 200, objectRef: ref, requestObject: restart, responseObject: full })));
      expect(byRule(t, 'workload-deploy')).toEqual([expect.objectContaining({ images: ['reg.io/shop:3'], image: 'reg.io/shop:3' })]);
    });

    it('reads JSON-patch ops that add a whole container', () => {
      const ops = [{ op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'side', image: 'ghcr.io/x/side:1' } }, { op: 'remove', path: '/spec/replicas' }];
      expect(byRule(run(records(auditEvent({ verb: 'patch', code: 200, objectRef: ref, requestObject: ops }))), 'workload-deploy')[0]).toMatchObject({ images: ['ghcr.io/x/side:1'] });
    });

    it('emits nothing for a patch without images and without a responseObject', () => {
      const t = run(records(auditEvent({ verb: 'patch', code: 200, objectRef: ref, requestObject: { metadata: { labels: { a: 'b' } } } })));
      expect(t.signals).toEqual([]);
      expect(t.summary().ignored).toEqual({ 'eks-audit:no-match': 1 });
    });
  });

  describe('links', () => {
    it('reads the older namespaced bindings resource', () => {
      const e = auditEvent({
        objectRef: { resource: 'bindings', namespace: 'ci', apiVersion: 'v1' },
        requestObject: { kind: 'Binding', metadata: { name: 'p1', namespace: 'ci' }, target: { kind: 'Node', name: 'i-0123456789abcdef0' } },
      });
      expect(byRule(run(records(e)), 'pod-binding')).toEqual([
        expect.objectContaining({ link: 'pod-node', pod: { namespace: 'ci', name: 'p1' }, nodeName: 'i-0123456789abcdef0', host: { pod: { namespace: 'ci', name: 'p1' }, nodeName: 'i-0123456789abcdef0', instanceId: 'i-0123456789abcdef0' } }),
      ]);
    });

    it('puts a pod created on a named node (spec.nodeName: kubectl debug node/…, never bound) on that node from its creation', () => {
      const node = 'ip-10-0-2-59.ec2.internal';
      const debuggerPod = podObject({ name: `node-debugger-${node}-j9kpd`, namespace: 'default', nodeName: node, containers: [{ name: 'debugger', image: 'busybox:1.36', volumeMounts: [{ name: 'host-root', mountPath: '/host' }] }], volumes: [{ name: 'host-root', hostPath: { path: '/' } }] });
      const pod = { namespace: 'default', name: `node-debugger-${node}-j9kpd` };
      expect(byRule(run(records(podCreate(debuggerPod))), 'pod-binding')).toEqual([expect.objectContaining({ link: 'pod-node', pod, nodeName: node, host: { pod, nodeName: node, ip: '10.0.2.59' }, time: '2024-05-02T10:15:01.140Z' })]);
      // A pod the scheduler places names no node when created; a failed create put nothing anywhere.
      expect(byRule(run(records(podCreate(podObject({ name: 'web-1' })))), 'pod-binding')).toEqual([]);
      expect(byRule(run(records(podCreate(debuggerPod, { code: 403 }))), 'pod-binding')).toEqual([]);
    });

    it('does not bind to something that is not a Node', () => {
      const e = auditEvent({ objectRef: { resource: 'pods', subresource: 'binding', namespace: 'ci', name: 'p1' }, requestObject: { target: { kind: 'VirtualNode', name: 'x' } } });
      expect(run(records(e)).signals).toEqual([]);
    });

    it('reads a pod IP from a full pods/status update, without a node when the writer is not a kubelet', () => {
      const e = auditEvent({
        verb: 'update',
        code: 200,
        user: CI_USER,
        objectRef: { resource: 'pods', subresource: 'status', namespace: 'ci', name: 'p1' },
        requestObject: { kind: 'Pod', metadata: { name: 'p1' }, status: { podIP: '10.0.5.6' } },
      });
      const [link] = byRule(run(records(e)), 'pod-status') as PodLinkSignal[];
      expect(link).toMatchObject({ link: 'pod-ip', podIp: '10.0.5.6', host: { pod: { namespace: 'ci', name: 'p1' } } });
      expect(link!.nodeName).toBeUndefined();
    });

    it('reads a pod IP and the pod\'s end from one kubelet status patch: a pod-ip and a pod-end link, distinct ids', () => {
      const e = auditEvent({
        verb: 'patch',
        code: 200,
        user: { username: 'system:node:ip-10-0-12-34.eu-west-1.compute.internal', groups: ['system:nodes'] },
        objectRef: { resource: 'pods', subresource: 'status', namespace: 'ci', name: 'k1' },
        requestObject: { status: { phase: 'Succeeded', hostIP: '10.0.12.34', podIP: '10.0.12.77', containerStatuses: [{ name: 'kaniko', state: { terminated: { exitCode: 0 } } }] } },
      });
      const t = run(records(e));
      expect(t.signals.map((s) => [s.rule, (s as PodLinkSignal).link])).toEqual([
        ['pod-status', 'pod-ip'],
        ['pod-end', 'pod-end'],
      ]);
      expect(byRule(t, 'pod-end')[0]).toMatchObject({ reason: 'Succeeded', nodeName: 'ip-10-0-12-34.eu-west-1.compute.internal', pod: { namespace: 'ci', name: 'k1' } });
      expect(t.signals[0]!.id).not.toBe(t.signals[1]!.id);
    });

    it('ends a pod on a successful delete, at Metadata level too, and counts nothing as no-request-object', () => {
      const del = auditEvent({ verb: 'delete', code: 200, level: 'Metadata', objectRef: { resource: 'pods', namespace: 'ci', name: 'k1', apiVersion: 'v1' }, requestURI: '/api/v1/namespaces/ci/pods/k1' });
      const t = run(records(del));
      expect(t.signals).toEqual([expect.objectContaining({ rule: 'pod-end', link: 'pod-end', reason: 'deleted', pod: { namespace: 'ci', name: 'k1' }, time: '2024-05-02T10:15:01.140Z' })]);
      expect(t.summary().ignored).toEqual({});
    });

    it('ignores invalid pod IPs', () => {
      const e = auditEvent({ verb: 'patch', code: 200, objectRef: { resource: 'pods', subresource: 'status', namespace: 'ci', name: 'p1' }, requestObject: { status: { podIP: '10.0.5', podIPs: [{ ip: 'x' }] } } });
      expect(run(records(e)).signals).toEqual([]);
    });
  });

  it('gives each rule its own id for one auditID, and the same ids on every run', () => {
    const e = podCreate(podObject({ name: 'dind-0', containers: [DIND], volumes: SOCK }));
    const a = run(records(e)).signals.map((s) => s.id);
    const b = run(records(JSON.stringify(e))).signals.map((s) => s.id);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(a.length);
  });
});
