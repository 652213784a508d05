/**
 * Known image-builder images: a container from one of these builds images whatever its args say
 * (kaniko's entrypoint is the executor; docker:dind and moby/buildkit start build daemons).
 * Matched on the normalized reference, so mirrors and registry prefixes do not hide them.
 */
import { parseImageRef } from '../../model/image-ref';
import type { BuildTool } from '../commands/recognize-command';

function tokens(s: string): string[] {
  return s.split(/[-_.]/);
}

/** The builder tool an image runs, or undefined for any other image. */
export function builderImageTool(image: string | undefined): BuildTool | undefined {
  const ref = parseImageRef(image);
  if (!ref) return undefined;
  const repo = ref.repository;
  const slash = repo.lastIndexOf('/');
  const last = repo.slice(slash + 1);
  if (last === 'kaniko' || last === 'kaniko-executor' || repo.endsWith('kaniko-project/executor') || (last === 'executor' && repo.includes('kaniko'))) return 'kaniko';
  if (repo === 'moby/buildkit' || last === 'buildkit' || last === 'buildkitd') return 'buildkit';
  // docker:dind, docker:27-dind-rootless, any */dind or *-dind image.
  if (tokens(last).includes('dind') || (last === 'docker' && ref.tag !== undefined && tokens(ref.tag).includes('dind'))) return 'docker';
  if (last === 'buildah' || repo.startsWith('buildah/')) return 'buildah';
  if (last === 'podman' || (ref.registry === 'quay.io' && repo.startsWith('podman/'))) return 'podman';
  if ((ref.registry === 'r.j3ss.co' && repo === 'img') || repo === 'jess/img' || repo === 'genuinetools/img') return 'img';
  return undefined;
}
