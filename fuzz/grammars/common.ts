/** Vocabulary the grammars share: images, build commands, names, times, addresses. */
import { asText, HOSTILE_IPS, HOSTILE_TIMES, hostileToken, hostileValue } from '../hostile';
import type { Rng } from '../rng';

export const IMAGES = [
  'gcr.io/kaniko-project/executor:v1.23.0', 'moby/buildkit:v0.16.0', 'docker:27-dind', 'quay.io/buildah/stable', 'quay.io/podman/stable',
  'r.j3ss.co/img', 'nginx:1.27', 'busybox', '111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1.0', 'alpine@sha256:' + 'a'.repeat(64),
  'localhost:5000/x/y/z:tag@sha256:' + 'b'.repeat(64), 'docker.io/library/docker:cli', 'ghcr.io/org/kaniko-wrapper:2',
  'buildpacksio/pack:0.36.0', 'ghcr.io/ko-build/ko:latest',
];

export const COMMANDS = [
  'docker build -t 111122223333.dkr.ecr.us-east-1.amazonaws.com/web:2 .', 'docker buildx build --push -t evil.example.com/x:1 .',
  'docker push evil.example.com/x:1', 'buildah bud -t x .', 'podman build --no-cache .', 'kaniko --no-push --dockerfile Dockerfile',
  '/kaniko/executor --context dir:///workspace --destination registry.example.com/a:b', 'buildctl build --frontend dockerfile.v0 --output type=image,name=r/x,push=true',
  'sh -c "docker build . && docker push r/x"', 'nerdctl build -t x .', 'img build -t x .', 'ls -la', 'bash', 'docker commit c r/x:1',
  'docker image import - r/x', 'env FOO=1 sudo -E docker build .', 'docker -H unix:///var/run/docker.sock build .',
  'pack build r/x:1 --builder paketobuildpacks/builder-jammy-base --publish', '/cnb/lifecycle/creator -app=/workspace -daemon r/x:2',
  'ko build --push=false -L ./cmd/app', './mvnw -B compile jib:build -Dimage=r/x:3', 'gradle jibDB --image r/x:4', 'skaffold run -v info',
];

export const SOCKETS = ['/var/run/docker.sock', '/run/containerd/containerd.sock', '/var/run', '/run', '/', '/var/lib/docker', '/run/buildkit/buildkitd.sock', '/tmp', '/var/run/crio/crio.sock'];

export function word(rng: Rng): string {
  return rng.chance(0.05) ? hostileToken(rng) : rng.str(1, 12);
}

export function image(rng: Rng): string {
  if (rng.chance(0.08)) return asText(hostileValue(rng, 0.01));
  return rng.chance(0.8) ? rng.pick(IMAGES) : `${rng.pick(['', 'r.example.com/', '111122223333.dkr.ecr.eu-west-1.amazonaws.com/'])}${word(rng)}${rng.pick(['', ':' + word(rng), '@sha256:' + rng.hex(64)])}`;
}

export function command(rng: Rng): string[] {
  const base = rng.pick(COMMANDS).split(' ');
  if (rng.chance(0.2)) base.push(...Array.from({ length: rng.int(1, 6) }, () => word(rng)));
  if (rng.chance(0.05)) base.push(hostileToken(rng));
  return base;
}

/** An epoch-ms time around now, or sometimes a hostile one. */
export function timeMs(rng: Rng): number {
  return rng.chance(0.9) ? 1793581920000 + rng.int(-86400000, 86400000) : rng.pick([0, -1, 8.64e15, 8.64e15 + 1, 253402300800000, 1e21, 1.5]);
}

export function isoTime(rng: Rng): unknown {
  if (rng.chance(0.1)) return rng.pick(HOSTILE_TIMES);
  const t = new Date(timeMs(rng));
  return Number.isNaN(t.getTime()) ? 'NaT' : rng.chance(0.7) ? t.toISOString() : t.toISOString().replace('Z', '123Z');
}

export function ipv4(rng: Rng): string {
  if (rng.chance(0.05)) return rng.pick(HOSTILE_IPS);
  return rng.pick([() => `10.0.${rng.int(0, 255)}.${rng.int(0, 255)}`, () => `172.${rng.int(16, 31)}.0.${rng.int(1, 9)}`, () => `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(0, 255)}`, () => `2001:db8::${rng.hex(4)}`, () => '10.0.200.17', () => '52.217.160.10'])();
}

export function instanceId(rng: Rng): string {
  return rng.chance(0.9) ? `i-${rng.hex(rng.pick([8, 17]))}` : rng.pick(['-', 'i-', 'i-XYZ', hostileToken(rng)]);
}

export function account(rng: Rng): string {
  return rng.chance(0.9) ? rng.pick(['111122223333', '123456789012']) : rng.pick(['', '1', 'unknown', '1111222233334444', hostileToken(rng)]);
}
