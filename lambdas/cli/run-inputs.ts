/**
 * The inputs of a `replay` or `signals` run, path by path: files to read (`-` as standard input),
 * paths that do not exist or cannot be listed (unreadable inputs of the run), and entries skipped
 * while recursing (dot-files, sockets), each said on stderr and counted, never silently dropped.
 */
import { InputError, listInputs } from './input-files';
import type { RunStatus } from './run-status';
import { sanitizeForTerminal } from '../core/util/sanitize';

export interface RunInputs {
  files: string[];
  /** Skip reasons (`input:skipped-dot-file`, `input:skipped-special-file`), one per skipped entry. */
  skipped: string[];
}

export async function runInputs(paths: readonly string[], status: RunStatus, stderr: NodeJS.WritableStream = process.stderr): Promise<RunInputs> {
  const out: RunInputs = { files: [], skipped: [] };
  for (const p of paths) {
    const listing = await listInputs([p]);
    for (const m of listing.missing) status.thrown(m.file, new InputError(m.file, m.message));
    for (const s of listing.skipped) {
      stderr.write(`skipped input: ${sanitizeForTerminal(s.file, 200)} (${s.reason})\n`);
      out.skipped.push(s.reason);
    }
    // `-` is named by a path so callers may stat it.
    out.files.push(...listing.files.map((f) => (f === '-' ? '/dev/stdin' : f)));
  }
  return out;
}
