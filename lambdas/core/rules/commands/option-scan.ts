/**
 * Reading options the way getopt/pflag CLIs do: `--name value`, `--name=value`, `-n value`,
 * `-nvalue`, clusters of one-letter flags (`-it`, `-itv /x:/y`) and `--` ending the options.
 * Which options take a value is given per CLI; an unknown option is taken for a flag without one.
 */
import { MAX_TOKENS } from './command-types';

export type ValueOptions = ReadonlySet<string>;

export const NO_VALUES: ValueOptions = new Set<string>();

export function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

/** How many words an option at `args[i]` occupies (1, or 2 when its value is the next word). */
function optionWidth(arg: string, values: ValueOptions): number {
  if (arg.startsWith('--')) return !arg.includes('=') && values.has(arg) ? 2 : 1;
  // A short option or a cluster: the first letter taking a value takes the rest of the word, or
  // the next word when it is the last letter.
  for (let k = 1; k < arg.length; k++) {
    if (values.has(`-${arg[k]}`)) return k === arg.length - 1 ? 2 : 1;
    if (arg[k] === '=') return 1;
  }
  return 1;
}

export function isOption(arg: string): boolean {
  return arg.length >= 2 && arg[0] === '-';
}

/** Index of the first positional word at or after `start` (options and their values skipped), or -1. */
export function nextWord(args: readonly string[], start: number, values: ValueOptions): number {
  const end = Math.min(args.length, MAX_TOKENS);
  for (let i = start; i < end; ) {
    const a = args[i]!;
    if (a === '--') return i + 1 < end ? i + 1 : -1;
    if (!isOption(a)) return i;
    i += optionWidth(a, values);
  }
  return -1;
}

/** The first `max` positional words after `start`. */
export function positionals(args: readonly string[], start: number, values: ValueOptions, max = 4): string[] {
  const out: string[] = [];
  let i = nextWord(args, start, values);
  while (i >= 0 && out.length < max) {
    out.push(args[i]!);
    // After `--` every word is positional.
    if (args[i - 1] === '--') {
      for (let j = i + 1; j < Math.min(args.length, MAX_TOKENS) && out.length < max; j++) out.push(args[j]!);
      break;
    }
    i = nextWord(args, i + 1, values);
  }
  return out;
}

/**
 * Values of the options `names` (long `--tag`, short `-t`) after `start`, in order: `-t x`,
 * `-tx`, `-t=x`, `--tag x`, `--tag=x`. Stops at `--`. Empty values are dropped.
 */
export function optionValues(args: readonly string[], start: number, names: ValueOptions): string[] {
  const out: string[] = [];
  const end = Math.min(args.length, MAX_TOKENS);
  for (let i = start; i < end; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (!isOption(a)) continue;
    let value: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (!names.has(eq < 0 ? a : a.slice(0, eq))) continue;
      value = eq >= 0 ? a.slice(eq + 1) : args[++i];
    } else if (names.has(a.slice(0, 2))) {
      value = a.length > 2 ? (a[2] === '=' ? a.slice(3) : a.slice(2)) : args[++i];
    }
    if (value) out.push(value);
  }
  return out;
}

/**
 * A boolean option's state: true for `--push`, `--push=true`, `--push=1`; false for
 * `--push=false`, `--push=0`; undefined when absent. The last occurrence wins.
 */
export function booleanOption(args: readonly string[], start: number, name: string): boolean | undefined {
  let state: boolean | undefined;
  const end = Math.min(args.length, MAX_TOKENS);
  for (let i = start; i < end; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a === name) state = true;
    else if (a.startsWith(`${name}=`)) {
      const v = a.slice(name.length + 1).toLowerCase();
      state = v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : state;
    }
  }
  return state;
}

/**
 * The positional words after `start` of a CLI that matches options whole (Maven, Gradle): an
 * option in `values` takes the next word unless written `--name=value`; any other option (`-pl`
 * among them when not listed, `-Dk=v`, `-T4`) is one word.
 */
export function wholeOptionPositionals(args: readonly string[], start: number, values: ValueOptions): string[] {
  const out: string[] = [];
  const end = Math.min(args.length, MAX_TOKENS);
  for (let i = start; i < end; i++) {
    const a = args[i]!;
    if (!isOption(a)) out.push(a);
    else if (values.has(a)) i++;
  }
  return out;
}

/** Flags read the way Go's `flag` package reads them, and where its positional arguments start. */
export interface GoFlags {
  /** Flag name (dashes removed) and value, in order; a boolean written alone has value undefined. */
  flags: Array<[name: string, value: string | undefined]>;
  /** Index of the first positional argument, or -1. */
  positional: number;
}

/**
 * Go `flag` syntax: `-name`, `--name`, `-name=value`, `-name value` (only for flags that are not
 * boolean). Parsing stops at the first word that is not a flag, at `-` and after `--`.
 */
export function goFlags(args: readonly string[], start: number, booleans: ReadonlySet<string>): GoFlags {
  const flags: GoFlags['flags'] = [];
  const end = Math.min(args.length, MAX_TOKENS);
  for (let i = start; i < end; i++) {
    const a = args[i]!;
    if (a === '--') return { flags, positional: i + 1 < end ? i + 1 : -1 };
    if (!isOption(a)) return { flags, positional: i };
    const body = a.startsWith('--') ? a.slice(2) : a.slice(1);
    const eq = body.indexOf('=');
    if (eq >= 0) flags.push([body.slice(0, eq), body.slice(eq + 1)]);
    else if (booleans.has(body)) flags.push([body, undefined]);
    else flags.push([body, args[++i]]);
  }
  return { flags, positional: -1 };
}

/** A Go boolean flag's state in `flags` (the last occurrence wins): `-daemon`, `-daemon=true|1|t`, `-daemon=false|0|f`. */
export function goBoolean(flags: GoFlags['flags'], name: string): boolean | undefined {
  let state: boolean | undefined;
  for (const [n, v] of flags) {
    if (n !== name) continue;
    const value = v?.toLowerCase();
    if (value === undefined || value === 'true' || value === '1' || value === 't') state = true;
    else if (value === 'false' || value === '0' || value === 'f') state = false;
  }
  return state;
}
