/**
 * detectBuildCommand: which command lines are image builds, with which tool, and which
 * destination image they name. Shared by builder pods (command + args) and exec (command=).
 */
import { commandSegments, detectBuildCommand } from '../../../../lambdas/core/rules/eks-audit/build-command';

describe('commandSegments', () => {
  it('splits sh -c scripts into commands at ; && || | and strips quotes', () => {
    expect(commandSegments(['sh', '-c', `cd /src && docker build -t 'reg.io/a:1' . ; echo "done"|tee log`])).toEqual([
      ['sh', '-c', 'cd', '/src'],
      ['docker', 'build', '-t', 'reg.io/a:1', '.'],
      ['echo', 'done'],
      ['tee', 'log'],
    ]);
  });

  it('keeps plain argv words as they are', () => {
    expect(commandSegments(['/kaniko/executor', '--destination=x/y:1'])).toEqual([['/kaniko/executor', '--destination=x/y:1']]);
  });
});

describe('detectBuildCommand', () => {
  it.each([
    ['docker build -t', ['docker', 'build', '-t', 'registry.acme.io/team/app:dev', '.'], 'docker', 'registry.acme.io/team/app:dev'],
    ['docker buildx build --tag=', ['docker', 'buildx', 'build', '--tag=ghcr.io/acme/x:2', '--push', '.'], 'docker', 'ghcr.io/acme/x:2'],
    ['docker image build', ['docker', 'image', 'build', '-t', 'app', '.'], 'docker', 'docker.io/library/app'],
    ['docker with a global flag value first', ['docker', '--log-level', 'debug', 'build', '-t', 'a/b:1', '.'], 'docker', 'docker.io/a/b:1'],
    ['docker -H tcp:// before build', ['docker', '-H', 'tcp://127.0.0.1:2375', 'build', '.'], 'docker', undefined],
    ['nerdctl build', ['nerdctl', 'build', '-t', 'x/y:z', '.'], 'nerdctl', 'docker.io/x/y:z'],
    ['podman build', ['/usr/bin/podman', 'build', '--tag', 'quay.io/a/b:c', '.'], 'podman', 'quay.io/a/b:c'],
    ['buildah bud', ['buildah', 'bud', '-t', 'quay.io/acme/api:1', '.'], 'buildah', 'quay.io/acme/api:1'],
    ['buildah build', ['buildah', '--storage-driver=vfs', 'build', '.'], 'buildah', undefined],
    ['buildctl build --output', ['buildctl', '--addr', 'tcp://buildkitd:1234', 'build', '--frontend', 'dockerfile.v0', '--output', 'type=image,name=ghcr.io/acme/api:sha-1,push=true'], 'buildkit', 'ghcr.io/acme/api:sha-1'],
    ['buildctl-daemonless.sh with quoted multi-name output', ['buildctl-daemonless.sh', 'build', '--output', 'type=image,"name=reg.io/a:1,reg.io/a:latest",push=true'], 'buildkit', 'reg.io/a:1'],
    ['/kaniko/executor -d', ['/kaniko/executor', '-d', 'ecr.example.com/x:1'], 'kaniko', 'ecr.example.com/x:1'],
    ['kaniko inside sh -c', ['sh', '-c', '/kaniko/executor --context . --destination=111122223333.dkr.ecr.us-east-1.amazonaws.com/app:v2'], 'kaniko', '111122223333.dkr.ecr.us-east-1.amazonaws.com/app:v2'],
    ['img build', ['img', 'build', '-t', 'r.j3ss.co/app', '.'], 'img', 'r.j3ss.co/app'],
    ['docker commit', ['docker', 'commit', 'c0ffee', 'reg.io/snap:1'], 'docker', undefined],
  ])('%s', (_n, argv, tool, destination) => {
    const found = detectBuildCommand(argv, false);
    expect(found).toEqual({ tool, daemon: false, ...(destination ? { destination } : {}) });
  });

  it.each([
    ['an interactive shell', ['bash']],
    ['docker ps', ['docker', 'ps']],
    ['docker run of an image called build', ['docker', 'run', 'build']],
    ['buildctl du', ['buildctl', 'du']],
    ['an executor that is not kaniko', ['/usr/bin/executor', '--destination=x']],
    ['nginx', ['nginx', '-g', 'daemon off;']],
    ['nothing', []],
  ])('does not take %s for a build', (_n, argv) => {
    expect(detectBuildCommand(argv, true)).toBeUndefined();
  });

  it('reports daemons only when asked (pods yes, exec no)', () => {
    expect(detectBuildCommand(['dockerd-entrypoint.sh', '--tls=false'], true)).toEqual({ tool: 'docker', daemon: true });
    expect(detectBuildCommand(['rootlesskit', 'buildkitd', '--addr', 'tcp://0.0.0.0:1234'], true)).toEqual({ tool: 'buildkit', daemon: true });
    expect(detectBuildCommand(['podman', 'system', 'service', '--time=0'], true)).toEqual({ tool: 'podman', daemon: true });
    expect(detectBuildCommand(['dockerd'], false)).toBeUndefined();
  });

  it('prefers a build over a daemon started before it', () => {
    expect(detectBuildCommand(['sh', '-c', 'dockerd & sleep 5; docker build -t reg.io/a:1 .'], true)).toEqual({ tool: 'docker', daemon: false, destination: 'reg.io/a:1' });
  });

  it('leaves the destination out when it is not a valid reference (unexpanded variables)', () => {
    expect(detectBuildCommand(['docker', 'build', '-t', '${IMAGE}', '.'], false)).toEqual({ tool: 'docker', daemon: false });
  });
});
