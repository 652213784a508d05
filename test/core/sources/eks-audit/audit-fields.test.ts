/**
 * The small readers the EKS audit normalizer is built from: times, principals, node names,
 * requestURI queries, builder images, runtime host paths and pod specs.
 */
import { builderImageTool } from '../../../../lambdas/core/rules/eks-audit/builder-image';
import { normalizeHostPath, runtimeOfHostPath } from '../../../../lambdas/core/rules/eks-audit/runtime-socket';
import { normalizePrincipalArn } from '../../../../lambdas/core/model/principal-arn';
import { actorOf } from '../../../../lambdas/core/records/eks-audit/audit-actor';
import { parseAuditTime } from '../../../../lambdas/core/records/eks-audit/event-time';
import { hostOfNode, podHost } from '../../../../lambdas/core/records/eks-audit/node-host';
import { podSpecObject, readPodSpec, workloadKindOf } from '../../../../lambdas/core/records/eks-audit/pod-spec';
import { queryValues } from '../../../../lambdas/core/records/eks-audit/request-uri';

describe('parseAuditTime', () => {
  it.each([
    ['2018-10-26T13:42:46.764713Z', '2018-10-26T13:42:46.764Z'],
    ['2018-10-26T13:42:46Z', '2018-10-26T13:42:46.000Z'],
    ['2024-05-02 10:15:01.140', '2024-05-02T10:15:01.140Z'],
    ['2024-05-02T12:15:01.5+02:00', '2024-05-02T10:15:01.500Z'],
    ['2024-05-02T05:15:01-0500', '2024-05-02T10:15:01.000Z'],
  ])('reads %s as %s', (raw, iso) => {
    expect(new Date(parseAuditTime(raw)!).toISOString()).toBe(iso);
  });

  it('reads epoch seconds and milliseconds', () => {
    expect(parseAuditTime(1714644901)).toBe(1714644901000);
    expect(parseAuditTime(1714644901140)).toBe(1714644901140);
  });

  it.each([[''], ['yesterday'], ['2024-13-01T00:00:00Z'], ['2024-05-02T25:00:00Z'], [null], [{}], [-1], [Number.NaN], ['0001-01-01T00:00:00Z']])('refuses %p', (raw) => {
    expect(parseAuditTime(raw)).toBeUndefined();
  });
});

describe('normalizePrincipalArn', () => {
  it('turns an assumed-role session into its role and session name', () => {
    expect(normalizePrincipalArn('arn:aws:sts::111122223333:assumed-role/ci-deployer/i-0abc1234def567890')).toEqual({
      arn: 'arn:aws:iam::111122223333:role/ci-deployer',
      sessionName: 'i-0abc1234def567890',
    });
  });

  it('keeps the partition', () => {
    expect(normalizePrincipalArn('arn:aws-cn:sts::111122223333:assumed-role/r/s').arn).toBe('arn:aws-cn:iam::111122223333:role/r');
  });

  it.each([['arn:aws:iam::111122223333:user/alice'], ['arn:aws:iam::111122223333:role/x'], ['kubernetes-admin'], ['arn:aws:sts::1:assumed-role/']])('leaves %s as it is', (arn) => {
    expect(normalizePrincipalArn(arn)).toEqual({ arn });
  });
});

describe('actorOf', () => {
  it('reads EKS user.extra arrays', () => {
    expect(
      actorOf({
        username: 'system:node:ip-10-0-1-2.ec2.internal',
        groups: ['system:nodes'],
        extra: { accessKeyId: ['ASIA0'], arn: ['arn:aws:sts::111122223333:assumed-role/node-role/i-0123456789abcdef0'], sessionName: ['i-0123456789abcdef0'] },
      }),
    ).toEqual({
      k8sUser: 'system:node:ip-10-0-1-2.ec2.internal',
      k8sGroups: ['system:nodes'],
      arn: 'arn:aws:iam::111122223333:role/node-role',
      sessionArn: 'arn:aws:sts::111122223333:assumed-role/node-role/i-0123456789abcdef0',
      sessionName: 'i-0123456789abcdef0',
    });
  });

  it('falls back to canonicalArn, and to an ARN username (EKS access entries)', () => {
    expect(actorOf({ username: 'ci', extra: { canonicalArn: ['arn:aws:iam::1:role/r'] } })).toEqual({ k8sUser: 'ci', arn: 'arn:aws:iam::1:role/r' });
    expect(actorOf({ username: 'arn:aws:sts::111122223333:assumed-role/r/s' })).toMatchObject({ arn: 'arn:aws:iam::111122223333:role/r', sessionName: 's' });
  });

  it('reads the flattened form of an AWS doc sample (arn arrays in user)', () => {
    expect(actorOf({ username: 'kubernetes-admin', arn: ['arn:aws:iam::1234567890:user/awscli'], sessionName: [''] })).toEqual({
      k8sUser: 'kubernetes-admin',
      arn: 'arn:aws:iam::1234567890:user/awscli',
    });
  });

  it('names nobody for an empty or missing user', () => {
    expect(actorOf(undefined)).toBeUndefined();
    expect(actorOf({ extra: { arn: 5 } })).toBeUndefined();
  });
});

describe('hostOfNode / podHost', () => {
  it.each([
    ['ip-10-0-12-34.eu-west-1.compute.internal', { nodeName: 'ip-10-0-12-34.eu-west-1.compute.internal', ip: '10.0.12.34' }],
    ['ip-192-168-37-22.ec2.internal', { nodeName: 'ip-192-168-37-22.ec2.internal', ip: '192.168.37.22' }],
    ['i-0a1b2c3d4e5f60718.eu-west-1.compute.internal', { nodeName: 'i-0a1b2c3d4e5f60718.eu-west-1.compute.internal', instanceId: 'i-0a1b2c3d4e5f60718' }],
    ['i-0123abcd', { nodeName: 'i-0123abcd', instanceId: 'i-0123abcd' }],
    ['ip-10-0-300-1.ec2.internal', { nodeName: 'ip-10-0-300-1.ec2.internal' }],
    ['fargate-ip-10-0-1-2.ec2.internal', { nodeName: 'fargate-ip-10-0-1-2.ec2.internal' }],
    ['minikube', { nodeName: 'minikube' }],
  ])('reads %s', (name, host) => {
    expect(hostOfNode(name)).toEqual(host);
  });

  it('puts the pod on its node when both are known', () => {
    expect(podHost('ci', 'p', 'ip-10-0-1-2.x')).toEqual({ pod: { namespace: 'ci', name: 'p' }, nodeName: 'ip-10-0-1-2.x', ip: '10.0.1.2' });
    expect(podHost('ci', undefined, undefined)).toBeUndefined();
  });
});

describe('queryValues', () => {
  it('decodes repeated command= keys in order (+ and %20 as spaces)', () => {
    expect(queryValues('/api/v1/namespaces/ci/pods/p/exec?command=sh&command=-c&command=docker+build+-t+a%2Fb%3A1%20.&container=c', 'command')).toEqual(['sh', '-c', 'docker build -t a/b:1 .']);
  });

  it('survives malformed escapes and missing queries', () => {
    expect(queryValues('/x?command=%E0%A4%A&command', 'command')).toEqual(['%E0%A4%A', '']);
    expect(queryValues('/api/v1/pods', 'command')).toEqual([]);
  });
});

describe('builderImageTool', () => {
  it.each([
    ['gcr.io/kaniko-project/executor:v1.23.2', 'kaniko'],
    ['gcr.io/kaniko-project/executor:debug', 'kaniko'],
    ['ghcr.io/chainguard-dev/kaniko:latest', 'kaniko'],
    ['mirror.acme.io/gcr/kaniko-project/executor@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'kaniko'],
    ['moby/buildkit:v0.16.0-rootless', 'buildkit'],
    ['docker:dind', 'docker'],
    ['docker:27-dind-rootless', 'docker'],
    ['docker.io/library/docker:24.0.7-dind', 'docker'],
    ['cruizba/ubuntu-dind:latest', 'docker'],
    ['quay.io/buildah/stable:v1.37', 'buildah'],
    ['buildah/buildah', 'buildah'],
    ['registry.redhat.io/rhel9/buildah', 'buildah'],
    ['quay.io/podman/stable', 'podman'],
    ['r.j3ss.co/img', 'img'],
    ['buildpacksio/pack:0.36.0', 'pack'],
    ['mirror.acme.io/hub/buildpacksio/pack', 'pack'],
    ['ghcr.io/ko-build/ko:latest', 'ko'],
    ['gcr.io/ko-images/ko', 'ko'],
  ])('%s runs %s', (image, tool) => {
    expect(builderImageTool(image)).toBe(tool);
  });

  it.each([['docker:27-cli'], ['docker'], ['nginx'], ['gcr.io/kaniko-project/warmer:v1.23.2'], ['acme/img-resizer'], ['mysql:latest'], ['paketobuildpacks/builder-jammy-base'], ['buildpacksio/lifecycle:0.20.0'], ['gcr.io/k8s-skaffold/skaffold:v2.13.0'], ['maven:3-eclipse-temurin-21'], ['acme/ko'], [undefined], ['Not A Ref']])('%p runs no builder', (image) => {
    expect(builderImageTool(image)).toBeUndefined();
  });
});

describe('runtimeOfHostPath', () => {
  it.each([
    ['/var/run/docker.sock', 'docker'],
    ['/run/containerd/containerd.sock', 'containerd'],
    ['/var/run/cri-dockerd.sock', 'docker'],
    ['/run/buildkit/buildkitd.sock', 'buildkit'],
    ['/var/run/crio/crio.sock', 'cri-o'],
    ['/run/user/1000/podman/podman.sock', 'podman'],
    ['/run/containerd/io.containerd.runtime.v2.task', 'containerd'],
    ['/var/lib/docker/', 'docker'],
    ['/var/run', ''],
    ['//run/', ''],
    ['/', ''],
    ['/var', ''],
  ])('%s exposes the runtime (%p)', (path, runtime) => {
    expect(runtimeOfHostPath(path)).toBe(runtime);
  });

  it.each([['/etc'], ['/var/log'], ['/home/docker.socket'], ['/proc'], ['/var/run/secrets']])('%s is no runtime path', (path) => {
    expect(runtimeOfHostPath(path)).toBeUndefined();
  });

  it('normalizes paths the way the kubelet resolves them', () => {
    expect(normalizeHostPath('/var/./run//docker.sock/')).toBe('/var/run/docker.sock');
    expect(normalizeHostPath('/var/lib/../run')).toBe('/var/run');
  });
});

describe('pod specs of workloads', () => {
  it('knows the workload kinds by resource and API group', () => {
    expect(workloadKindOf('deployments', 'extensions')).toBe('Deployment');
    expect(workloadKindOf('cronjobs', 'batch')).toBe('CronJob');
    expect(workloadKindOf('pods', '')).toBe('Pod');
    expect(workloadKindOf('jobs', 'batch.volcano.sh')).toBeUndefined();
    expect(workloadKindOf('services', '')).toBeUndefined();
  });

  it('finds the CronJob pod spec under jobTemplate and reads init, main and ephemeral containers', () => {
    const cron = { spec: { jobTemplate: { spec: { template: { spec: { initContainers: [{ name: 'i', image: 'a' }], containers: [{ name: 'c', image: 'b' }], ephemeralContainers: [{ name: 'e', image: 'c' }] } } } } } };
    const view = readPodSpec(podSpecObject('CronJob', cron)!);
    expect(view.containers.map((c) => [c.section, c.image])).toEqual([
      ['initContainers', 'a'],
      ['containers', 'b'],
      ['ephemeralContainers', 'c'],
    ]);
  });

  it('counts privileged and SYS_ADMIN escalation as privileged, SYS_ADMIN alone not', () => {
    const spec = readPodSpec({
      containers: [
        { name: 'a', securityContext: { privileged: true } },
        { name: 'b', securityContext: { allowPrivilegeEscalation: true, capabilities: { add: ['CAP_SYS_ADMIN'] } } },
        { name: 'c', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } },
        { name: 'd', securityContext: { privileged: 'true' } },
      ],
    });
    expect(spec.containers.map((c) => c.privileged)).toEqual([true, true, false, false]);
  });

  it('expands $(VAR) in command and args from literal env values, as the kubelet does', () => {
    const spec = readPodSpec({
      containers: [{ name: 'k', args: ['--destination=$(IMAGE)', '$$(IMAGE)', '$(SECRET)'], env: [{ name: 'IMAGE', value: 'reg.io/a:1' }, { name: 'SECRET', valueFrom: { secretKeyRef: {} } }] }],
    });
    expect(spec.containers[0]!.argv).toEqual(['--destination=reg.io/a:1', '$(IMAGE)', '$(SECRET)']);
  });

  it('skips junk in lists instead of failing', () => {
    const spec = readPodSpec({ containers: [null, 5, { image: 7, command: 'sh', args: [1, 'x'], volumeMounts: [null, { name: 'v' }] }], volumes: ['x', { name: 'v', hostPath: { path: '/run' } }] });
    expect(spec).toEqual({ containers: [{ name: '', argv: ['x'], privileged: false, mounts: ['v'], section: 'containers' }], hostPaths: [{ volume: 'v', path: '/run' }] });
  });
});
