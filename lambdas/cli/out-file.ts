/**
 * `--out` is checked before any input is read, so a typo in its path does not cost a whole replay
 * (and the findings table) at the end: the file is opened for writing without truncating it (or
 * created and removed again), and a directory is refused.
 */
import { closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import { sanitizeForTerminal } from '../core/util/sanitize';
import { An1261Error, errnoCode, errorMessage } from '../core/util/errors';

const REASONS: Record<string, string> = {
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a component of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
};

export class OutPathError extends An1261Error {
  constructor(path: string, reason: string) {
    super(`--out ${sanitizeForTerminal(path, 200)}: cannot write: ${reason}`);
  }
}

function reasonOf(e: unknown): string {
  const code = errnoCode(e);
  return (code && REASONS[code]) ?? sanitizeForTerminal(errorMessage(e), 200);
}

/** Throws an OutPathError (one line naming the path and the reason) unless `path` can be written. */
export function checkOutWritable(path: string): void {
  let exists = true;
  try {
    if (statSync(path).isDirectory()) throw new OutPathError(path, 'it is a directory');
  } catch (e) {
    if (e instanceof OutPathError) throw e;
    if (errnoCode(e) !== 'ENOENT') throw new OutPathError(path, reasonOf(e));
    exists = false;
  }
  try {
    if (exists) closeSync(openSync(path, 'r+'));
    else {
      closeSync(openSync(path, 'wx'));
      unlinkSync(path);
    }
  } catch (e) {
    throw new OutPathError(path, reasonOf(e));
  }
}
