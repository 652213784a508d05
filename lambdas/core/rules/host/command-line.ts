/**
 * Recognises image-build and image-push command lines (argv of an exec) of the container CLIs:
 * docker (build, image/builder build, buildx build|b|bake, compose build, commit), nerdctl, podman,
 * buildah (bud/build/commit/push), buildctl, the kaniko executor and img. Only the subcommand
 * position counts: `docker run alpine docker build` is a run, and wrappers (sudo, sh -c) are left
 * to the exec of the CLI they start, which audit records as its own event.
 */

export interface CommandMatch {
  action: 'build' | 'push';
  /** The CLI recognised: docker, nerdctl, podman, buildah, buildctl, kaniko, img, docker-compose, podman-compose. */
  tool: string;
  /** The image reference as written (tag of a build, destination of a push), when the command names one. */
  image?: string;
}

const set = (...s: string[]) => new Set(s);

/** Global options that take a value, per CLI (so that `docker -H tcp://x build` finds `build`). */
const GLOBAL_VALUE_FLAGS: Record<string, Set<string>> = {
  docker: set('-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey'),
  nerdctl: set('-n', '--namespace', '-a', '--address', '-H', '--host', '--snapshotter', '--storage-driver', '--cni-path', '--cni-netconfpath', '--data-root', '--cgroup-manager', '--hosts-dir', '--bridge-ip', '--host-gateway-ip'),
  podman: set('--url', '-c', '--connection', '--identity', '--root', '--runroot', '--storage-driver', '--storage-opt', '--log-level', '--cgroup-manager', '--runtime', '--tmpdir', '--events-backend', '--module', '--imagestore', '--registries-conf', '--network-cmd-path'),
  buildah: set('--root', '--runroot', '--storage-driver', '--storage-opt', '--registries-conf', '--registries-conf-dir', '--userns-uid-map', '--userns-gid-map', '--log-level', '--cgroup-manager'),
  buildctl: set('--addr', '--tlsservername', '--tlscacert', '--tlscert', '--tlskey', '--tlsdir', '--timeout', '--log-format', '--wait'),
  img: set('-b', '--backend', '-s', '--state'),
  buildx: set('--builder'),
  compose: set('-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--project-directory', '--ansi', '--progress', '--parallel'),
};

/** Options of push/commit that take a value (union over the CLIs: none of them conflict). */
const PUSH_COMMIT_VALUE_FLAGS = set(
  '--platform', '--authfile', '--cert-dir', '--creds', '--digestfile', '-f', '--format', '--compression-format',
  '--compression-level', '--encryption-key', '--encrypt-layer', '--sign-by', '--sign-passphrase-file', '--sign-by-sigstore',
  '--sign-by-sigstore-private-key', '--signature-policy', '--retry', '--retry-delay', '-a', '--author', '-c', '--change',
  '-m', '--message', '--iidfile', '--config', '--identity-label', '--manifest', '--rm-signatures',
);

const TAG_FLAGS = set('-t', '--tag');
const KANIKO_DESTINATION_FLAGS = set('-d', '--destination');
const OUTPUT_FLAGS = set('-o', '--output');
const MAX_ARG_SCAN = 256;

/** Index of the next positional word from `start`, skipping options (and the values of `valueFlags`). */
function nextWord(args: readonly string[], start: number, valueFlags: ReadonlySet<string>): number {
  for (let i = start; i < args.length && i < MAX_ARG_SCAN; i++) {
    const a = args[i]!;
    if (a === '--') return i + 1 < args.length ? i + 1 : -1;
    if (a.length < 2 || a[0] !== '-') return i;
    if (!a.includes('=') && valueFlags.has(a)) i++;
  }
  return -1;
}

/** Positional arguments after `start`. */
function positionals(args: readonly string[], start: number, valueFlags: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = nextWord(args, start, valueFlags); i >= 0 && out.length < 4; i = nextWord(args, i + 1, valueFlags)) out.push(args[i]!);
  return out;
}

/** Values of an option: `-t x`, `-tx`, `-t=x`, `--tag x`, `--tag=x`. */
function flagValues(args: readonly string[], start: number, names: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = start; i < args.length && i < MAX_ARG_SCAN; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (!names.has(eq < 0 ? a : a.slice(0, eq))) continue;
      if (eq >= 0) out.push(a.slice(eq + 1));
      else if (i + 1 < args.length) out.push(args[++i]!);
    } else if (a[0] === '-' && a.length >= 2 && names.has(a.slice(0, 2))) {
      if (a.length > 2) out.push(a[2] === '=' ? a.slice(3) : a.slice(2));
      else if (i + 1 < args.length) out.push(args[++i]!);
    }
  }
  return out.filter((v) => v.length > 0);
}

/** `name=` of a BuildKit output spec (`type=image,name=reg/app:1,push=true`). */
function outputName(specs: readonly string[]): string | undefined {
  for (const spec of specs) {
    for (const part of spec.split(',')) {
      const p = part.replace(/^"|"$/g, '');
      if (p.startsWith('name=') && p.length > 5) return p.slice(5);
    }
  }
  return undefined;
}

/** The image a build command tags: -t/--tag, else a BuildKit --output name. */
function buildImage(args: readonly string[], start: number): string | undefined {
  return flagValues(args, start, TAG_FLAGS)[0] ?? outputName(flagValues(args, start, OUTPUT_FLAGS));
}

function build(tool: string, image: string | undefined): CommandMatch {
  return image ? { action: 'build', tool, image } : { action: 'build', tool };
}

/** `commit CONTAINER [REPO[:TAG]]` creates an image from a container. */
function commit(tool: string, args: readonly string[], at: number): CommandMatch {
  return build(tool, positionals(args, at + 1, PUSH_COMMIT_VALUE_FLAGS)[1]);
}

/** containers-transports that write locally (a layout dir, an archive, the local store): not a registry. */
const LOCAL_TRANSPORT = /^(?:oci|oci-archive|dir|docker-archive|docker-daemon|containers-storage|ostree|sif):/;

/** `push IMAGE [DESTINATION]` (podman/buildah name a destination second); no image when it is local. */
function push(tool: string, args: readonly string[], at: number): CommandMatch {
  const pos = positionals(args, at + 1, PUSH_COMMIT_VALUE_FLAGS);
  const image = pos[1] ?? pos[0];
  return image && !LOCAL_TRANSPORT.test(image) ? { action: 'push', tool, image } : { action: 'push', tool };
}

/** docker / nerdctl / podman: the same subcommand tree. */
function dockerLike(tool: string, args: readonly string[]): CommandMatch | undefined {
  const w = nextWord(args, 1, GLOBAL_VALUE_FLAGS[tool]!);
  if (w < 0) return undefined;
  const word = args[w];
  if (word === 'build') return build(tool, buildImage(args, w + 1));
  if (word === 'commit') return commit(tool, args, w);
  if (word === 'push') return push(tool, args, w);
  const groupFlags = word === 'buildx' ? GLOBAL_VALUE_FLAGS.buildx! : word === 'compose' ? GLOBAL_VALUE_FLAGS.compose! : new Set<string>();
  const s = nextWord(args, w + 1, groupFlags);
  if (s < 0) return undefined;
  const sub = args[s];
  if ((word === 'image' || word === 'builder') && sub === 'build') return build(tool, buildImage(args, s + 1));
  if (word === 'buildx' && (sub === 'build' || sub === 'b' || sub === 'bake')) return build(tool, sub === 'bake' ? undefined : buildImage(args, s + 1));
  if (word === 'compose' && sub === 'build') return build(`${tool}-compose`, undefined);
  if (word === 'container' && sub === 'commit') return commit(tool, args, s);
  if (word === 'image' && sub === 'push') return push(tool, args, s);
  return undefined;
}

function buildah(args: readonly string[]): CommandMatch | undefined {
  const w = nextWord(args, 1, GLOBAL_VALUE_FLAGS.buildah!);
  const word = w < 0 ? undefined : args[w];
  if (word === 'bud' || word === 'build' || word === 'build-using-dockerfile') return build('buildah', buildImage(args, w + 1));
  if (word === 'commit') return commit('buildah', args, w);
  if (word === 'push') return push('buildah', args, w);
  return undefined;
}

function simpleBuild(tool: string, args: readonly string[], pushes: boolean): CommandMatch | undefined {
  const w = nextWord(args, 1, GLOBAL_VALUE_FLAGS[tool] ?? new Set());
  const word = w < 0 ? undefined : args[w];
  if (word === 'build') return build(tool, buildImage(args, w + 1));
  if (pushes && word === 'push') return push(tool, args, w);
  return undefined;
}

function basename(p: string | undefined): string {
  if (!p) return '';
  const slash = p.lastIndexOf('/');
  return slash < 0 ? p : p.slice(slash + 1);
}

function isKaniko(argv0: string, exe: string | undefined): boolean {
  const isExecutor = (p: string | undefined) => basename(p) === 'executor' && (p ?? '').includes('kaniko');
  return isExecutor(argv0) || isExecutor(exe);
}

function byName(name: string, args: readonly string[]): CommandMatch | undefined {
  switch (name) {
    case 'docker':
    case 'nerdctl':
    case 'podman':
      return dockerLike(name, args);
    case 'docker-buildx':
      // `docker buildx build` re-executes the plugin as `docker-buildx buildx build`: that run is the
      // same build, already seen as the docker CLI exec.
      return args[1] === 'buildx' ? undefined : dockerLike('docker', ['docker', 'buildx', ...args.slice(1)]);
    case 'docker-compose':
    case 'podman-compose': {
      if (args[1] === 'compose') return undefined; // plugin re-exec, as above
      const w = nextWord(args, 1, GLOBAL_VALUE_FLAGS.compose!);
      return w >= 0 && args[w] === 'build' ? build(name, undefined) : undefined;
    }
    case 'buildah':
      return buildah(args);
    case 'buildctl':
    case 'buildctl-daemonless.sh':
      return simpleBuild('buildctl', args, false);
    case 'img':
      return simpleBuild('img', args, true);
    default:
      return undefined;
  }
}

/** Classifies an exec's argv (argv[0] as executed; `exe` from the audit SYSCALL record when known). */
export function classifyCommand(argv: readonly string[], exe?: string): CommandMatch | undefined {
  const argv0 = argv[0];
  if (argv0 === undefined) return undefined;
  if (isKaniko(argv0, exe)) return build('kaniko', flagValues(argv, 1, KANIKO_DESTINATION_FLAGS)[0]);
  return byName(basename(argv0), argv) ?? (exe && basename(exe) !== basename(argv0) ? byName(basename(exe), argv) : undefined);
}
