/**
 * Recognises image builds in a command line: what a container runs (command + args, often a
 * `sh -c` script) or what `kubectl exec` ran. Returns the builder tool and, when the command says
 * it, the destination image (kaniko `--destination`, buildctl `--output name=`, `build -t`).
 * Deliberately a tokenizer, not a shell: quoting is stripped, `;`/`&&`/`|` split commands.
 */
import { normalizeImage } from '../../model/image-ref';

export type BuildTool = 'kaniko' | 'buildkit' | 'docker' | 'buildah' | 'podman' | 'img' | 'nerdctl';

export interface BuildCommand {
  tool: BuildTool;
  /** A daemon that builds on request (dockerd, buildkitd), not a build itself. */
  daemon: boolean;
  /** Normalized destination image, when the command names one. */
  destination?: string;
}

const SEPARATORS = new Set([';', '&&', '||', '|', '&']);
const SPLIT = /(&&|\|\||;|\||&)/;
const QUOTES = /^[\s'"`(]+|[\s'"`)]+$/g;

/** Commands (each a token list) in an argv whose entries may be whole shell scripts. */
export function commandSegments(argv: readonly string[]): string[][] {
  const segments: string[][] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) segments.push(current);
    current = [];
  };
  for (const entry of argv) {
    if (!/[\s;&|]/.test(entry)) {
      current.push(entry);
      continue;
    }
    for (const piece of entry.split(/\s+/)) {
      for (const part of piece.split(SPLIT)) {
        if (SEPARATORS.has(part)) {
          flush();
          continue;
        }
        const token = part.replace(QUOTES, '');
        if (token.length > 0) current.push(token);
      }
    }
  }
  flush();
  return segments;
}

function basename(token: string): string {
  const slash = token.lastIndexOf('/');
  return slash >= 0 ? token.slice(slash + 1) : token;
}

/**
 * Positional words after a program (flags, and values that look like addresses or paths, skipped).
 * A word right after a bare flag may be that flag's value (`--log-level debug build`), so a second
 * reading without it is returned too.
 */
function subcommands(tokens: readonly string[], from: number): string[][] {
  const words: string[] = [];
  let firstAfterFlag = false;
  for (let i = from; i < tokens.length && words.length < 3; i++) {
    const t = tokens[i]!;
    if (t.startsWith('-') || /[/:=.]/.test(t)) continue;
    if (words.length === 0) {
      const prev = tokens[i - 1];
      firstAfterFlag = i > from && prev !== undefined && prev.startsWith('-') && !prev.includes('=');
    }
    words.push(t);
  }
  return firstAfterFlag ? [words, words.slice(1)] : [words];
}

const CLI_BUILD_VERBS = new Set(['build', 'commit']);
const CLI_GROUPS = new Set(['buildx', 'builder', 'image', 'container']);
const BUILDAH_VERBS = new Set(['bud', 'build', 'build-using-dockerfile', 'commit']);

function cliBuilds(words: readonly string[]): boolean {
  const [w0, w1] = words;
  if (w0 === undefined) return false;
  return CLI_BUILD_VERBS.has(w0) || (CLI_GROUPS.has(w0) && (w1 === 'build' || w1 === 'b' || w1 === 'commit'));
}

/** The tool a program token starts, given the words after it; undefined when it is no build. */
function programTool(token: string, tokens: readonly string[], at: number): { tool: BuildTool; daemon: boolean } | undefined {
  const name = basename(token);
  switch (name) {
    case 'executor':
      return token.includes('kaniko/') ? { tool: 'kaniko', daemon: false } : undefined;
    case 'buildctl-daemonless.sh':
      return { tool: 'buildkit', daemon: false };
    case 'buildctl':
      return subcommands(tokens, at + 1).some((w) => w[0] === 'build' || w[0] === 'b') ? { tool: 'buildkit', daemon: false } : undefined;
    case 'buildkitd':
      return { tool: 'buildkit', daemon: true };
    case 'dockerd':
    case 'dockerd-entrypoint.sh':
    case 'dockerd-rootless.sh':
      return { tool: 'docker', daemon: true };
    case 'buildah':
      return subcommands(tokens, at + 1).some((w) => w[0] !== undefined && BUILDAH_VERBS.has(w[0])) ? { tool: 'buildah', daemon: false } : undefined;
    case 'docker':
    case 'nerdctl':
    case 'podman': {
      const choices = subcommands(tokens, at + 1);
      if (choices.some(cliBuilds)) return { tool: name, daemon: false };
      if (name === 'podman' && choices.some((w) => w[0] === 'service' || (w[0] === 'system' && w[1] === 'service'))) return { tool: 'podman', daemon: true };
      return undefined;
    }
    case 'img':
      return subcommands(tokens, at + 1).some((w) => w[0] === 'build') ? { tool: 'img', daemon: false } : undefined;
    default:
      return undefined;
  }
}

/** Values of a flag in `--flag value`, `--flag=value` and `-f value` forms. */
function flagValues(tokens: readonly string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.startsWith('-')) continue;
    for (const n of names) {
      if (t === n && i + 1 < tokens.length) out.push(tokens[i + 1]!);
      else if (t.startsWith(`${n}=`)) out.push(t.slice(n.length + 1));
    }
  }
  return out;
}

/** `type=image,name=reg/app:1,push=true` → `reg/app:1` (first name of a list). */
function outputName(value: string): string | undefined {
  for (const part of value.replace(/["']/g, '').split(',')) {
    if (part.startsWith('name=')) return part.slice(5);
  }
  return undefined;
}

/** The destination image a build command names, normalized; undefined when none is readable. */
export function destinationOf(tool: BuildTool, tokens: readonly string[]): string | undefined {
  let candidates: string[];
  if (tool === 'kaniko') candidates = flagValues(tokens, ['--destination', '-d']);
  else if (tool === 'buildkit') candidates = flagValues(tokens, ['--output', '-o']).flatMap((v) => outputName(v) ?? []);
  else candidates = [...flagValues(tokens, ['--tag', '-t']), ...flagValues(tokens, ['--output', '-o']).flatMap((v) => outputName(v) ?? [])];
  for (const c of candidates) {
    const image = normalizeImage(c);
    if (image) return image;
  }
  return undefined;
}

/**
 * The first build in a command line. Daemons (dockerd, buildkitd, podman service) count only when
 * `daemons` is set: a pod running one is a builder, an exec starting one is not a build.
 */
export function detectBuildCommand(argv: readonly string[], daemons: boolean): BuildCommand | undefined {
  let daemon: BuildCommand | undefined;
  for (const tokens of commandSegments(argv)) {
    for (let i = 0; i < tokens.length; i++) {
      const found = programTool(tokens[i]!, tokens, i);
      if (!found) continue;
      if (found.daemon) {
        if (daemons) daemon ??= { tool: found.tool, daemon: true };
        continue;
      }
      const destination = destinationOf(found.tool, tokens.slice(i + 1));
      return { tool: found.tool, daemon: false, ...(destination ? { destination } : {}) };
    }
  }
  return daemon;
}
