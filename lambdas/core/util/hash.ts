/** Short deterministic ids from parts (SHA-256, hex, 32 chars): stable across processes and releases. */
import { createHash } from 'node:crypto';

export function stableId(...parts: ReadonlyArray<string | number | undefined>): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(p === undefined ? '\u0000' : String(p));
    h.update('\u001f');
  }
  return h.digest('hex').slice(0, 32);
}
