/**
 * Whether a pod spec runs an image builder, found by image (kaniko, buildkit, dind …) or by what
 * its containers run (`/kaniko/executor`, `buildctl-daemonless.sh`, `dockerd` …). Computed once per
 * spec: builder-pod, privileged-builder and runtime-socket-mount all ask.
 */
import type { ContainerView, PodSpecView } from '../../records/eks-audit/pod-spec';
import { type BuildTool, firstBuild, impliedBuildFacts } from '../commands/recognize-command';
import { builderImageTool } from './builder-image';

export interface PodBuilder {
  tool: BuildTool;
  /** Normalized destination image, when a builder container names one. */
  destination?: string;
  /** The chosen builder says it does not push (true) or that it pushes (false); see BuildSignal.noPush. */
  noPush?: boolean;
  /** The builder container's command line, as evidence. */
  command?: string;
  /** Some builder container is privileged (or escalates with SYS_ADMIN). */
  privileged: boolean;
  container: string;
}

const MAX_COMMAND = 1024;

function containerBuilder(c: ContainerView): Omit<PodBuilder, 'privileged'> | undefined {
  const byCommand = c.argv.length > 0 ? firstBuild(c.argv, { daemons: true }) : undefined;
  const byImage = builderImageTool(c.image);
  const tool = byCommand?.tool ?? byImage;
  if (!tool) return undefined;
  // Image-detected builders take their flags as args (kaniko's entrypoint is the executor).
  const implied = byImage ? impliedBuildFacts(byImage, c.argv) : undefined;
  const destination = byCommand?.image ?? implied?.image;
  const noPush = byCommand?.noPush ?? implied?.noPush;
  const command = c.argv.join(' ').slice(0, MAX_COMMAND);
  return { tool, container: c.name, ...(destination ? { destination } : {}), ...(noPush !== undefined ? { noPush } : {}), ...(command ? { command } : {}) };
}

const cache = new WeakMap<PodSpecView, PodBuilder | null>();

/** The pod's builder (the one naming a destination first, else the first), or undefined. */
export function podBuilderOf(spec: PodSpecView): PodBuilder | undefined {
  const cached = cache.get(spec);
  if (cached !== undefined) return cached ?? undefined;
  let chosen: Omit<PodBuilder, 'privileged'> | undefined;
  let privileged = false;
  for (const c of spec.containers) {
    const b = containerBuilder(c);
    if (!b) continue;
    privileged ||= c.privileged;
    if (!chosen || (!chosen.destination && b.destination)) chosen = b;
  }
  const result = chosen ? { ...chosen, privileged } : null;
  cache.set(spec, result);
  return result ?? undefined;
}
