/**
 * Known image-builder images: a container from one of these builds images whatever its args say
 * (kaniko's entrypoint is the executor; docker:dind and moby/buildkit start build daemons; the
 * entrypoint of buildpacksio/pack is pack, of ko's image ko, so their args are the subcommand).
 * Images that hold a builder but run nothing by themselves (a CNB builder or lifecycle image,
 * skaffold's, maven's) are judged by the command their containers run instead.
 * Matched on the normalized reference, so mirrors and registry prefixes do not hide them.
 */
import { parseImageRef } from '../../model/image-ref';
import type { BuildTool } from '../commands/recognize-command';

function tokens(s: string): string[] {
  return s.split(/[-_.]/);
}

/** The repository is `path` or a mirror's copy of it (`mirror.acme.io/hub/buildpacksio/pack`). */
function isRepo(repo: string, path: string): boolean {
  return repo === path || repo.endsWith(`/${path}`);
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
  if (isRepo(repo, 'buildpacksio/pack')) return 'pack';
  // ghcr.io/ko-build/ko (gcr.io/ko-images/ko, google/ko before the move): ko on golang
  if (isRepo(repo, 'ko-build/ko') || isRepo(repo, 'ko-images/ko') || isRepo(repo, 'google/ko')) return 'ko';
  return undefined;
}
