/**
 * The exit status of `replay` and `signals`, from what happened to each input:
 *
 * - 0: every input was read and each one that was read had usable records (or none at all).
 * - 1: the run finished and printed its findings, but it is incomplete: some input was
 *   unreadable (could not be opened or decoded: the reader reports an `inputError` or an
 *   `input:` reject; a thrown `InputError` or file-system error counts the same), or some input
 *   had no usable record (see `noUsableRecord`).
 * - 2: nothing could run (usage error, bad config, `--out` not writable, the state store or the
 *   account unreachable), or `--publish` could not deliver every finding.
 */
import { CommanderError } from 'commander';
import type { Tally } from '../core/model/normalize-result';
import { sanitizeForTerminal } from '../core/util/sanitize';
import { errnoCode } from '../core/util/errors';

export const EXIT_OK = 0;
export const EXIT_INCOMPLETE = 1;
export const EXIT_FAILED = 2;

/** The reader's marker for an input that could not be opened or decoded. */
export const INPUT_REJECT_PREFIX = 'input:';

export interface UnreadableInput {
  file: string;
  reason: string;
}

/** What the reader yields, as far as the exit status is concerned (InputChunk and CloudWatchChunk fit). */
export interface ChunkLike {
  file?: string;
  tally: Tally;
  inputError?: UnreadableInput;
}

/** Counts of one input's records, rejects (those starting `input:` excluded) and ignores. */
export function recordCounts(t: Tally): { records: number; signals: number; rejected: number; ignored: number } {
  let rejected = 0;
  for (const [reason, n] of t.rejected) if (!reason.startsWith(INPUT_REJECT_PREFIX)) rejected += n;
  let ignored = 0;
  for (const n of t.ignored.values()) ignored += n;
  const signals = Object.values(t.signalsByKind()).reduce((a, b) => a + b, 0);
  return { records: t.records, signals, rejected, ignored };
}

/**
 * An input has no usable record when none of its records became a signal, at least one was
 * rejected, every record was rejected or ignored, and the rejected ones are at least as many as
 * the ignored ones. So a wrong `--flow-format` (every line rejected; a header or NODATA row
 * ignored) fails the input, while one broken line among many irrelevant records does not.
 */
export function noUsableRecord(t: Tally): boolean {
  const c = recordCounts(t);
  return c.rejected > 0 && c.signals === 0 && c.rejected + c.ignored >= c.records && c.rejected >= c.ignored;
}

function inputRejects(t: Tally): string[] {
  return [...t.rejected.keys()].filter((r) => r.startsWith(INPUT_REJECT_PREFIX));
}

function errorReason(e: Error & { file?: string; code?: string }): string {
  const prefix = e.file ? `${e.file}: ` : '';
  return prefix && e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
}

/** A per-input failure (the input goes on the unreadable list), as opposed to one that stops the run. */
export function isInputFailure(e: unknown): e is Error & { file?: string; code?: string } {
  if (!(e instanceof Error)) return false;
  if (e.name === 'InputError') return true;
  return errnoCode(e) !== undefined && typeof (e as { syscall?: unknown }).syscall === 'string';
}

/** Collects, input by input, what makes a run incomplete; prints it and gives the exit status. */
export class RunStatus {
  readonly unreadable: UnreadableInput[] = [];
  readonly unusable: { file: string; records: number; rejected: number; top: string }[] = [];
  private mark = 0;

  /** Notes a chunk's `inputError`, or its `input:` rejects when it names no error. */
  chunk(chunk: ChunkLike, fallbackFile = 'input'): void {
    const file = chunk.inputError?.file ?? chunk.file ?? fallbackFile;
    if (chunk.inputError) this.addUnreadable(file, chunk.inputError.reason);
    else {
      const reasons = inputRejects(chunk.tally);
      if (reasons.length > 0) this.addUnreadable(file, reasons.join(', '));
    }
  }

  /** A thrown per-input failure (today's `InputError`, an fs error on open/stat): the input is unreadable, the run goes on. */
  thrown(file: string, e: Error & { file?: string }): void {
    this.addUnreadable(e.file ?? file, errorReason(e));
  }

  /** Before reading one input. */
  beginInput(): void {
    this.mark = this.unreadable.length;
  }

  /** At the end of one input, with that input's own tally (an input already unreadable is not listed twice). */
  endInput(file: string, t: Tally): void {
    if (this.unreadable.length > this.mark || !noUsableRecord(t)) return;
    const c = recordCounts(t);
    const top = [...t.rejected].filter(([r]) => !r.startsWith(INPUT_REJECT_PREFIX)).sort((a, b) => b[1] - a[1])[0]?.[0] ?? '?';
    this.unusable.push({ file, records: c.records, rejected: c.rejected, top });
  }

  get exitCode(): number {
    return this.unreadable.length > 0 || this.unusable.length > 0 ? EXIT_INCOMPLETE : EXIT_OK;
  }

  /** Lines for stderr (escaped): each unreadable input, each input without a usable record. */
  lines(): string {
    const out: string[] = [];
    for (const u of this.unreadable) out.push(`unreadable input: ${sanitizeForTerminal(u.file, 200)}: ${sanitizeForTerminal(u.reason, 300)}`);
    for (const u of this.unusable) out.push(`no usable record in input: ${sanitizeForTerminal(u.file, 200)}: ${u.rejected} of ${u.records} records rejected (mostly ${sanitizeForTerminal(u.top, 80)})`);
    return out.length > 0 ? `${out.join('\n')}\n` : '';
  }

  /** The summary line: how many inputs were unreadable or unusable. */
  summaryLine(): string {
    return `inputs unreadable: ${this.unreadable.length}; inputs with no usable record: ${this.unusable.length}\n`;
  }

  /** Throws the exit status 1 (after everything was printed) when the run is incomplete. */
  finish(): void {
    if (this.exitCode === EXIT_OK) return;
    const parts = [this.unreadable.length > 0 ? `${this.unreadable.length} input(s) unreadable` : '', this.unusable.length > 0 ? `${this.unusable.length} input(s) with no usable record` : ''].filter(Boolean);
    process.stderr.write(`an1261: incomplete run (exit status 1): ${parts.join(', ')}\n`);
    throw new CommanderError(EXIT_INCOMPLETE, 'an1261.incompleteRun', parts.join(', '));
  }

  private addUnreadable(file: string, reason: string): void {
    this.unreadable.push({ file, reason });
  }
}

/** The `--help` text of the exit status, for `replay` (with --out and --publish) and `signals`. */
export function exitStatusHelp(command: 'replay' | 'signals'): string {
  const printed = command === 'replay' ? 'printed its findings (and wrote --out)' : 'printed its signals';
  const failed =
    command === 'replay'
      ? `  2  nothing could run: usage error, invalid --config, --out not writable (checked
     before any input is read), state store or AWS unreachable; with --publish,
     also when a finding was not accepted`
      : '  2  nothing could run: usage error, invalid --config';
  return `
Exit status:
  0  every input was read, and each input had usable records (or none)
  1  the run finished and ${printed}, but it is incomplete:
     an input is missing or could not be opened or decoded ("unreadable input:
     <file>: <reason>" on stderr), or an input had no usable record: none became a signal, at least
     one was rejected, all were rejected or ignored, and no more were ignored than
     rejected (e.g. a wrong --flow-format)
${failed}`;
}
