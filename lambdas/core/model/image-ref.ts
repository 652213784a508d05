/**
 * Container image references, normalized the way Docker and containerd resolve them, so that
 * `nginx`, `docker.io/library/nginx:latest` and `index.docker.io/library/nginx` meet.
 *
 * Normal form: `registry/repository[:tag][@digest]`, registry and repository lower-case,
 * `docker.io` for Docker Hub, `library/` for its official images. A reference without tag and
 * digest gets no implicit `latest` in the string (the tag is unknown), but `imageKeys` matches it
 * to `:latest`.
 */

export interface ImageRef {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);
/** OCI image-spec digest grammar (algorithm-specific length checks are not applied: AWS doc samples break them). */
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{16,}$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const MAX_REF_LENGTH = 1024;
/**
 * Registry host as the reference grammar has it: DNS labels (or a bracketed IPv6 address) and an
 * optional port. Anything else — control characters, bidi marks, spaces smuggled into a host that
 * merely contains a dot — is not a reference.
 */
const REGISTRY_HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:]+\])(?::\d{1,5})?$/;
const MAX_HOST_LENGTH = 253 + 6;

/** True when the first path component names a registry host rather than a Docker Hub namespace. */
function isRegistryHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/**
 * Parses an image reference as written by Kubernetes specs, docker CLI flags, dockerd API paths,
 * ECR events. Returns undefined for anything that is not a valid reference.
 */
export function parseImageRef(raw: string | undefined | null): ImageRef | undefined {
  if (typeof raw !== 'string') return undefined;
  let s = raw.trim();
  if (s.length === 0 || s.length > MAX_REF_LENGTH || /\s/.test(s)) return undefined;
  s = s.replace(/^(?:docker|oci|https?):\/\//i, '');

  let digest: string | undefined;
  const at = s.indexOf('@');
  if (at >= 0) {
    digest = s.slice(at + 1);
    s = s.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }

  let tag: string | undefined;
  const lastSlash = s.lastIndexOf('/');
  const colon = s.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = s.slice(colon + 1);
    s = s.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  if (s.length === 0) return undefined;

  const parts = s.split('/');
  let registry = DOCKER_HUB;
  if (parts.length > 1 && isRegistryHost(parts[0]!)) {
    registry = parts.shift()!.toLowerCase();
    if (registry.length > MAX_HOST_LENGTH || !REGISTRY_HOST.test(registry)) return undefined;
    if (DOCKER_HUB_ALIASES.has(registry)) registry = DOCKER_HUB;
  }
  const components = parts.map((p) => p.toLowerCase());
  if (components.length === 0 || !components.every((p) => PATH_COMPONENT.test(p))) return undefined;
  if (registry === DOCKER_HUB && components.length === 1) components.unshift('library');

  return { registry, repository: components.join('/'), ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** `registry/repository[:tag][@digest]` */
export function formatImageRef(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/** Parses and re-formats; undefined when the input is not a reference. */
export function normalizeImage(raw: string | undefined | null): string | undefined {
  const ref = parseImageRef(raw);
  return ref ? formatImageRef(ref) : undefined;
}

/** Builds a reference from parts that arrive separately (ECR events, CloudTrail PutImage). */
export function imageFromParts(registry: string, repository: string, tag?: string | null, digest?: string | null): string | undefined {
  const base = `${registry}/${repository}`;
  const parsed = parseImageRef(`${base}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`);
  if (parsed) return formatImageRef(parsed);
  // A malformed digest (seen in AWS doc samples) must not lose the repository and tag.
  const withoutDigest = parseImageRef(`${base}${tag ? `:${tag}` : ''}`);
  return withoutDigest ? formatImageRef(withoutDigest) : undefined;
}

/**
 * Keys under which an image is matched across sources: the digest when known (it identifies the
 * content), and `registry/repository:tag` (the tag defaults to `latest`, as pulls resolve it).
 */
export function imageKeys(image: string): string[] {
  const ref = parseImageRef(image);
  if (!ref) return [];
  const keys: string[] = [];
  if (ref.digest) keys.push(`digest:${ref.digest}`);
  if (ref.tag !== undefined || !ref.digest) keys.push(`tag:${ref.registry}/${ref.repository}:${ref.tag ?? 'latest'}`);
  return keys;
}

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/** Account and region of an ECR private registry host name, or undefined for other registries. */
export function parseEcrRegistry(registry: string): { account: string; region: string } | undefined {
  const m = ECR_HOST.exec(registry);
  return m ? { account: m[1]!, region: m[2]! } : undefined;
}

/** The ECR registry host name of an account and region. */
export function ecrRegistry(account: string, region: string): string {
  return `${account}.dkr.ecr.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}
