/**
 * The embedded store's iterator leak, fixed where it is: dynalite 4.0.0 turns each level iterator
 * into a stream whose `destroy()` closes it with `iterator.return()` — the async-iterator protocol —
 * but abstract-level 3 iterators are closed with `close()` and have no `return()`. Every Query and
 * Scan dynalite serves therefore leaves an open iterator attached to the database (each pinning a
 * snapshot of the store): ~64,000 queries of a two-week replay held ~64,000 of them and ran the
 * CLI out of memory.
 *
 * The fix is upstream-shaped: give abstract-level's iterator classes the `return()` dynalite calls,
 * as `close()` — what `for await … break` does through `Symbol.asyncIterator` already. It is
 * applied once, to the abstract-level that dynalite itself loads, and only where `return` is
 * missing, so it becomes a no-op the day either package provides it. Measured by
 * test/adapters/embedded-dynamodb-iterators.test.ts (open iterators stay at 0 after thousands of
 * queries and scans).
 */
import { dirname } from 'node:path';

interface IteratorClass {
  prototype: { close(): Promise<void>; return?: () => Promise<void> };
}

/** abstract-level as dynalite resolves it (through memory-level, its in-memory backend). */
export function dynaliteAbstractLevel(): Record<string, unknown> {
  const dynaliteDir = dirname(require.resolve('dynalite'));
  const memoryLevel = require.resolve('memory-level', { paths: [dynaliteDir] });
  return require(require.resolve('abstract-level', { paths: [dirname(memoryLevel)] })) as Record<string, unknown>;
}

let applied = false;

/** Makes dynalite's streams close the iterators they open. Idempotent. */
export function closeDynaliteIterators(): void {
  if (applied) return;
  applied = true;
  const level = dynaliteAbstractLevel();
  for (const name of ['AbstractIterator', 'AbstractKeyIterator', 'AbstractValueIterator', 'AbstractEntryIterator']) {
    const cls = level[name] as IteratorClass | undefined;
    if (!cls || typeof cls.prototype.close !== 'function' || 'return' in cls.prototype) continue;
    Object.defineProperty(cls.prototype, 'return', {
      configurable: true,
      writable: true,
      value: function close(this: { close(): Promise<void> }) {
        return this.close();
      },
    });
  }
}
