/** classifyCommand: which exec'd command lines build or push an image, and which image they name. */
import { classifyCommand } from '../../../../lambdas/core/rules/host/command-line';

const argv = (s: string) => s.split(' ');

describe('classifyCommand', () => {
  it.each([
    ['docker build -t app:1 .', 'docker', 'app:1'],
    ['/usr/bin/docker build --tag=reg.example.com/team/app:2 -f Dockerfile .', 'docker', 'reg.example.com/team/app:2'],
    ['docker build -tapp:3 .', 'docker', 'app:3'],
    ['docker build -t first:1 -t second:2 .', 'docker', 'first:1'],
    ['docker -H unix:///var/run/docker.sock --context default build -t a .', 'docker', 'a'],
    ['docker --debug image build -t img:9 .', 'docker', 'img:9'],
    ['docker builder build .', 'docker', undefined],
    ['docker buildx build --push -t 111122223333.dkr.ecr.us-east-1.amazonaws.com/app:v1 .', 'docker', '111122223333.dkr.ecr.us-east-1.amazonaws.com/app:v1'],
    ['docker buildx --builder ci b -o type=image,name=reg.io/x:1,push=true .', 'docker', 'reg.io/x:1'],
    ['docker buildx bake', 'docker', undefined],
    ['docker compose -f c.yml build', 'docker-compose', undefined],
    ['docker-compose build web', 'docker-compose', undefined],
    ['docker commit abc123 reg.io/snap:1', 'docker', 'reg.io/snap:1'],
    ['docker container commit -m msg -a me abc123 snap', 'docker', 'snap'],
    ['nerdctl -n k8s.io build -t n:1 .', 'nerdctl', 'n:1'],
    ['nerdctl builder build -t n:2 .', 'nerdctl', 'n:2'],
    ['podman build -t p:1 .', 'podman', 'p:1'],
    ['podman --root /var/lib/x image build -t p:2 .', 'podman', 'p:2'],
    ['podman buildx build -t p:3 .', 'podman', 'p:3'],
    ['buildah bud -t b:1 .', 'buildah', 'b:1'],
    ['buildah --storage-driver vfs build -t b:2 .', 'buildah', 'b:2'],
    ['buildah commit working-container b:3', 'buildah', 'b:3'],
    ['buildctl --addr tcp://buildkitd:1234 build --frontend dockerfile.v0 --local context=. --output type=image,name=docker.io/u/app:1,push=true', 'buildctl', 'docker.io/u/app:1'],
    ['buildctl-daemonless.sh build --frontend dockerfile.v0', 'buildctl', undefined],
    ['/kaniko/executor --context=dir:///workspace --destination=111122223333.dkr.ecr.us-east-1.amazonaws.com/app:v2', 'kaniko', '111122223333.dkr.ecr.us-east-1.amazonaws.com/app:v2'],
    ['/kaniko/executor -d reg.io/k:1 -d reg.io/k:latest', 'kaniko', 'reg.io/k:1'],
    ['img build -t i:1 .', 'img', 'i:1'],
    ['docker-buildx build -t plug:1 .', 'docker', 'plug:1'],
  ])('%s builds (tool %s, image %s)', (cmd, tool, image) => {
    const m = classifyCommand(argv(cmd));
    expect(m).toEqual(image === undefined ? { action: 'build', tool } : { action: 'build', tool, image });
  });

  it.each([
    ['docker push reg.io/app:1', 'docker', 'reg.io/app:1'],
    ['docker image push --all-tags reg.io/app', 'docker', 'reg.io/app'],
    ['docker push --platform linux/amd64 reg.io/app:2', 'docker', 'reg.io/app:2'],
    ['podman push --creds u:p localhost/app docker://111122223333.dkr.ecr.us-east-1.amazonaws.com/app:v1', 'podman', 'docker://111122223333.dkr.ecr.us-east-1.amazonaws.com/app:v1'],
    ['buildah push --tls-verify=false app reg.io/app:3', 'buildah', 'reg.io/app:3'],
    ['nerdctl push reg.io/n:1', 'nerdctl', 'reg.io/n:1'],
    ['img push reg.io/i:1', 'img', 'reg.io/i:1'],
  ])('%s pushes (tool %s, image %s)', (cmd, tool, image) => {
    expect(classifyCommand(argv(cmd))).toEqual({ action: 'push', tool, image });
  });

  it.each(['buildah push app oci:/tmp/layout', 'podman push app dir:/tmp/x', 'podman push app docker-archive:/tmp/a.tar', 'docker push'])('%j pushes to no registry', (cmd) => {
    expect(classifyCommand(argv(cmd))?.image).toBeUndefined();
  });

  it.each([
    'docker ps',
    'docker run -it alpine docker build .',
    'docker run --rm -v /var/run/docker.sock:/var/run/docker.sock docker:cli build',
    'docker images',
    'docker image ls',
    'docker pull alpine',
    'docker buildx ls',
    'docker compose up -d',
    'docker --help',
    'docker',
    'docker-buildx buildx build -t x .',
    'docker-compose compose build',
    'podman run build',
    'buildah from alpine',
    'buildctl du',
    'sudo docker build -t a .',
    'sh -c docker build -t a .',
    'grep build',
    'make build',
    'go build ./...',
    'npm run build',
    '/usr/local/bin/executor --destination=x',
    '',
  ])('%j is neither build nor push', (cmd) => {
    expect(classifyCommand(cmd === '' ? [] : argv(cmd))).toBeUndefined();
  });

  it('recognises the CLI by its executable when argv[0] was changed', () => {
    expect(classifyCommand(['d', 'build', '-t', 'x', '.'], '/usr/bin/docker')).toEqual({ action: 'build', tool: 'docker', image: 'x' });
    expect(classifyCommand(['executor', '--destination', 'reg.io/k:2'], '/kaniko/executor')).toEqual({ action: 'build', tool: 'kaniko', image: 'reg.io/k:2' });
  });
});
