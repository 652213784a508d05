/**
 * Finds the program a simple command really runs: past variable assignments (`IMG=x cmd`),
 * shell keywords (`if`, `then`, `do`, `!`, `{`), and the wrappers that run their arguments as a
 * command (`env`, `nice -n 5`, `nohup`, `sudo -u x`, `timeout 600`, `exec`, `stdbuf -oL`,
 * `chroot /host`, `nsenter -t 1 -m --`, `tini --` …). A shell with `-c` (`sh -c '…'`,
 * `bash -lc '…'`, `su -c '…'`) yields its script instead.
 */
import { MAX_TOKENS } from './command-types';
import { basename, isOption, nextWord, NO_VALUES, type ValueOptions } from './option-scan';

export type Unwrapped =
  /** The program's words, program first; `complete` is false when words beyond MAX_TOKENS were left out. */
  | { kind: 'command'; words: string[]; complete: boolean }
  /** A script to split into commands (the string after `sh -c`). */
  | { kind: 'script'; script: string };

interface Wrapper {
  /** Options that take a value. */
  values: ValueOptions;
  /** Positional words before the command (timeout's duration, chroot's new root). */
  skip?: number;
  /** Options whose value is a script (`su -c`, `env -S`). */
  script?: ValueOptions;
  /** Options after which the wrapper runs nothing (`command -v docker` only looks it up). */
  noCommand?: ReadonlySet<string>;
  /** `env VAR=x cmd`: assignments among its arguments. */
  assignments?: boolean;
  /** Runs a command only through its script option (`su -c '…'`); its other arguments are no command. */
  scriptOnly?: boolean;
  /** The script option may follow positional words (`su - root -c '…'`, `runuser -l app -c '…'`). */
  scriptAnywhere?: boolean;
}

const set = (...s: string[]): ValueOptions => new Set(s);

const WRAPPERS = new Map<string, Wrapper>(Object.entries({
  env: { values: set('-u', '--unset', '-C', '--chdir'), script: set('-S', '--split-string'), assignments: true },
  nice: { values: set('-n', '--adjustment') },
  nohup: { values: NO_VALUES },
  sudo: {
    values: set('-u', '--user', '-g', '--group', '-h', '--host', '-p', '--prompt', '-C', '--close-from', '-D', '--chdir', '-r', '--role', '-t', '--type', '-T', '--command-timeout', '-U', '--other-user', '-R', '--chroot'),
    noCommand: set('-l', '--list', '-v', '--validate', '-k', '--reset-timestamp', '-K', '--remove-timestamp', '-e', '--edit', '-V', '--version'),
  },
  doas: { values: set('-u', '-C') },
  su: { values: set('-g', '--group', '-G', '--supp-group', '-s', '--shell', '-w', '--whitelist-environment'), script: set('-c', '--command', '--session-command'), scriptOnly: true, scriptAnywhere: true },
  runuser: { values: set('-u', '--user', '-g', '--group', '-G', '--supp-group', '-s', '--shell', '-w', '--whitelist-environment'), script: set('-c', '--command', '--session-command'), scriptAnywhere: true },
  timeout: { values: set('-s', '--signal', '-k', '--kill-after'), skip: 1 },
  exec: { values: set('-a') },
  stdbuf: { values: set('-i', '--input', '-o', '--output', '-e', '--error') },
  time: { values: set('-f', '--format', '-o', '--output') },
  command: { values: NO_VALUES, noCommand: set('-v', '-V') },
  chroot: { values: set('--userspec', '--groups'), skip: 1 },
  nsenter: { values: set('-t', '--target', '-S', '--setuid', '-G', '--setgid') },
  setsid: { values: NO_VALUES },
  ionice: { values: set('-c', '--class', '-n', '--classdata'), noCommand: set('-p', '--pid', '-P', '--pgid', '-u', '--uid') },
  tini: { values: set('-p', '-e') },
  'tini-static': { values: set('-p', '-e') },
  'dumb-init': { values: set('-r', '--rewrite') },
  catatonit: { values: NO_VALUES },
  dind: { values: NO_VALUES },
  busybox: { values: NO_VALUES },
  rootlesskit: {
    values: set(
      '--state-dir', '--net', '--mtu', '--cidr', '--ifname', '--copy-up', '--copy-up-mode', '--port-driver', '--propagation', '--subid-source',
      '--slirp4netns-binary', '--slirp4netns-sandbox', '--slirp4netns-seccomp', '--vpnkit-binary', '--lxc-user-nic-binary', '--lxc-user-nic-bridge',
      '--pasta-binary', '--reaper', '--evacuate-cgroup2', '--log-socket', '--userns-path', '--utsns', '--ipcns',
    ),
  },
} satisfies Record<string, Wrapper>));

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'rbash', 'yash', 'posh']);
/** Shell long options with a value; `-o`/`-O` (set/shopt options) take the next word too. */
const SHELL_VALUES = set('--rcfile', '--init-file', '-o', '-O', '+o', '+O');
const KEYWORDS = new Set(['!', '{', '}', 'if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'esac']);
/** Compound commands whose first segment is no command (`for x in a b`, `case $x in`). */
const NOT_A_COMMAND = new Set(['for', 'case', 'select', 'function']);

/** `NAME=value`: a variable assignment before a command. */
function isAssignment(word: string): boolean {
  const eq = word.indexOf('=');
  if (eq <= 0) return false;
  for (let k = 0; k < eq; k++) {
    const c = word.charCodeAt(k);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (!letter && !(k > 0 && c >= 48 && c <= 57)) return false;
  }
  return true;
}

/** The script of `sh [options] -c SCRIPT`, or undefined (a script file, an interactive shell). */
function shellScript(words: readonly string[], at: number): string | undefined {
  let command = false;
  const end = Math.min(words.length, MAX_TOKENS);
  for (let i = at + 1; i < end; i++) {
    const w = words[i]!;
    if (w === '--' || w === '-') return command ? words[i + 1] : undefined;
    if ((w[0] === '-' || w[0] === '+') && w.length >= 2) {
      if (w.startsWith('--')) {
        if (SHELL_VALUES.has(w)) i++;
        continue;
      }
      if (w[0] === '-' && w.includes('c')) command = true;
      if (w.includes('o') || w.includes('O')) i++;
      continue;
    }
    return command ? w : undefined;
  }
  return undefined;
}

/** The value of one of `names` in a wrapper's options (before its command, unless `anywhere`), or undefined. */
function scriptOption(words: readonly string[], at: number, names: ValueOptions, anywhere: boolean): string | undefined {
  const end = Math.min(words.length, MAX_TOKENS);
  for (let i = at + 1; i < end; i++) {
    const w = words[i]!;
    if (w === '--') return undefined;
    if (!isOption(w)) {
      if (anywhere) continue;
      return undefined;
    }
    const eq = w.indexOf('=');
    if (w.startsWith('--') && eq > 0 && names.has(w.slice(0, eq))) return w.slice(eq + 1);
    if (names.has(w)) return words[i + 1];
    // `-c'cmd'` attached to a short option
    if (!w.startsWith('--') && names.has(w.slice(0, 2))) return w.slice(2);
  }
  return undefined;
}

function hasOption(words: readonly string[], at: number, names: ReadonlySet<string>, values: ValueOptions): boolean {
  const end = Math.min(words.length, MAX_TOKENS);
  for (let i = at + 1; i < end; i++) {
    const w = words[i]!;
    if (w === '--' || !isOption(w)) return false;
    if (names.has(w)) return true;
    if (!w.startsWith('--') && !w.includes('=') && values.has(w)) i++;
  }
  return false;
}

/** Index of the command a wrapper at `at` runs, or -1. */
function wrappedCommand(words: readonly string[], at: number, w: Wrapper): number {
  let i = nextWord(words, at + 1, w.values);
  for (let n = 0; i >= 0 && n < (w.skip ?? 0); n++) i = nextWord(words, i + 1, w.values);
  if (w.assignments) while (i >= 0 && i < words.length && isAssignment(words[i]!)) i++;
  return i >= 0 && i < words.length ? i : -1;
}

/** The program a simple command runs (or the script it hands to a shell); undefined when none. */
export function unwrapCommand(words: readonly string[]): Unwrapped | undefined {
  const end = Math.min(words.length, MAX_TOKENS);
  let i = 0;
  // Every step moves forward, so this ends within `end` steps.
  while (i < end) {
    const word = words[i]!;
    if (isAssignment(word) || KEYWORDS.has(word)) {
      i++;
      continue;
    }
    if (NOT_A_COMMAND.has(word)) return undefined;
    const name = basename(word);
    if (SHELLS.has(name)) {
      const script = shellScript(words, i);
      return script === undefined ? undefined : { kind: 'script', script };
    }
    const wrapper = WRAPPERS.get(name);
    if (!wrapper) return { kind: 'command', words: words.slice(i, end), complete: words.length <= end };
    if (wrapper.script) {
      const script = scriptOption(words, i, wrapper.script, wrapper.scriptAnywhere === true);
      if (script !== undefined) return { kind: 'script', script };
    }
    if (wrapper.scriptOnly || (wrapper.noCommand && hasOption(words, i, wrapper.noCommand, wrapper.values))) return undefined;
    const next = wrappedCommand(words, i, wrapper);
    if (next <= i) return undefined;
    i = next;
  }
  return undefined;
}
