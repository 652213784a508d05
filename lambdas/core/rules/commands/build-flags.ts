/**
 * What a build command's options say about its result: the image it names (first valid
 * -t/--tag, kaniko -d/--destination, BuildKit --output `name=`) and whether it says it pushes.
 * `noPush` stays undefined unless an option decides it: a plain `docker build` never pushes by
 * itself, but nothing in it says the image will not be pushed next.
 */
import { normalizeImage } from '../../model/image-ref';
import { LIFECYCLE_BOOLEANS, PACK_BUILD_VALUES } from './cli-grammar';
import { MAX_TOKENS } from './command-types';
import { jibTasks } from './jib-tasks';
import { booleanOption, goBoolean, goFlags, nextWord, optionValues } from './option-scan';

/** How a builder spells its options. */
export type BuildDialect =
  | 'buildx' // docker/nerdctl build, docker buildx build, image build, builder build
  | 'bake' // docker buildx bake: targets come from a file, no image on the command line
  | 'buildctl' // buildctl build --output …
  | 'kaniko' // /kaniko/executor --destination … [--no-push]
  | 'tags' // podman build, buildah bud, img build: -t only, and they never push
  | 'compose' // docker compose build [--push]
  | 'pack' // pack build IMAGE [--publish]
  | 'lifecycle' // /cnb/lifecycle/creator|exporter [-flags] IMAGE… [-daemon] [-layout]
  | 'ko' // ko build|resolve|apply … [--push=false] [-L]: the image comes from $KO_DOCKER_REPO
  | 'jib-maven' // mvn jib:build|dockerBuild|buildTar [-Dimage=IMAGE]
  | 'jib-gradle' // gradle jib|jibDockerBuild|jibBuildTar [--image=IMAGE]
  | 'jib-cli' // jib build|jar|war --target [registry://|docker://|tar://]IMAGE
  | 'skaffold'; // skaffold build|run|dev|debug [--push]: images come from skaffold.yaml

export interface BuildFacts {
  image?: string;
  noPush?: boolean;
}

const TAG = new Set(['-t', '--tag']);
const LIFECYCLE_TAG = 'tag';
const PUBLISH = '--publish';
const KO_LOCAL = '--local';
const DEFINE = new Set(['-D', '--define']);
const GRADLE_DEFINE = new Set(['-D', '--system-prop']);
const GRADLE_IMAGE = new Set(['--image']);
const JIB_TARGET = new Set(['-t', '--target']);
const JIB_NAME = new Set(['--name']);
/** pack's OCI layout export (`pack build oci:DIR`): written to disk, never pushed. */
const OCI_LAYOUT = 'oci:';
/** Jib CLI targets: a registry (also without a prefix), the local daemon, a tarball. */
const JIB_REGISTRY = 'registry://';
const JIB_DOCKER = 'docker://';
const JIB_TAR = 'tar://';
const OUTPUT = new Set(['-o', '--output']);
const DESTINATION = new Set(['-d', '--destination']);
const MAX_SPEC_CHARS = 4096;

interface OutputSpec {
  names: string[];
  pushes: boolean;
  /** False when the spec was too long to read whole: it may say push=true further on. */
  complete: boolean;
}

/** CSV fields of an output spec, double quotes protecting commas: `type=image,"name=a,b",push=true`. */
function csvFields(spec: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (const ch of spec.length > MAX_SPEC_CHARS ? spec.slice(0, MAX_SPEC_CHARS) : spec) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/**
 * A BuildKit output: `type=registry` and `push=true` push; anything else (image without push,
 * docker, local, tar, oci, cacheonly, or a bare path / `-` meaning a local or tar export) does not.
 */
function parseOutput(spec: string): OutputSpec {
  const out: OutputSpec = { names: [], pushes: false, complete: spec.length <= MAX_SPEC_CHARS };
  for (const field of csvFields(spec)) {
    const eq = field.indexOf('=');
    if (eq < 0) continue;
    const key = field.slice(0, eq).trim().toLowerCase();
    const value = field.slice(eq + 1).trim();
    if (key === 'name') out.names.push(...value.split(','));
    else if (key === 'type' && value.toLowerCase() === 'registry') out.pushes = true;
    else if (key === 'push' && (value.toLowerCase() === 'true' || value === '1')) out.pushes = true;
  }
  return out;
}

function firstImage(candidates: readonly string[]): string | undefined {
  for (const c of candidates) {
    const image = normalizeImage(c);
    if (image) return image;
  }
  return undefined;
}

function facts(image: string | undefined, noPush: boolean | undefined): BuildFacts {
  return { ...(image ? { image } : {}), ...(noPush !== undefined ? { noPush } : {}) };
}

/**
 * The facts of a build whose options start at `args[start]`. `complete` is false when the command
 * was cut to a bound: an option saying it pushes may have been left out, so it is never said not
 * to push (an attacker padding the command cannot detach the build from its push).
 */
export function buildFacts(dialect: BuildDialect, args: readonly string[], start: number, complete = true): BuildFacts {
  const f = factsOf(dialect, args, start);
  return f.noPush === true && !complete ? facts(f.image, undefined) : f;
}

function factsOf(dialect: BuildDialect, args: readonly string[], start: number): BuildFacts {
  switch (dialect) {
    case 'kaniko': {
      const destinations = optionValues(args, start, DESTINATION);
      const noPush = booleanOption(args, start, '--no-push') === true ? true : destinations.length > 0 ? false : undefined;
      return facts(firstImage(destinations), noPush);
    }
    case 'buildctl': {
      const outputs = optionValues(args, start, OUTPUT).map(parseOutput);
      const noPush = outputs.some((o) => o.pushes) ? false : outputs.length === 0 || !outputs.every((o) => o.complete) ? undefined : true;
      return facts(firstImage(outputs.flatMap((o) => o.names)), noPush);
    }
    case 'buildx': {
      const outputs = optionValues(args, start, OUTPUT).map(parseOutput);
      const pushes = booleanOption(args, start, '--push') === true || outputs.some((o) => o.pushes);
      const stays = (booleanOption(args, start, '--load') === true || outputs.length > 0) && outputs.every((o) => o.complete);
      const image = firstImage(optionValues(args, start, TAG)) ?? firstImage(outputs.flatMap((o) => o.names));
      return facts(image, pushes ? false : stays ? true : undefined);
    }
    case 'bake': {
      const pushes = booleanOption(args, start, '--push') === true;
      return facts(undefined, pushes ? false : booleanOption(args, start, '--load') === true ? true : undefined);
    }
    case 'compose':
      return facts(undefined, booleanOption(args, start, '--push') === true ? false : undefined);
    case 'tags': {
      const outputs = optionValues(args, start, OUTPUT).map(parseOutput);
      return facts(firstImage(optionValues(args, start, TAG)) ?? firstImage(outputs.flatMap((o) => o.names)), undefined);
    }
    case 'pack':
      return packFacts(args, start);
    case 'lifecycle':
      return lifecycleFacts(args, start);
    case 'ko':
      return koFacts(args, start);
    case 'jib-maven':
    case 'jib-gradle':
      return jibPluginFacts(dialect, args, start);
    case 'jib-cli':
      return jibCliFacts(args, start);
    case 'skaffold':
      // `skaffold build --push` (only build has the flag); otherwise push follows skaffold.yaml and the cluster
      return facts(undefined, booleanOption(args, start, '--push') === true ? false : undefined);
  }
}

/**
 * `pack build IMAGE`: without --publish the image goes to the local daemon (push unknown, like
 * docker build); `oci:DIR` exports an OCI layout to disk. -t/--tag adds tags.
 */
function packFacts(args: readonly string[], start: number): BuildFacts {
  const at = nextWord(args, start, PACK_BUILD_VALUES);
  const name = at >= 0 ? args[at]! : undefined;
  if (name?.startsWith(OCI_LAYOUT)) return facts(undefined, true);
  const image = firstImage(name !== undefined ? [name] : []) ?? firstImage(optionValues(args, start, TAG));
  return facts(image, booleanOption(args, start, PUBLISH) === true ? false : undefined);
}

/**
 * The CNB lifecycle's creator and exporter export to the registry (IMAGE and its -tag tags),
 * unless -daemon (the local daemon: push unknown) or -layout (an OCI layout on disk).
 */
function lifecycleFacts(args: readonly string[], start: number): BuildFacts {
  const { flags, positional } = goFlags(args, start, LIFECYCLE_BOOLEANS);
  const tags = flags.filter(([n]) => n === LIFECYCLE_TAG).map(([, v]) => v ?? '');
  const image = firstImage(positional >= 0 ? [args[positional]!] : []) ?? firstImage(tags);
  if (goBoolean(flags, 'daemon') === true) return facts(image, undefined);
  return facts(image, goBoolean(flags, 'layout') === true);
}

/**
 * ko -L/--local, also in a cluster of short flags (`-BL`). Any short-option word with an `L` is
 * taken for it: a mistake there only loses a "no push".
 */
function koLocal(args: readonly string[], start: number): boolean {
  if (booleanOption(args, start, KO_LOCAL) === true) return true;
  const end = Math.min(args.length, MAX_TOKENS);
  for (let i = start; i < end; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a.length >= 2 && a[0] === '-' && a[1] !== '-' && !a.includes('=') && a.includes('L')) return true;
  }
  return false;
}

/**
 * ko pushes to $KO_DOCKER_REPO by default (also with --tarball or --oci-layout-path, which add to
 * the push); -L/--local loads the local daemon instead (push unknown); --push=false pushes nothing.
 */
function koFacts(args: readonly string[], start: number): BuildFacts {
  if (koLocal(args, start)) return facts(undefined, undefined);
  return facts(undefined, booleanOption(args, start, '--push') === false);
}

/** The value of `key=value` definitions for one of `keys`. */
function defined(values: readonly string[], keys: ReadonlySet<string>): string[] {
  return values.flatMap((v) => {
    const eq = v.indexOf('=');
    return eq > 0 && keys.has(v.slice(0, eq)) ? [v.slice(eq + 1)] : [];
  });
}

const MAVEN_IMAGE_KEYS: ReadonlySet<string> = new Set(['image', 'jib.to.image']);
const GRADLE_IMAGE_KEYS: ReadonlySet<string> = new Set(['jib.to.image']);

/**
 * Jib's Maven goals and Gradle tasks: jib:build / jib push (noPush false), jib:dockerBuild /
 * jibDockerBuild load the daemon (unknown), jib:buildTar / jibBuildTar write a tarball (true).
 * The image: Maven -Dimage= or -Djib.to.image=, Gradle --image= or -Djib.to.image=.
 */
function jibPluginFacts(dialect: 'jib-maven' | 'jib-gradle', args: readonly string[], start: number): BuildFacts {
  const tasks = jibTasks(dialect === 'jib-maven' ? 'maven' : 'gradle', args, start);
  const noPush = tasks.includes('build') ? false : tasks.includes('dockerBuild') || tasks.length === 0 ? undefined : true;
  const images =
    dialect === 'jib-maven'
      ? defined(optionValues(args, start, DEFINE), MAVEN_IMAGE_KEYS)
      : [...optionValues(args, start, GRADLE_IMAGE), ...defined(optionValues(args, start, GRADLE_DEFINE), GRADLE_IMAGE_KEYS)];
  return facts(firstImage(images), noPush);
}

/** `jib build|jar|war --target T`: registry://IMAGE or IMAGE pushes, docker://IMAGE loads the daemon, tar://PATH (named by --name) does not push. */
function jibCliFacts(args: readonly string[], start: number): BuildFacts {
  const target = optionValues(args, start, JIB_TARGET)[0];
  if (target === undefined) return {};
  if (target.startsWith(JIB_TAR)) return facts(firstImage(optionValues(args, start, JIB_NAME)), true);
  if (target.startsWith(JIB_DOCKER)) return facts(firstImage([target.slice(JIB_DOCKER.length)]), undefined);
  return facts(firstImage([target.startsWith(JIB_REGISTRY) ? target.slice(JIB_REGISTRY.length) : target]), false);
}
