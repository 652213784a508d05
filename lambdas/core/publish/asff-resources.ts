/**
 * Finding → ASFF Resources: the chain's images (AwsEcrContainerImage for ECR, Other elsewhere),
 * its EKS cluster, the deployed workload and pods (Container), its EC2 instances, and hosts known
 * only by name or IP (Other). Details sit under their type key; at most 32 resources, and an
 * AwsAccount resource when nothing else is known (Resources must not be empty).
 */
import type { Finding } from '../model/finding';
import { formatImageRef, parseEcrRegistry, parseImageRef } from '../model/image-ref';
import type { AsffBudget } from './asff-budget';
import { canonicalIp, optionalTimestamp, partitionOf, safeText } from './asff-text';
import type { AsffPartition, AsffResource } from './asff-types';

export const ASFF_MAX_RESOURCES = 32;

/** Where resources without their own account/Region live. */
export interface ResourceScope {
  account: string;
  region: string;
  partition: AsffPartition;
}

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
/** EKS cluster names: 1–100 characters, letter or digit first (CreateCluster API). */
const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

const list = <T>(xs: readonly T[] | undefined): readonly T[] => (Array.isArray(xs) ? xs : []);

function uniqueStrings(xs: readonly unknown[]): string[] {
  return [...new Set(xs.filter((x): x is string => typeof x === 'string'))];
}

/** Other details: only non-blank values, each below the 1,024-character limit. */
function other(pairs: Record<string, unknown>, budget: AsffBudget): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(pairs)) {
    const s = safeText(v, budget.id);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

interface EcrGroup {
  registryId: string;
  region: string;
  repository: string;
  digest?: string;
  tags: string[];
  primary: boolean;
  /** For the tag-only group: some reference without digest named this repository. */
  seen: boolean;
}

interface EcrRepository {
  digests: Map<string, EcrGroup>;
  tagOnly: EcrGroup;
}

/**
 * All ECR groups of one repository: one per digest, plus the references without digest (merged
 * into the digest when the repository has exactly one), the chain's own image first.
 */
function repositoryGroups(repo: EcrRepository): EcrGroup[] {
  const groups = [...repo.digests.values()];
  const loose = repo.tagOnly;
  if (groups.length === 1 && loose.seen) {
    const only = groups[0]!;
    for (const t of loose.tags) if (!only.tags.includes(t)) only.tags.push(t);
    only.primary ||= loose.primary;
  } else if (groups.length === 0 || loose.seen) groups.unshift(loose);
  return groups.sort((a, b) => Number(b.primary) - Number(a.primary));
}

/** Image references → resources, ECR ones grouped per repository and digest so Ids stay unique. */
function imageResources(f: Finding, scope: ResourceScope, budget: AsffBudget): AsffResource[] {
  const raws = uniqueStrings([f.image, ...list(f.images)]).slice(0, budget.images * 4);
  const ecr = new Map<string, EcrRepository>();
  const order: Array<EcrRepository | AsffResource> = [];
  for (const raw of raws) {
    const ref = parseImageRef(raw);
    const registry = ref ? parseEcrRegistry(ref.registry) : undefined;
    if (!ref || !registry) {
      const id = safeText(ref ? formatImageRef(ref) : raw, budget.id);
      if (id === undefined || order.some((o) => 'Id' in o && o.Id === id)) continue;
      const details = ref ? other({ registry: ref.registry, repository: ref.repository, tag: ref.tag, digest: ref.digest }, budget) : other({ image: raw }, budget);
      order.push({ Type: 'Other', Id: id, Partition: scope.partition, Region: scope.region, Details: { Other: details } });
      continue;
    }
    const key = `${ref.registry}/${ref.repository}`;
    const base = { registryId: registry.account, region: registry.region, repository: ref.repository, tags: [], primary: false, seen: false };
    let repo = ecr.get(key);
    if (!repo) {
      repo = { digests: new Map(), tagOnly: { ...base, tags: [] } };
      ecr.set(key, repo);
      order.push(repo);
    }
    let group = repo.tagOnly;
    if (ref.digest) {
      group = repo.digests.get(ref.digest) ?? { ...base, tags: [], digest: ref.digest };
      repo.digests.set(ref.digest, group);
    }
    group.seen = true;
    if (ref.tag !== undefined && !group.tags.includes(ref.tag)) group.tags.push(ref.tag);
    if (raw === f.image) group.primary = true;
  }
  const pushedAt = optionalTimestamp(list(f.timeline).find((t) => t.stage === 'push')?.time);
  const out = order.flatMap((item) =>
    'Id' in item ? [item] : repositoryGroups(item).map((g) => ecrResource(g, g.primary ? pushedAt : undefined, scope, budget)),
  );
  return out.slice(0, budget.images);
}

/** ECR names are ASCII and bounded by parseImageRef: ARNs and digests are never shortened by the budget. */
const ECR_ID_MAX = 1200;

function ecrResource(g: EcrGroup, publishedAt: string | undefined, scope: ResourceScope, budget: AsffBudget): AsffResource {
  const partition = partitionOf(g.region, scope.partition);
  // Amazon Inspector names ECR images the same way: the repository ARN, then `/<digest>`.
  const repoArn = `arn:${partition}:ecr:${g.region}:${g.registryId}:repository/${g.repository}`;
  const tags = g.tags.slice(0, budget.tags);
  return {
    Type: 'AwsEcrContainerImage',
    Id: safeText(g.digest ? `${repoArn}/${g.digest}` : repoArn, ECR_ID_MAX)!,
    Partition: partition,
    Region: g.region,
    Details: {
      AwsEcrContainerImage: {
        RegistryId: g.registryId,
        RepositoryName: g.repository,
        ...(g.digest ? { ImageDigest: g.digest } : {}),
        ...(tags.length > 0 ? { ImageTags: tags } : {}),
        ...(publishedAt ? { ImagePublishedAt: publishedAt } : {}),
      },
    },
  };
}

function clusterResource(f: Finding, scope: ResourceScope, budget: AsffBudget): AsffResource | undefined {
  if (typeof f.cluster === 'string' && EKS_CLUSTER_NAME.test(f.cluster)) {
    const arn = `arn:${scope.partition}:eks:${scope.region}:${scope.account}:cluster/${f.cluster}`;
    return { Type: 'AwsEksCluster', Id: arn, Partition: scope.partition, Region: scope.region, Details: { AwsEksCluster: { Name: f.cluster, Arn: arn } } };
  }
  const name = safeText(f.cluster, budget.text);
  return name === undefined ? undefined : { Type: 'Other', Id: `kubernetes-cluster/${name}`, Partition: scope.partition, Region: scope.region, Details: { Other: { cluster: name } } };
}

/** The deployed workload runs the chain's image: one Container named after it. */
function workloadResource(f: Finding, scope: ResourceScope, budget: AsffBudget): AsffResource | undefined {
  if (!list(f.stages).includes('deploy')) return undefined;
  const workload = safeText(f.workload, budget.text);
  if (workload === undefined) return undefined;
  const path = [safeText(f.cluster, budget.text), safeText(f.namespace, budget.text), workload].filter((p) => p !== undefined).join('/');
  const image = safeText(f.image, budget.id);
  return {
    Type: 'Container',
    Id: `${path}`,
    Partition: scope.partition,
    Region: scope.region,
    Details: { Container: { Name: workload, ...(image ? { ImageName: image } : {}) } },
  };
}

function podResources(f: Finding, scope: ResourceScope, budget: AsffBudget): AsffResource[] {
  const cluster = safeText(f.cluster, budget.text);
  return uniqueStrings(list(f.hosts?.pods))
    .map((pod) => safeText(pod, budget.text))
    .filter((pod): pod is string => pod !== undefined)
    .slice(0, budget.pods)
    .map((pod) => ({
      Type: 'Container',
      Id: cluster ? `${cluster}/${pod}` : pod,
      Partition: scope.partition,
      Region: scope.region,
      Details: { Container: { Name: safeText(pod.slice(pod.lastIndexOf('/') + 1), budget.text) ?? pod } },
    }));
}

function ips(f: Finding, budget: AsffBudget): { v4: string[]; v6: string[] } {
  const parsed = uniqueStrings(list(f.hosts?.ips)).map(canonicalIp);
  const pick = (v: 4 | 6) => [...new Set(parsed.filter((p) => p?.version === v).map((p) => p!.ip))].slice(0, budget.listItems);
  return { v4: pick(4), v6: pick(6) };
}

/** Instances by ARN; addresses only when a single instance makes them unambiguous. */
function hostResources(f: Finding, scope: ResourceScope, budget: AsffBudget): AsffResource[] {
  const instanceIds = uniqueStrings(list(f.hosts?.instanceIds));
  const valid = instanceIds.filter((i) => INSTANCE_ID.test(i)).slice(0, budget.instances);
  const { v4, v6 } = ips(f, budget);
  const instances: AsffResource[] = valid.map((id) => ({
    Type: 'AwsEc2Instance',
    Id: `arn:${scope.partition}:ec2:${scope.region}:${scope.account}:instance/${id}`,
    Partition: scope.partition,
    Region: scope.region,
    ...(valid.length === 1 && v4.length + v6.length > 0
      ? { Details: { AwsEc2Instance: { ...(v4.length > 0 ? { IpV4Addresses: v4 } : {}), ...(v6.length > 0 ? { IpV6Addresses: v6 } : {}) } } }
      : {}),
  }));
  if (valid.length > 0) return instances;
  const named: Array<[string, unknown]> = [
    ...instanceIds.map((h): [string, unknown] => ['instanceId', h]),
    ...list(f.hosts?.nodeNames).map((h): [string, unknown] => ['nodeName', h]),
    ...list(f.hosts?.hostnames).map((h): [string, unknown] => ['hostname', h]),
    ...[...v4, ...v6].map((h): [string, unknown] => ['ip', h]),
  ];
  const out: AsffResource[] = [];
  for (const [kind, value] of named) {
    const id = safeText(value, budget.text);
    if (id === undefined || out.some((r) => r.Id === id)) continue;
    out.push({ Type: 'Other', Id: id, Partition: scope.partition, Region: scope.region, Details: { Other: { [kind]: id } } });
    if (out.length >= budget.hosts) break;
  }
  return out;
}

export function toAsffResources(f: Finding, scope: ResourceScope, budget: AsffBudget): AsffResource[] {
  const images = imageResources(f, scope, budget);
  const resources = [
    ...images.slice(0, 1),
    clusterResource(f, scope, budget),
    workloadResource(f, scope, budget),
    ...hostResources(f, scope, budget),
    ...podResources(f, scope, budget),
    ...images.slice(1),
  ].filter((r): r is AsffResource => r !== undefined);
  const unique = resources.filter((r, i) => resources.findIndex((o) => o.Id === r.Id) === i);
  if (unique.length === 0) {
    return [{ Type: 'AwsAccount', Id: `AWS::::Account:${scope.account}`, Partition: scope.partition, Region: scope.region }];
  }
  return unique.slice(0, ASFF_MAX_RESOURCES);
}
