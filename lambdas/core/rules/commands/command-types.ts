/**
 * What the command recognizer reports, and the bounds it works within. Command lines are
 * attacker-controlled (a pod spec, an exec request, an audited argv): every scan is capped.
 */

/**
 * The builder a command runs. buildctl and buildkitd are `buildkit`; compose builds name their CLI;
 * `pack` is the Cloud Native Buildpacks CLI, `buildpacks` the CNB lifecycle it (or kpack, or a
 * Tekton task) runs (`/cnb/lifecycle/creator`, `exporter`); `jib` is the Maven and Gradle plugins
 * and the Jib CLI.
 */
export type BuildTool =
  | 'docker'
  | 'nerdctl'
  | 'podman'
  | 'buildah'
  | 'buildkit'
  | 'kaniko'
  | 'img'
  | 'docker-compose'
  | 'podman-compose'
  | 'pack'
  | 'buildpacks'
  | 'ko'
  | 'jib'
  | 'skaffold';

export interface RecognizedCommand {
  action: 'build' | 'push';
  tool: BuildTool;
  /** A daemon that builds on request (dockerd, buildkitd, podman service), not a build itself. */
  daemon: boolean;
  /** Normalized image: a build's first valid tag or destination, a push's registry destination. */
  image?: string;
  /**
   * Builds only. true: the command says it will not push (kaniko --no-push, buildx --load or a
   * non-pushing --output, buildctl output without push=true, ko --push=false, jib:buildTar);
   * false: it says it pushes (pack --publish, ko, jib:build, the CNB exporter); undefined: it says
   * nothing (docker build, podman build, buildah bud never push by themselves; pack without
   * --publish, jib:dockerBuild and ko --local load the local daemon).
   */
  noPush?: boolean;
}

/** Words of one simple command considered (the rest of a longer command is ignored). */
export const MAX_TOKENS = 256;
/** Simple commands considered in one command line, every script and nesting level together. */
export const MAX_SEGMENTS = 64;
/** Characters of one shell script read (`sh -c '…'`); the rest is ignored. */
export const MAX_SCRIPT_CHARS = 65_536;
/** Levels of `sh -c`, `docker run … CMD` and `kubectl exec -- CMD` followed inside one another. */
export const MAX_DEPTH = 4;
