/**
 * The pushed image of an ECR push (EventBridge or CloudTrail): registry host from account and
 * region, and the normalized reference, built only through lambdas/core/model/image-ref.
 */
import { ecrRegistry, imageFromParts, parseImageRef } from '../../model/image-ref';

export interface PushTarget {
  image: string;
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/**
 * Undefined when the repository name is not a valid reference. A malformed digest (AWS doc samples)
 * is dropped by imageFromParts; a tag the reference grammar refuses (ECR allows 300 characters,
 * OCI 128) is dropped here, so the repository and digest still meet other sources.
 */
export function pushTarget(account: string, region: string, repository: string, tag?: string, digest?: string): PushTarget | undefined {
  const registry = ecrRegistry(account, region);
  const image = imageFromParts(registry, repository, tag, digest) ?? (tag !== undefined ? imageFromParts(registry, repository, undefined, digest) : undefined);
  const ref = image !== undefined ? parseImageRef(image) : undefined;
  if (image === undefined || ref === undefined) return undefined;
  return {
    image,
    registry: ref.registry,
    repository: ref.repository,
    ...(ref.tag !== undefined ? { tag: ref.tag } : {}),
    ...(ref.digest !== undefined ? { digest: ref.digest } : {}),
  };
}
