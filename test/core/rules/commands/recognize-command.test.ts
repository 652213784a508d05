/**
 * The build/push command recognizer, as a specification: which command lines build or push an
 * image, with which tool, which image they name and whether they say they push. One table; each
 * row is checked through both entry points:
 *  - a build: `firstBuild` (exec and pod commands) and `classifyExec` (audited execve) agree;
 *  - a push: `classifyExec` reports it, `firstBuild` (builds only) does not;
 *  - a daemon: a pod running it is a builder (`firstBuild` with daemons), an exec of it is nothing;
 *  - none: neither sees anything.
 */
import type { RecognizedCommand } from '../../../../lambdas/core/rules/commands/command-types';
import { classifyExec, firstBuild, impliedBuildFacts } from '../../../../lambdas/core/rules/commands/recognize-command';
import { scriptSegments } from '../../../../lambdas/core/rules/commands/shell-segments';

type Tool = RecognizedCommand['tool'];
type Expected = RecognizedCommand | 'none';

/** A command line written with single spaces between its words. */
const words = (line: string): string[] => line.split(' ');
const build = (tool: Tool, facts: { image?: string; noPush?: boolean } = {}): RecognizedCommand => ({ action: 'build', tool, daemon: false, ...facts });
const push = (tool: Tool, image?: string): RecognizedCommand => ({ action: 'push', tool, daemon: false, ...(image ? { image } : {}) });
const daemon = (tool: Tool): RecognizedCommand => ({ action: 'build', tool, daemon: true });
const NONE = 'none';

const ECR = '111122223333.dkr.ecr.us-east-1.amazonaws.com';

const TABLE: Array<[spec: string, argv: string[], expected: Expected]> = [
  // docker: every spelling of a build, the image from the first valid tag
  ['docker build -t names the image (normalized)', words('docker build -t app:1 .'), build('docker', { image: 'docker.io/library/app:1' })],
  ['a full path and --tag=', words('/usr/bin/docker build --tag=reg.example.com/team/app:2 -f Dockerfile .'), build('docker', { image: 'reg.example.com/team/app:2' })],
  ['a tag attached to -t', words('docker build -tapp:3 .'), build('docker', { image: 'docker.io/library/app:3' })],
  ['the first of several tags', words('docker build -t first:1 -t second:2 .'), build('docker', { image: 'docker.io/library/first:1' })],
  ['the first valid tag (an unexpanded variable is none)', words('docker build -t ${IMAGE} -t reg.io/a:2 .'), build('docker', { image: 'reg.io/a:2' })],
  ['an unexpanded variable alone names no image', words('docker build -t ${IMAGE} .'), build('docker')],
  ['global options with values before the subcommand', words('docker -H tcp://10.0.0.5:2375 --context ci build -t a .'), build('docker', { image: 'docker.io/library/a' })],
  ['a log level is a value, not a subcommand', words('docker --log-level debug build -t a/b:1 .'), build('docker', { image: 'docker.io/a/b:1' })],
  ['docker image build', words('docker --debug image build -t img:9 .'), build('docker', { image: 'docker.io/library/img:9' })],
  ['docker builder build without a tag', words('docker builder build .'), build('docker')],
  ['docker commit names the image second', words('docker commit abc123 reg.io/snap:1'), build('docker', { image: 'reg.io/snap:1' })],
  ['docker container commit with option values', words('docker container commit -m msg -a me abc123 snap'), build('docker', { image: 'docker.io/library/snap' })],
  ['the buildx plugin binary run directly', words('docker-buildx build -t plug:1 .'), build('docker', { image: 'docker.io/library/plug:1' })],

  // buildx: --push / --load / --output decide noPush
  ['buildx build --push says it pushes', words(`docker buildx build --push -t ${ECR}/app:v1 .`), build('docker', { image: `${ECR}/app:v1`, noPush: false })],
  ['buildx b with an image output pushing, name= as the image', words('docker buildx --builder ci b -o type=image,name=reg.io/x:1,push=true .'), build('docker', { image: 'reg.io/x:1', noPush: false })],
  ['buildx --load keeps the image local', words('docker buildx build --load -t reg.io/x:2 .'), build('docker', { image: 'reg.io/x:2', noPush: true })],
  ['buildx output type=local', words('docker buildx build --output type=local,dest=out .'), build('docker', { noPush: true })],
  ['buildx output type=tar', words('docker buildx build -o type=tar,dest=img.tar .'), build('docker', { noPush: true })],
  ['buildx --output=type=oci with a tag', words('docker buildx build --output=type=oci,dest=img.tar -t reg.io/x:3 .'), build('docker', { image: 'reg.io/x:3', noPush: true })],
  ['buildx output to a bare directory', words('docker buildx build -o ./out .'), build('docker', { noPush: true })],
  ['buildx output type=docker names the image', words('docker buildx build --output type=docker,name=reg.io/x:4 .'), build('docker', { image: 'reg.io/x:4', noPush: true })],
  ['buildx output type=registry pushes', words('docker buildx build --output type=registry,name=reg.io/x:5 .'), build('docker', { image: 'reg.io/x:5', noPush: false })],
  ['buildx bake: targets from a file, no image, push unknown', words('docker buildx bake'), build('docker')],
  ['buildx bake --push', words('docker buildx bake --push web'), build('docker', { noPush: false })],
  ['buildx bake --load', words('docker buildx bake -f docker-bake.hcl --load'), build('docker', { noPush: true })],

  // compose
  ['docker compose build (plugin form)', words('docker compose build'), build('docker-compose')],
  ['docker compose with project options, build --push', words('docker compose -f c.yml --project-name shop build --push api'), build('docker-compose', { noPush: false })],
  ['docker-compose build (standalone)', words('docker-compose build web'), build('docker-compose')],
  ['podman-compose build', words('podman-compose -f c.yml build'), build('podman-compose')],
  ['podman compose build', words('podman compose build'), build('podman-compose')],

  // nerdctl and podman
  ['nerdctl with a namespace', words('nerdctl -n k8s.io build -t n:1 .'), build('nerdctl', { image: 'docker.io/library/n:1' })],
  ['nerdctl builder build', words('nerdctl builder build -t n:2 .'), build('nerdctl', { image: 'docker.io/library/n:2' })],
  ['nerdctl build with a pushing output', words('nerdctl build --output type=image,name=reg.io/n:3,push=true .'), build('nerdctl', { image: 'reg.io/n:3', noPush: false })],
  ['podman build: push unknown', words('podman build -t p:1 .'), build('podman', { image: 'docker.io/library/p:1' })],
  ['podman --root before image build', words('podman --root /var/lib/x image build -t p:2 .'), build('podman', { image: 'docker.io/library/p:2' })],
  ['podman buildx build', words('podman buildx build -t p:3 .'), build('podman', { image: 'docker.io/library/p:3' })],

  // buildah, buildctl, kaniko, img
  ['buildah bud', words('buildah bud -t b:1 .'), build('buildah', { image: 'docker.io/library/b:1' })],
  ['buildah storage options before build', words('buildah --storage-driver vfs build -t b:2 .'), build('buildah', { image: 'docker.io/library/b:2' })],
  ['buildah build-using-dockerfile', words('buildah build-using-dockerfile -t quay.io/acme/b:5 .'), build('buildah', { image: 'quay.io/acme/b:5' })],
  ['buildah commit', words('buildah commit working-container b:3'), build('buildah', { image: 'docker.io/library/b:3' })],
  ['buildctl --addr, output pushing', words('buildctl --addr tcp://buildkitd:1234 build --frontend dockerfile.v0 --local context=. --output type=image,name=docker.io/u/app:1,push=true'), build('buildkit', { image: 'docker.io/u/app:1', noPush: false })],
  ['buildctl image output without push=true', words('buildctl build --frontend dockerfile.v0 --output type=image,name=reg.io/b:1'), build('buildkit', { image: 'reg.io/b:1', noPush: true })],
  ['buildctl local output', words('buildctl build --frontend dockerfile.v0 --output type=local,dest=out'), build('buildkit', { noPush: true })],
  ['buildctl without output: push unknown', words('buildctl build --frontend dockerfile.v0'), build('buildkit')],
  ['buildctl-daemonless.sh, a quoted list of names: the first', ['buildctl-daemonless.sh', 'build', '--output', 'type=image,"name=reg.io/a:1,reg.io/a:latest",push=true'], build('buildkit', { image: 'reg.io/a:1', noPush: false })],
  ['kaniko --destination= says it pushes', words(`/kaniko/executor --context=dir:///workspace --destination=${ECR}/app:v2`), build('kaniko', { image: `${ECR}/app:v2`, noPush: false })],
  ['kaniko: the first of several destinations', words('/kaniko/executor -d reg.io/k:1 -d reg.io/k:latest'), build('kaniko', { image: 'reg.io/k:1', noPush: false })],
  ['kaniko --no-push', words('/kaniko/executor --destination reg.io/k:3 --no-push'), build('kaniko', { image: 'reg.io/k:3', noPush: true })],
  ['kaniko --no-push to a tarball', words('/kaniko/executor --no-push --tar-path=/out/img.tar'), build('kaniko', { noPush: true })],
  ['an executor under another kaniko directory', words('/opt/kaniko-1.23/executor -d reg.io/k:4'), build('kaniko', { image: 'reg.io/k:4', noPush: false })],
  ['img build', words('img build -t r.j3ss.co/app .'), build('img', { image: 'r.j3ss.co/app' })],

  // Cloud Native Buildpacks: pack (the image is its argument; --publish pushes, else the local daemon) and the lifecycle it, kpack or Tekton run
  ['pack build --publish', words(`pack build ${ECR}/shop:1 --builder paketobuildpacks/builder-jammy-base --publish`), build('pack', { image: `${ECR}/shop:1`, noPush: false })],
  ['pack build with option values before the image: to the local daemon, push unknown', words('pack --quiet build -B cnbs/sample-builder:jammy -e BP_JVM_VERSION=21 --path ./app shop:2'), build('pack', { image: 'docker.io/library/shop:2' })],
  ['pack build --publish=false with a --tag', words('/usr/local/bin/pack build reg.io/shop:3 --publish=false -t reg.io/shop:latest'), build('pack', { image: 'reg.io/shop:3' })],
  ['pack build to an OCI layout on disk', words('pack build oci:shop-layout --builder b'), build('pack', { noPush: true })],
  ['the lifecycle creator (Tekton buildpacks task): the image is its argument, exported to the registry', words('/cnb/lifecycle/creator -app=/workspace/source -cache-dir=/cache -uid=1000 -gid=1000 -layers=/layers -platform=/platform -report=/layers/report.toml -skip-restore=false -previous-image=reg.io/app:1 -run-image=paketobuildpacks/run:base reg.io/app:2'), build('buildpacks', { image: 'reg.io/app:2', noPush: false })],
  ['the lifecycle creator -daemon: the local daemon, push unknown', words('/cnb/lifecycle/creator -daemon -app /workspace -tag reg.io/app:latest reg.io/app:3'), build('buildpacks', { image: 'reg.io/app:3' })],
  ['the lifecycle creator -layout: an OCI layout on disk', words('/cnb/lifecycle/creator --layout -layout-dir /out reg.io/app:4'), build('buildpacks', { image: 'reg.io/app:4', noPush: true })],
  ['the kpack export step (exporter, several tags): the first', words(`/cnb/lifecycle/exporter -layers=/layers -app=/workspace -group=/layers/group.toml -analyzed=/layers/analyzed.toml -project-metadata=/layers/project-metadata.toml -report=/var/report/report.toml ${ECR}/app:5 ${ECR}/app:latest`), build('buildpacks', { image: `${ECR}/app:5`, noPush: false })],
  ['the lifecycle multi-call binary: lifecycle create', words('/cnb/lifecycle/lifecycle create -app /workspace reg.io/app:6'), build('buildpacks', { image: 'reg.io/app:6', noPush: false })],

  // ko: pushes to $KO_DOCKER_REPO (no image on the command line) unless --push=false or -L/--local
  ['ko build', words('ko build ./cmd/app'), build('ko', { noPush: false })],
  ['ko publish (the old name) with tags', words('ko publish --bare -t v1.2 ./cmd/app'), build('ko', { noPush: false })],
  ['ko -v apply -f', words('ko -v apply -f config/'), build('ko', { noPush: false })],
  ['ko resolve --push=false pushes nothing', words('ko resolve -f config/ --push=false'), build('ko', { noPush: true })],
  ['ko build -L loads the local daemon: push unknown', words('ko build -L ./cmd/app'), build('ko')],
  ['ko build --local in a cluster', words('ko build -B --local ./cmd/app'), build('ko')],
  ['ko build --tarball still pushes', words('ko build --tarball=app.tar ./cmd/app'), build('ko', { noPush: false })],
  ['ko build --tarball --push=false', words('ko build --tarball app.tar --push=false ./cmd/app'), build('ko', { noPush: true })],
  ['ko run builds, pushes and runs', words('ko run ./cmd/app'), build('ko', { noPush: false })],

  // Jib: only Maven goal and Gradle task positions count
  ['mvn compile jib:build -Dimage=', words(`mvn compile jib:build -Dimage=${ECR}/api:1`), build('jib', { image: `${ECR}/api:1`, noPush: false })],
  ['./mvnw with the full plugin coordinates and -Djib.to.image=', words('./mvnw -B -q package com.google.cloud.tools:jib-maven-plugin:3.4.3:build -Djib.to.image=reg.io/api:2'), build('jib', { image: 'reg.io/api:2', noPush: false })],
  ['mvn -pl … jib:dockerBuild: the local daemon, push unknown', words('mvn -pl api -am -T 4 jib:dockerBuild -Dimage=api:3'), build('jib', { image: 'docker.io/library/api:3' })],
  ['mvn jib:buildTar writes a tarball', words('mvn -Pci jib:buildTar'), build('jib', { noPush: true })],
  ['a goal with an execution id, -D with a separate value', words('mvnd -D image=reg.io/api:4 com.google.cloud.tools:jib-maven-plugin:build@push'), build('jib', { image: 'reg.io/api:4', noPush: false })],
  ['./gradlew jib --image=', words(`./gradlew jib --image=${ECR}/svc:1`), build('jib', { image: `${ECR}/svc:1`, noPush: false })],
  ['gradle :service:jib -Djib.to.image=', words('gradle --no-daemon :service:jib -Djib.to.image=reg.io/svc:2'), build('jib', { image: 'reg.io/svc:2', noPush: false })],
  ['gradle jibDockerBuild --image VALUE', words('gradle -p service jibDockerBuild --image svc:3'), build('jib', { image: 'docker.io/library/svc:3' })],
  ['gradle jibBuildTar', words('gradle jibBuildTar'), build('jib', { noPush: true })],
  ['a Gradle abbreviation of jibDockerBuild', words('./gradlew jDB'), build('jib')],
  ['a Gradle abbreviation of jib', words('./gradlew clean ji'), build('jib', { noPush: false })],
  ['jib CLI build --target=', words('jib build --target=reg.io/cli:1'), build('jib', { image: 'reg.io/cli:1', noPush: false })],
  ['jib CLI jar to the local daemon', words('jib jar --target docker://cli:2 app.jar'), build('jib', { image: 'docker.io/library/cli:2' })],
  ['jib CLI war to a tarball, named by --name', words('jib war -t tar://out.tar --name reg.io/cli:3 app.war'), build('jib', { image: 'reg.io/cli:3', noPush: true })],
  ['jib CLI registry:// target', words(`jib jar --target=registry://${ECR}/cli:4 app.jar`), build('jib', { image: `${ECR}/cli:4`, noPush: false })],

  // skaffold: builds per skaffold.yaml (image unknown); build --push says it pushes
  ['skaffold build --push', words(`skaffold build --default-repo=${ECR} --push`), build('skaffold', { noPush: false })],
  ['skaffold build: push per skaffold.yaml and the cluster', words('skaffold build --file-output=tags.json'), build('skaffold')],
  ['skaffold run also deploys', words('skaffold run -p prod'), build('skaffold')],
  ['skaffold -v LEVEL dev', words('skaffold -v debug dev --port-forward'), build('skaffold')],
  ['skaffold debug', words('skaffold debug'), build('skaffold')],
  ['a Maven Jib build in a script', ['sh', '-c', 'cd api && ./mvnw -B compile jib:build -Dimage=reg.io/api:9'], build('jib', { image: 'reg.io/api:9', noPush: false })],

  // pushes: the destination image; local transports name none
  ['docker push', words('docker push reg.io/app:1'), push('docker', 'reg.io/app:1')],
  ['docker image push --all-tags', words('docker image push --all-tags reg.io/app'), push('docker', 'reg.io/app')],
  ['docker push with a platform value', words('docker push --platform linux/amd64 reg.io/app:2'), push('docker', 'reg.io/app:2')],
  ['podman push SOURCE docker://DESTINATION', words(`podman push --creds u:p localhost/app docker://${ECR}/app:v1`), push('podman', `${ECR}/app:v1`)],
  ['buildah push SOURCE DESTINATION', words('buildah push --tls-verify=false app reg.io/app:3'), push('buildah', 'reg.io/app:3')],
  ['nerdctl push', words('nerdctl push reg.io/n:1'), push('nerdctl', 'reg.io/n:1')],
  ['img push', words('img push reg.io/i:1'), push('img', 'reg.io/i:1')],
  ['buildah push to an OCI layout is no registry push', words('buildah push app oci:/tmp/layout'), push('buildah')],
  ['podman push to a directory', words('podman push app dir:/tmp/x'), push('podman')],
  ['podman push to an archive', words('podman push app docker-archive:/tmp/a.tar'), push('podman')],
  ['docker push without an image', words('docker push'), push('docker')],

  // daemons: builders in a pod spec, nothing in an exec
  ['dockerd', words('dockerd --host=unix:///var/run/docker.sock'), daemon('docker')],
  ['the dind entrypoint', words('dockerd-entrypoint.sh --tls=false'), daemon('docker')],
  ['rootless dockerd', words('dockerd-rootless.sh'), daemon('docker')],
  ['buildkitd under rootlesskit', words('rootlesskit buildkitd --addr tcp://0.0.0.0:1234'), daemon('buildkit')],
  ['podman system service', words('podman system service --time=0'), daemon('podman')],
  ['podman service', words('podman service tcp://0.0.0.0:8080'), daemon('podman')],

  // shells: a -c script is split into its commands
  ['sh -c script with && ; |', ['sh', '-c', 'cd /src && docker build -t reg.io/a:1 . ; echo done | tee log'], build('docker', { image: 'reg.io/a:1' })],
  ['bash -lc script on several lines: its first build', ['/bin/bash', '-lc', 'set -e\nbuildah bud -t quay.io/acme/api:1 .\nbuildah push quay.io/acme/api:1'], build('buildah', { image: 'quay.io/acme/api:1' })],
  ["/bin/sh -c '…' inside a script", ['sh', '-c', "/bin/sh -c 'docker build -t reg.io/nested:1 .'"], build('docker', { image: 'reg.io/nested:1' })],
  ['after || in a script', ['sh', '-c', 'make deps || docker build -t a:1 .'], build('docker', { image: 'docker.io/library/a:1' })],
  ['a build after a background daemon in the same script', ['sh', '-c', 'dockerd > /var/log/dockerd.log 2>&1 & sleep 5 && docker build -t reg.io/a:2 .'], build('docker', { image: 'reg.io/a:2' })],
  ['in a command substitution', ['sh', '-c', 'ID=$(docker build -q -t reg.io/a:3 .) && echo $ID'], build('docker', { image: 'reg.io/a:3' })],
  ['a quoted tag with the quotes removed', ['sh', '-c', `docker build -t "reg.io/team/app:\${TAG:-1}" -t 'reg.io/team/app:2' .`], build('docker', { image: 'reg.io/team/app:2' })],

  // wrappers
  ['env with an assignment', words('env DOCKER_BUILDKIT=1 docker build -t e:1 .'), build('docker', { image: 'docker.io/library/e:1' })],
  ['env -i then nice -n', words('env -i PATH=/usr/bin nice -n 10 docker build .'), build('docker')],
  ['nice -n around buildah', words('nice -n 19 buildah bud -t n:1 .'), build('buildah', { image: 'docker.io/library/n:1' })],
  ['nohup', words('nohup docker build -t h:1 .'), build('docker', { image: 'docker.io/library/h:1' })],
  ['sudo -u', words('sudo -u builder docker build -t s:1 .'), build('docker', { image: 'docker.io/library/s:1' })],
  ['sudo -E around a push', words('sudo -E docker push reg.io/s:2'), push('docker', 'reg.io/s:2')],
  ['timeout with a duration', words('timeout 600 docker build -t t:1 .'), build('docker', { image: 'docker.io/library/t:1' })],
  ['timeout with a signal', words('timeout -s KILL 10m buildctl build --output type=image,name=reg.io/t:2,push=true'), build('buildkit', { image: 'reg.io/t:2', noPush: false })],
  ['exec', words('exec docker build -t x:1 .'), build('docker', { image: 'docker.io/library/x:1' })],
  ['stdbuf with attached modes', words('stdbuf -oL -eL docker build -t sb:1 .'), build('docker', { image: 'docker.io/library/sb:1' })],
  ['a variable assignment before the program', words('DOCKER_HOST=tcp://x:2375 docker build -t v:1 .'), build('docker', { image: 'docker.io/library/v:1' })],
  ['chroot into the host', words('chroot /host docker build -t c:1 .'), build('docker', { image: 'docker.io/library/c:1' })],
  ['nsenter into pid 1', words('nsenter -t 1 -m -u -n -i -- docker build -t ns:1 .'), build('docker', { image: 'docker.io/library/ns:1' })],
  ['tini -- as init', words('tini -- /kaniko/executor --destination=reg.io/t:1'), build('kaniko', { image: 'reg.io/t:1', noPush: false })],
  ['su - user -c script', ['su', '-', 'builder', '-c', 'docker build -t su:1 .'], build('docker', { image: 'docker.io/library/su:1' })],

  // a command run inside a container is read too
  ['docker run IMAGE docker build', words('docker run --rm -v /var/run/docker.sock:/var/run/docker.sock docker:27-cli docker build -t reg.io/r:1 .'), build('docker', { image: 'reg.io/r:1' })],
  ['docker run --entrypoint docker IMAGE build', words('docker run -it --entrypoint docker docker:cli build -t reg.io/r:2 .'), build('docker', { image: 'reg.io/r:2' })],
  ['docker run IMAGE sh -c script', ['docker', 'run', '--rm', 'docker:cli', 'sh', '-c', 'docker build -t reg.io/r:3 .'], build('docker', { image: 'reg.io/r:3' })],
  ['docker exec CONTAINER buildah bud', words('docker exec -u root ci-runner buildah bud -t reg.io/e:1 .'), build('buildah', { image: 'reg.io/e:1' })],
  ['kubectl exec POD -- docker build', words('kubectl -n ci exec -it builder-0 -c tools -- docker build -t reg.io/k8s:1 .'), build('docker', { image: 'reg.io/k8s:1' })],

  // look-alikes: only the program and its subcommand position count
  ['docker ps', words('docker ps'), NONE],
  ['docker run alpine echo build', words('docker run alpine echo build'), NONE],
  ['docker run of an image whose command is the word build', words('docker run --rm docker:cli build .'), NONE],
  ['podman run of an image called build', words('podman run build'), NONE],
  ['docker images', words('docker images'), NONE],
  ['docker image ls', words('docker image ls'), NONE],
  ['docker pull', words('docker pull alpine'), NONE],
  ['docker buildx ls', words('docker buildx ls'), NONE],
  ['docker compose up', words('docker compose up -d'), NONE],
  ['docker alone, or --help', words('docker --help'), NONE],
  ['the buildx plugin re-executed by the CLI (the CLI exec is the build)', words('docker-buildx buildx build -t x .'), NONE],
  ['the compose plugin re-executed by the CLI', words('docker-compose compose build'), NONE],
  ['buildah from', words('buildah from alpine'), NONE],
  ['buildctl du', words('buildctl --addr tcp://x:1234 du'), NONE],
  ['echo docker build in a script is an echo', ['sh', '-c', 'echo docker build -t x .'], NONE],
  ['a quoted build command written to a file', ['sh', '-c', 'echo "docker build -t x ." > build.sh'], NONE],
  ['a commented-out build', ['sh', '-c', '# docker build -t x .\ntrue'], NONE],
  ['sh -c takes one script word: `sh -c docker build` runs docker alone', words('sh -c docker build -t a .'), NONE],
  ['a script file is not read', words('sh ./build.sh docker build'), NONE],
  ['echo docker build', words('echo docker build'), NONE],
  ['git commit', words('git commit -m build'), NONE],
  ['make build', words('make build'), NONE],
  ['go build', words('go build ./...'), NONE],
  ['npm run build', words('npm run build'), NONE],
  ['an executor outside any kaniko directory', words('/usr/local/bin/executor --destination=reg.io/x:1'), NONE],
  ['command -v only looks the CLI up', words('command -v docker'), NONE],
  ['pack --help', words('pack --help'), NONE],
  ['pack builder inspect', words('pack builder inspect paketobuildpacks/builder-jammy-base'), NONE],
  ['echo pack build', words('echo pack build reg.io/x:1'), NONE],
  ['another lifecycle phase (detector) exports nothing', words('/cnb/lifecycle/detector -app /workspace -group /layers/group.toml'), NONE],
  ['a creator outside any lifecycle directory', words('/usr/local/bin/creator reg.io/x:1'), NONE],
  ['ko version', words('ko version'), NONE],
  ['ko deps', words('ko deps ./cmd/app'), NONE],
  ['mvn package (a pom may bind jib, the command does not say so)', words('mvn -Dimage=reg.io/x:1 clean package'), NONE],
  ['mvn jib:exportDockerContext', words('mvn jib:exportDockerContext'), NONE],
  ['gradle build', words('gradle build'), NONE],
  ['gradle build -x jib excludes jib', words('./gradlew build -x jib'), NONE],
  ['gradle jib --dry-run runs no task', words('gradle jib --dry-run'), NONE],
  ['gradle j is ambiguous (jar, javadoc)', words('gradle j'), NONE],
  ['jib --version', words('jib --version'), NONE],
  ['skaffold diagnose', words('skaffold diagnose'), NONE],
  ['skaffold build --dry-run only computes tags', words('skaffold build -q --dry-run'), NONE],
  ['skaffold deploy of built artifacts', words('skaffold deploy -a tags.json'), NONE],
  ['echo ko build in a script', ['sh', '-c', 'echo ko build ./cmd/app; echo skaffold run'], NONE],
  ['kubectl exec of something else', words('kubectl exec builder-0 -- ls /workspace'), NONE],
  ['nginx with a daemon directive', ['nginx', '-g', 'daemon off;'], NONE],
  ['an interactive shell', ['bash'], NONE],
  ['nothing', [], NONE],
];

describe('recognizing builds and pushes in a command line', () => {
  it('has a row for every form', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60);
  });

  it.each(TABLE)('%s', (_spec, argv, expected) => {
    if (expected === NONE) {
      expect(classifyExec(argv)).toBeUndefined();
      expect(firstBuild(argv, { daemons: true })).toBeUndefined();
    } else if (expected.daemon) {
      expect(firstBuild(argv, { daemons: true })).toEqual(expected);
      expect(firstBuild(argv)).toBeUndefined();
      expect(classifyExec(argv)).toBeUndefined();
    } else if (expected.action === 'push') {
      expect(classifyExec(argv)).toEqual(expected);
      expect(firstBuild(argv, { daemons: true })).toBeUndefined();
    } else {
      expect(classifyExec(argv)).toEqual(expected);
      expect(firstBuild(argv, { daemons: true })).toEqual(expected);
    }
  });
});

describe('which command of a command line counts', () => {
  it('firstBuild reads past a push to the build; classifyExec reports the push that comes first', () => {
    const argv = ['sh', '-c', 'docker push reg.io/a:1; docker build -t reg.io/b:2 .'];
    expect(firstBuild(argv)).toEqual(build('docker', { image: 'reg.io/b:2' }));
    expect(classifyExec(argv)).toEqual(push('docker', 'reg.io/a:1'));
  });

  it('a daemon counts only when no build follows it, and only for pod specs', () => {
    expect(firstBuild(['sh', '-c', 'dockerd & sleep 5; docker build -t reg.io/a:1 .'], { daemons: true })).toEqual(build('docker', { image: 'reg.io/a:1' }));
    expect(firstBuild(['sh', '-c', 'dockerd & buildkitd'], { daemons: true })).toEqual(daemon('docker'));
    expect(firstBuild(['dockerd'])).toBeUndefined();
  });

  it('classifyExec reads the CLI from the audited executable when argv[0] was changed', () => {
    expect(classifyExec(words('d build -t x .'), '/usr/bin/docker')).toEqual(build('docker', { image: 'docker.io/library/x' }));
    expect(classifyExec(words('executor --destination reg.io/k:2'), '/kaniko/executor')).toEqual(build('kaniko', { image: 'reg.io/k:2', noPush: false }));
    expect(classifyExec(words('docker ps'), '/usr/bin/docker')).toBeUndefined();
  });
});

describe('a container whose image is the builder (impliedBuildFacts)', () => {
  it('reads kaniko flags given as args to the image entrypoint', () => {
    expect(impliedBuildFacts('kaniko', ['--dockerfile=Dockerfile', `--destination=${ECR}/shop/app:1.4.2`])).toEqual({ image: `${ECR}/shop/app:1.4.2`, noPush: false });
    expect(impliedBuildFacts('kaniko', ['--destination=reg.io/a:1', '--no-push'])).toEqual({ image: 'reg.io/a:1', noPush: true });
  });

  it('reads them inside a script of the kaniko debug image (executor on PATH)', () => {
    expect(impliedBuildFacts('kaniko', ['/busybox/sh', '-c', 'executor --context . --destination=reg.io/k:9'])).toEqual({ image: 'reg.io/k:9', noPush: false });
  });

  it('reads BuildKit outputs given to a moby/buildkit image', () => {
    expect(impliedBuildFacts('buildkit', ['build', '--frontend', 'dockerfile.v0', '--output', 'type=image,name=reg.io/b:1,push=true'])).toEqual({ image: 'reg.io/b:1', noPush: false });
  });

  it('reads the args of an image whose entrypoint is a builder CLI (pack, ko) as its subcommand', () => {
    expect(impliedBuildFacts('pack', ['build', `${ECR}/shop:1`, '--builder', 'paketobuildpacks/builder-jammy-base', '--publish'])).toEqual({ image: `${ECR}/shop:1`, noPush: false });
    expect(impliedBuildFacts('ko', ['build', './cmd/app', '--push=false'])).toEqual({ noPush: true });
    expect(impliedBuildFacts('ko', ['resolve', '-f', 'config/'])).toEqual({ noPush: false });
    expect(impliedBuildFacts('pack', ['--version'])).toEqual({});
  });

  it('never says "no push" of args cut to the bound', () => {
    expect(impliedBuildFacts('ko', ['build', '--push=false', ...Array<string>(300).fill('./cmd/app')])).toEqual({});
  });

  it('finds nothing in a daemon’s args', () => {
    expect(impliedBuildFacts('docker', ['--tls=false'])).toEqual({});
  });
});

describe('splitting a shell script into commands (scriptSegments)', () => {
  it('splits at ; && || | & and newlines, strips quotes, drops redirections and comments', () => {
    expect(scriptSegments(`cd /src && docker build -t 'reg.io/a:1' . ; echo "done"|tee log 2>&1 >/dev/null # the end\nfalse || true &`)).toEqual([
      ['cd', '/src'],
      ['docker', 'build', '-t', 'reg.io/a:1', '.'],
      ['echo', 'done'],
      ['tee', 'log'],
      ['false'],
      ['true'],
    ]);
  });

  it('keeps separators inside quotes and escapes as words', () => {
    expect(scriptSegments(`echo "a; b && c" 'd | e' f\\;g`)).toEqual([['echo', 'a; b && c', 'd | e', 'f;g']]);
  });

  it('makes subshells and command substitutions commands of their own', () => {
    expect(scriptSegments('(cd x; make) && v=$(docker build -q .)')).toEqual([['cd', 'x'], ['make'], ['v='], ['docker', 'build', '-q', '.']]);
  });
});

describe('bounded work on hostile command lines', () => {
  const quickly = (f: () => unknown): unknown => {
    const t0 = process.hrtime.bigint();
    const result = f();
    expect(Number(process.hrtime.bigint() - t0) / 1e6).toBeLessThan(1000);
    return result;
  };

  it('reads only the first 256 words of a command', () => {
    const argv = ['docker', 'build', ...Array<string>(100_000).fill('--no-cache'), '-t', 'reg.io/late:1', '.'];
    expect(quickly(() => classifyExec(argv))).toEqual(build('docker'));
  });

  it('reads only the first 256 words of a Maven or Gradle command, and stays quick on huge goal words', () => {
    expect(quickly(() => classifyExec(['mvn', ...Array<string>(100_000).fill('compile'), 'jib:build']))).toBeUndefined();
    expect(quickly(() => classifyExec(['gradle', ...Array<string>(100_000).fill('-q'), 'jib']))).toBeUndefined();
    expect(quickly(() => classifyExec(['mvn', `${':'.repeat(1 << 20)}build`, 'jib:'.repeat(1 << 18), `com.google.cloud.tools:jib-maven-plugin${':x'.repeat(1 << 18)}`]))).toBeUndefined();
    expect(quickly(() => classifyExec(['gradle', `jibD${'ocker'.repeat(1 << 18)}`, `${'jD'.repeat(1 << 18)}`]))).toBeUndefined();
  });

  it('reads at most 64 commands of a script', () => {
    const script = `${'true; '.repeat(100)}docker build -t reg.io/late:1 .`;
    expect(quickly(() => firstBuild(['sh', '-c', script]))).toBeUndefined();
    expect(firstBuild(['sh', '-c', `${'true; '.repeat(10)}docker build -t reg.io/early:1 .`])).toEqual(build('docker', { image: 'reg.io/early:1' }));
  });

  it('follows at most 4 levels of nesting (scripts, docker run, kubectl exec)', () => {
    const runs = (n: number) => [...Array<string[]>(n).fill(words('docker run --rm docker:cli')).flat(), ...words('docker build -t reg.io/deep:1 .')];
    expect(quickly(() => firstBuild(runs(1000)))).toBeUndefined();
    expect(firstBuild(runs(5))).toBeUndefined();
    expect(firstBuild(runs(4))).toEqual(build('docker', { image: 'reg.io/deep:1' }));
    expect(firstBuild(['sh', '-c', `sh -c "sh -c 'docker build -t reg.io/d:3 .'"`])).toEqual(build('docker', { image: 'reg.io/d:3' }));
    // Each level quoted the way a shell would: sh -c 'sh -c '\''…'\'''.
    const quote = (script: string) => `'${script.split("'").join(`'\\''`)}'`;
    const scripts = (levels: number) => {
      let script = 'docker build -t reg.io/d:1 .';
      for (let i = 1; i < levels; i++) script = `sh -c ${quote(script)}`;
      return ['sh', '-c', script];
    };
    expect(firstBuild(scripts(4))).toEqual(build('docker', { image: 'reg.io/d:1' }));
    expect(firstBuild(scripts(5))).toBeUndefined();
  });

  it('stays linear on megabytes of quotes, separators and redirections', () => {
    for (const junk of ['"'.repeat(1 << 20), "'a".repeat(1 << 19), ';&|'.repeat(1 << 18), '2>&1 >x '.repeat(1 << 17), '\\'.repeat(1 << 20), '$('.repeat(1 << 19)]) {
      quickly(() => classifyExec(['sh', '-c', junk]));
      quickly(() => scriptSegments(junk));
    }
  });

  it('stays quick on very long words and output specs', () => {
    const long = 'a'.repeat(1 << 20);
    expect(quickly(() => classifyExec(['docker', 'build', '-t', long, '-o', `type=image,push=true,name=${long}`, '.']))).toEqual(build('docker', { noPush: false }));
  });

  it('never says "no push" of a command cut to a bound: padding cannot hide a --push', () => {
    const padded = ['docker', 'buildx', 'build', '-o', 'type=local,dest=out', ...Array<string>(300).fill('--no-cache'), '--push', '-t', 'reg.io/p:1', '.'];
    expect(classifyExec(padded)).toEqual(build('docker'));
    const paddedSpec = `type=local,dest=${'x'.repeat(5000)},push=true`;
    expect(classifyExec(['buildctl', 'build', '--output', paddedSpec])).toEqual(build('buildkit'));
    expect(firstBuild(['sh', '-c', `/kaniko/executor --no-push ${'--cache=true '.repeat(300)}`])).toEqual(build('kaniko'));
    expect(impliedBuildFacts('kaniko', ['--no-push', ...Array<string>(300).fill('--cache=true')])).toEqual({});
  });
});
