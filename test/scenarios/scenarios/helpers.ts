/** Pieces the scenario families share: people, repositories, builder pods, and a fresh world with noise. */
import { REGISTRY } from '../base-config';
import { Env, type EnvOptions } from '../env';
import { type AuditUser, iamUser } from '../formats/eks-audit';
import type { PodArgs } from '../formats/k8s';
import type { FlowFormat } from '../formats/vpc-flow';
import { type NoiseOptions, addNoise } from '../noise';
import { Rng, salted } from '../rng';

export const PEOPLE = ['alice', 'bmartin', 'chen.wei', 'dkowalski', 'esther', 'farid', 'gpatel', 'hana.s'];
export const ROLES = ['dev-admin', 'platform-engineer', 'sre-breakglass', 'eks-cluster-admin'];
export const REPOS = ['payments-api', 'orders-svc', 'ledger-writer', 'auth-gateway', 'billing-worker', 'fraud-scorer', 'cart', 'media-resizer'];
export const NAMESPACES = ['payments', 'orders', 'platform', 'data', 'growth', 'ops'];

/** A person acting through an IAM role session (mapped to their session ARN or to a short name). */
export function person(env: Env): AuditUser {
  const who = env.rng.pick(PEOPLE);
  return iamUser(env.account, env.rng.pick(ROLES), who, env.rng.chance(0.5) ? undefined : `${who}@corp`);
}

export const ecrImage = (repo: string, tag: string) => `${REGISTRY}/${repo}:${tag}`;

export function repoAndTag(rng: Rng): { repo: string; tag: string; image: string } {
  const repo = `${rng.pick(REPOS)}${rng.chance(0.3) ? `-${rng.pick(['v2', 'edge', 'canary'])}` : ''}`;
  const tag = rng.tag();
  return { repo, tag, image: ecrImage(repo, tag) };
}

/** A kaniko executor pod building `destination` from a git context. */
export function kanikoPod(namespace: string, name: string, destination: string, o: { noPush?: boolean; context?: string; serviceAccount?: string } = {}): PodArgs {
  const args = [`--context=${o.context ?? 'git://github.com/acme-dev/app.git#refs/heads/main'}`, '--dockerfile=Dockerfile', `--destination=${destination}`, ...(o.noPush ? ['--no-push'] : ['--cache=true'])];
  return {
    namespace,
    name,
    restartPolicy: 'Never',
    ...(o.serviceAccount ? { serviceAccount: o.serviceAccount } : {}),
    containers: [{ name: 'kaniko', image: 'gcr.io/kaniko-project/executor:v1.23.2', args, mounts: { 'docker-config': '/kaniko/.docker' } }],
  };
}

/** Untrusted places an attacker's build talks to (C2 on odd ports, paste/file sites, raw git). */
export function evilDestination(rng: Rng): { ip: string; port: number } {
  return { ip: rng.publicIp(), port: rng.pick([4444, 8443, 443, 9001, 1337]) };
}

/** A world with ordinary cluster noise around t0. */
export function world(rng: Rng, t0: number, o: Partial<EnvOptions> & { flowFormat?: FlowFormat; noise?: NoiseOptions } = {}): Env {
  const env = new Env(rng, t0, { cluster: o.cluster ?? rng.pick(['prod-use1', 'platform-eks', 'shop-prod']), flowFormat: o.flowFormat ?? 'v5', ...(o.auditShape ? { auditShape: o.auditShape } : {}), ...(o.trailGzip !== undefined ? { trailGzip: o.trailGzip } : {}), ...(o.flowGzip !== undefined ? { flowGzip: o.flowGzip } : {}) });
  addNoise(env, o.noise);
  return env;
}

/** Names a scenario uses in both its logs and its expectations: seeded by a key (salted by the variant), so fixed but varied. */
export function names(key: string, variant: number): { repo: string; tag: string; image: string; ns: string; pod: string; rng: Rng } {
  const rng = new Rng(Rng.seedOf(salted(key, variant)));
  const { repo, tag, image } = repoAndTag(rng);
  return { repo, tag, image, ns: rng.pick(NAMESPACES), pod: `${rng.pick(['kaniko', 'build', 'imgbuild', 'debug'])}-${rng.suffix()}`, rng };
}
