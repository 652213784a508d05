/**
 * The one recognizer of image builds and pushes in a command line, shared by exec-build (a
 * `kubectl exec` command), the pod builder rules (a container's command + args) and the auditd
 * execve rules (an exec'd argv).
 *
 * A command line is read as the shell would run it: wrappers are looked through (`sudo`, `env`,
 * `nice`, `timeout` …), `sh -c` scripts are split into their commands, and a command run inside a
 * container (`docker run [opts] IMAGE CMD…`, `docker exec CTR CMD…`, `kubectl exec POD -- CMD…`)
 * is read as a command of its own. In each command only the program and its subcommand position
 * count: `echo docker build` is an echo, `docker run alpine echo build` a run of echo, `git
 * commit`, `make build`, `mvn package` and `gradle build` no build (`mvn jib:build` and `gradle
 * jib` are). Work is bounded (MAX_TOKENS words per command, MAX_SEGMENTS commands, MAX_DEPTH
 * nesting levels, MAX_SCRIPT_CHARS per script).
 */
import { normalizeImage } from '../../model/image-ref';
import { type BuildDialect, type BuildFacts, buildFacts } from './build-flags';
import { BUILDX_VALUES, EXEC_VALUES, GLOBAL_VALUES, PUSH_COMMIT_VALUES, RUN_VALUES } from './cli-grammar';
import { unwrapCommand } from './command-wrappers';
import { type BuildTool, MAX_DEPTH, MAX_SEGMENTS, MAX_TOKENS, type RecognizedCommand } from './command-types';
import { jibTasks } from './jib-tasks';
import { basename, booleanOption, NO_VALUES, nextWord, optionValues, positionals } from './option-scan';
import { scriptCommands } from './shell-segments';

export type { BuildTool, RecognizedCommand } from './command-types';
export type { BuildFacts } from './build-flags';

const ENTRYPOINT = new Set(['--entrypoint']);

/**
 * containers-transports that write locally (a layout dir, an archive, the local store): a push
 * there is no registry push. Anchored alternatives of literals: no backtracking.
 */
const LOCAL_TRANSPORT = /^(?:oci|oci-archive|dir|docker-archive|docker-daemon|containers-storage|ostree|sif):/;

/**
 * The words of one command, program first, and whether they are all of it (false when a bound cut
 * words off: then the build is never said not to push).
 */
interface Command {
  words: readonly string[];
  complete: boolean;
}

/** A command recognised, or the command it runs inside a container (to be read in turn). */
type Found = RecognizedCommand | { nested: Command } | undefined;

function build(tool: BuildTool, dialect: BuildDialect, cmd: Command, start: number): RecognizedCommand {
  return { action: 'build', tool, daemon: false, ...buildFacts(dialect, cmd.words, start, cmd.complete) };
}

function daemon(tool: BuildTool): RecognizedCommand {
  return { action: 'build', tool, daemon: true };
}

/** `commit [opts] CONTAINER [REPO[:TAG]]`: an image made from a container. */
function commit(tool: BuildTool, { words }: Command, at: number): RecognizedCommand {
  const image = normalizeImage(positionals(words, at + 1, PUSH_COMMIT_VALUES, 2)[1]);
  return { action: 'build', tool, daemon: false, ...(image ? { image } : {}) };
}

/** `push [opts] IMAGE [DESTINATION]` (podman and buildah name the destination second). */
function push(tool: BuildTool, { words }: Command, at: number): RecognizedCommand {
  const pos = positionals(words, at + 1, PUSH_COMMIT_VALUES, 2);
  const target = pos[1] ?? pos[0];
  const image = target !== undefined && !LOCAL_TRANSPORT.test(target) ? normalizeImage(target) : undefined;
  return { action: 'push', tool, daemon: false, ...(image ? { image } : {}) };
}

/** `run [opts] IMAGE [CMD…]`: the command run in the container (with `--entrypoint`, that program first). */
function run({ words, complete }: Command, at: number): Found {
  const image = nextWord(words, at + 1, RUN_VALUES);
  if (image < 0) return undefined;
  const entrypoint = optionValues(words.slice(at + 1, image), 0, ENTRYPOINT).pop();
  const nested = entrypoint ? [entrypoint, ...words.slice(image + 1)] : words.slice(image + 1);
  return nested.length > 0 ? { nested: { words: nested, complete } } : undefined;
}

/** `exec [opts] CONTAINER CMD…` */
function exec({ words, complete }: Command, at: number): Found {
  const container = nextWord(words, at + 1, EXEC_VALUES);
  return container >= 0 && container + 1 < words.length ? { nested: { words: words.slice(container + 1), complete } } : undefined;
}

/** docker, nerdctl and podman share one subcommand tree. */
function containerCli(tool: 'docker' | 'nerdctl' | 'podman', cmd: Command): Found {
  const { words } = cmd;
  const w = nextWord(words, 1, GLOBAL_VALUES[tool]);
  if (w < 0) return undefined;
  const word = words[w];
  // podman build never pushes; docker and nerdctl build run BuildKit and take its output options.
  const dialect: BuildDialect = tool === 'podman' ? 'tags' : 'buildx';
  switch (word) {
    case 'build':
      return build(tool, dialect, cmd, w + 1);
    case 'commit':
      return commit(tool, cmd, w);
    case 'push':
      return push(tool, cmd, w);
    case 'run':
      return run(cmd, w);
    case 'exec':
      return exec(cmd, w);
    case 'service':
      return tool === 'podman' ? daemon('podman') : undefined;
  }
  const groupValues = word === 'buildx' ? BUILDX_VALUES : word === 'compose' ? GLOBAL_VALUES.compose : NO_VALUES;
  const s = nextWord(words, w + 1, groupValues);
  if (s < 0) return undefined;
  switch (`${word} ${words[s]}`) {
    case 'image build':
    case 'builder build':
    case 'buildx build':
    case 'buildx b':
      return build(tool, dialect, cmd, s + 1);
    case 'buildx bake':
      return build(tool, 'bake', cmd, s + 1);
    case 'compose build':
      return build(tool === 'nerdctl' ? 'nerdctl' : `${tool}-compose`, 'compose', cmd, s + 1);
    case 'container commit':
      return commit(tool, cmd, s);
    case 'container run':
      return run(cmd, s);
    case 'container exec':
      return exec(cmd, s);
    case 'image push':
    case 'manifest push':
      return push(tool, cmd, s);
    case 'farm build':
      return tool === 'podman' ? build(tool, 'tags', cmd, s + 1) : undefined;
    case 'system service':
      return tool === 'podman' ? daemon('podman') : undefined;
    default:
      return undefined;
  }
}

function buildah(cmd: Command): Found {
  const { words } = cmd;
  const w = nextWord(words, 1, GLOBAL_VALUES.buildah);
  switch (w < 0 ? undefined : words[w]) {
    case 'bud':
    case 'build':
    case 'build-using-dockerfile':
      return build('buildah', 'tags', cmd, w + 1);
    case 'commit':
      return commit('buildah', cmd, w);
    case 'push':
      return push('buildah', cmd, w);
    case 'manifest': {
      const s = nextWord(words, w + 1, NO_VALUES);
      return s >= 0 && words[s] === 'push' ? push('buildah', cmd, s) : undefined;
    }
    default:
      return undefined;
  }
}

/** `docker-compose build`, `podman-compose build` (not the `docker-compose compose …` plugin re-exec). */
function compose(tool: 'docker-compose' | 'podman-compose', cmd: Command): Found {
  const { words } = cmd;
  if (words[1] === 'compose') return undefined;
  const w = nextWord(words, 1, GLOBAL_VALUES.compose);
  return w >= 0 && words[w] === 'build' ? build(tool, 'compose', cmd, w + 1) : undefined;
}

/** `kubectl [opts] exec [opts] POD -- CMD…` */
function kubectlExec({ words, complete }: Command): Found {
  const w = nextWord(words, 1, GLOBAL_VALUES.kubectl);
  if (w < 0 || words[w] !== 'exec') return undefined;
  const dashes = words.indexOf('--', w + 1);
  return dashes > 0 && dashes + 1 < words.length ? { nested: { words: words.slice(dashes + 1), complete } } : undefined;
}

function isKanikoExecutor(program: string): boolean {
  const slash = program.lastIndexOf('/');
  return slash >= 0 && program.slice(slash + 1) === 'executor' && program.slice(0, slash).toLowerCase().includes('kaniko');
}

/** The CNB lifecycle phases that export an image: run by path (`/cnb/lifecycle/creator`), as pack, kpack and Tekton do. */
const LIFECYCLE_EXPORTS = new Set(['creator', 'exporter']);
/** `lifecycle PHASE`: the multi-call binary named by its first argument. */
const LIFECYCLE_SUBCOMMANDS = new Set(['create', 'export']);

function isLifecycleExport(program: string): boolean {
  const slash = program.lastIndexOf('/');
  if (slash < 0 || !LIFECYCLE_EXPORTS.has(program.slice(slash + 1))) return false;
  const dir = program.slice(0, slash).toLowerCase();
  return dir.includes('lifecycle') || dir.includes('cnb');
}

/** ko commands that build and publish: build (alias publish), resolve, apply, create, run. */
const KO_BUILDS = new Set(['build', 'publish', 'resolve', 'apply', 'create', 'run']);
/** skaffold commands that build (run, dev and debug deploy too). */
const SKAFFOLD_BUILDS = new Set(['build', 'run', 'dev', 'debug']);
const JIB_CLI_BUILDS = new Set(['build', 'jar', 'war']);
const PACK_BUILDS = new Set(['build']);

/** `pack build`, `ko build`, `jib jar` …: CLIs whose global options take no value. */
function subcommand(words: readonly string[], names: ReadonlySet<string>): number {
  const w = nextWord(words, 1, NO_VALUES);
  return w >= 0 && names.has(words[w]!) ? w : -1;
}

function skaffold(cmd: Command): Found {
  const { words } = cmd;
  const w = nextWord(words, 1, GLOBAL_VALUES.skaffold);
  if (w < 0 || !SKAFFOLD_BUILDS.has(words[w]!)) return undefined;
  // `skaffold build --dry-run` only computes tags
  if (words[w] === 'build' && booleanOption(words, w + 1, '--dry-run') === true) return undefined;
  return build('skaffold', 'skaffold', cmd, w + 1);
}

/** `gradle … jib` (not under -m/--dry-run, which runs no task). */
function gradle(cmd: Command): Found {
  const { words } = cmd;
  if (booleanOption(words, 1, '--dry-run') === true || words.slice(1, MAX_TOKENS).includes('-m')) return undefined;
  return jibTasks('gradle', words, 1).length > 0 ? build('jib', 'jib-gradle', cmd, 1) : undefined;
}

/** What one simple command (program first) does. */
function recognizeProgram(cmd: Command): Found {
  const { words } = cmd;
  const program = words[0];
  if (program === undefined) return undefined;
  if (isKanikoExecutor(program)) return build('kaniko', 'kaniko', cmd, 1);
  if (isLifecycleExport(program)) return build('buildpacks', 'lifecycle', cmd, 1);
  const name = basename(program);
  switch (name) {
    case 'docker':
    case 'nerdctl':
    case 'podman':
      return containerCli(name, cmd);
    case 'docker-buildx':
      // `docker buildx build` re-executes the plugin as `docker-buildx buildx build`: the same
      // build, already seen as the docker CLI's exec.
      return words[1] === 'buildx' ? undefined : containerCli('docker', { words: ['docker', 'buildx', ...words.slice(1)], complete: cmd.complete });
    case 'docker-compose':
    case 'podman-compose':
      return compose(name, cmd);
    case 'buildah':
      return buildah(cmd);
    case 'buildctl':
    case 'buildctl-daemonless.sh': {
      const w = nextWord(words, 1, GLOBAL_VALUES.buildctl);
      return w >= 0 && (words[w] === 'build' || words[w] === 'b') ? build('buildkit', 'buildctl', cmd, w + 1) : undefined;
    }
    case 'img': {
      const w = nextWord(words, 1, GLOBAL_VALUES.img);
      if (w >= 0 && words[w] === 'build') return build('img', 'tags', cmd, w + 1);
      return w >= 0 && words[w] === 'push' ? push('img', cmd, w) : undefined;
    }
    case 'pack': {
      const w = subcommand(words, PACK_BUILDS);
      return w >= 0 ? build('pack', 'pack', cmd, w + 1) : undefined;
    }
    case 'lifecycle':
      return words[1] !== undefined && LIFECYCLE_SUBCOMMANDS.has(basename(words[1])) ? build('buildpacks', 'lifecycle', cmd, 2) : undefined;
    case 'ko': {
      const w = subcommand(words, KO_BUILDS);
      return w >= 0 ? build('ko', 'ko', cmd, w + 1) : undefined;
    }
    case 'mvn':
    case 'mvnw':
    case 'mvnd':
    case 'mvnDebug':
      return jibTasks('maven', words, 1).length > 0 ? build('jib', 'jib-maven', cmd, 1) : undefined;
    case 'gradle':
    case 'gradlew':
      return gradle(cmd);
    case 'jib': {
      const w = subcommand(words, JIB_CLI_BUILDS);
      return w >= 0 ? build('jib', 'jib-cli', cmd, w + 1) : undefined;
    }
    case 'skaffold':
      return skaffold(cmd);
    case 'kubectl':
    case 'oc':
      return kubectlExec(cmd);
    case 'dockerd':
    case 'dockerd-entrypoint.sh':
    case 'dockerd-rootless.sh':
      return daemon('docker');
    case 'buildkitd':
      return daemon('buildkit');
    default:
      return undefined;
  }
}

type Visit = (found: RecognizedCommand) => boolean;

interface WalkState {
  segments: number;
}

/**
 * Visits the commands of a command line in order until `visit` returns true; returns whether it
 * did. Every simple command, script or nested, spends one of MAX_SEGMENTS.
 */
function walk(cmd: Command, depth: number, state: WalkState, visit: Visit): boolean {
  if (state.segments >= MAX_SEGMENTS) return false;
  state.segments++;
  const unwrapped = unwrapCommand(cmd.words);
  if (!unwrapped) return false;
  if (unwrapped.kind === 'script') {
    if (depth >= MAX_DEPTH) return false;
    for (const segment of scriptCommands(unwrapped.script, MAX_SEGMENTS - state.segments)) {
      if (walk(segment, depth + 1, state, visit)) return true;
    }
    return false;
  }
  const found = recognizeProgram({ words: unwrapped.words, complete: cmd.complete && unwrapped.complete });
  if (!found) return false;
  if ('nested' in found) return depth < MAX_DEPTH && walk(found.nested, depth + 1, state, visit);
  return visit(found);
}

/**
 * The first build in a command line (a container's command + args, a `kubectl exec` command).
 * Daemons (dockerd, buildkitd, podman service) count only with `daemons`, and only when no build
 * follows: a pod running one is a builder, an exec starting one is not a build.
 */
export function firstBuild(argv: readonly string[], options: { daemons?: boolean } = {}): RecognizedCommand | undefined {
  let build: RecognizedCommand | undefined;
  let firstDaemon: RecognizedCommand | undefined;
  walk({ words: argv, complete: true }, 0, { segments: 0 }, (found) => {
    if (found.action !== 'build') return false;
    if (!found.daemon) build = found;
    else if (options.daemons) firstDaemon ??= found;
    return !found.daemon;
  });
  return build ?? firstDaemon;
}

function firstBuildOrPush(argv: readonly string[]): RecognizedCommand | undefined {
  let result: RecognizedCommand | undefined;
  walk({ words: argv, complete: true }, 0, { segments: 0 }, (found) => {
    if (found.daemon) return false;
    result = found;
    return true;
  });
  return result;
}

/**
 * What an exec'd argv does: its first build or push (daemons are neither). `exe` is the executable
 * audit recorded: it names the CLI when argv[0] was changed (`d build …` run from /usr/bin/docker).
 */
export function classifyExec(argv: readonly string[], exe?: string): RecognizedCommand | undefined {
  const argv0 = argv[0];
  if (argv0 === undefined) return undefined;
  const byArgv = firstBuildOrPush(argv);
  if (byArgv || !exe || exe === argv0) return byArgv;
  return firstBuildOrPush([exe, ...argv.slice(1, MAX_TOKENS)]);
}

/**
 * How a builder image's args are read: with a dialect (every word, scripts split), or as the
 * arguments of the CLI that is the image's entrypoint (`buildpacksio/pack` args `build IMAGE
 * --publish` are `pack build IMAGE --publish`).
 */
const IMPLIED: Record<BuildTool, BuildDialect | { cli: string }> = {
  kaniko: 'kaniko',
  buildkit: 'buildctl',
  docker: 'buildx',
  nerdctl: 'buildx',
  podman: 'tags',
  buildah: 'tags',
  img: 'tags',
  'docker-compose': 'compose',
  'podman-compose': 'compose',
  pack: { cli: 'pack' },
  ko: { cli: 'ko' },
  buildpacks: 'lifecycle',
  jib: { cli: 'jib' },
  skaffold: { cli: 'skaffold' },
};

/** A builder CLI's facts of its args (`build IMAGE …` for pack), or none when they are no build of that tool. */
function entrypointFacts(tool: BuildTool, cli: string, argv: readonly string[]): BuildFacts {
  // Cut to MAX_TOKENS args, the command is one word too long and never said not to push.
  const found = firstBuild([cli, ...argv.slice(0, MAX_TOKENS)]);
  if (found?.tool !== tool) return {};
  return { ...(found.image ? { image: found.image } : {}), ...(found.noPush !== undefined ? { noPush: found.noPush } : {}) };
}

/**
 * The build facts of a container whose image is the builder (kaniko's entrypoint is the executor,
 * so its flags are the container's args): every word of its command line, scripts split, read
 * with that builder's options; for an image whose entrypoint is a builder CLI (pack, ko), its args
 * read as that CLI's.
 */
export function impliedBuildFacts(tool: BuildTool, argv: readonly string[]): BuildFacts {
  const implied = IMPLIED[tool];
  if (typeof implied !== 'string') return entrypointFacts(tool, implied.cli, argv);
  const words: string[] = [];
  const state: WalkState = { segments: 0 };
  let complete = true;
  const collect = (line: readonly string[], lineComplete: boolean, depth: number): void => {
    if (state.segments >= MAX_SEGMENTS || words.length >= MAX_TOKENS) {
      complete = false;
      return;
    }
    state.segments++;
    const unwrapped = unwrapCommand(line);
    if (unwrapped?.kind === 'script' && depth < MAX_DEPTH) {
      for (const c of scriptCommands(unwrapped.script, MAX_SEGMENTS - state.segments)) collect(c.words, c.complete, depth + 1);
      return;
    }
    const room = MAX_TOKENS - words.length;
    complete &&= lineComplete && line.length <= room;
    words.push(...line.slice(0, room));
  };
  collect(argv, true, 0);
  return buildFacts(implied, words, 0, complete);
}
