/**
 * Bounded collections for the tune inventory: a backtest can be 14 days of a big organisation, so
 * every map and list has a cap and counts what it turned away instead of growing.
 */

/** Counts what did not fit, by what. */
export class Overflow {
  readonly counts: Record<string, number> = {};
  add(what: string, n = 1): void {
    this.counts[what] = (this.counts[what] ?? 0) + n;
  }
}

/**
 * A map that admits at most `cap` keys; `get` of a new key past the cap returns undefined and
 * counts the overflow under `name`.
 * @example new CappedMap<string, number>(2, 'x', overflow).upsert('a', () => 0)
 */
export class CappedMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(
    private readonly cap: number,
    private readonly name: string,
    private readonly overflow: Overflow,
  ) {}

  /** The value of `key`, created by `make` when absent and room is left; undefined when full. */
  upsert(key: K, make: () => V): V | undefined {
    let v = this.map.get(key);
    if (v !== undefined) return v;
    if (this.map.size >= this.cap) {
      this.overflow.add(this.name);
      return undefined;
    }
    v = make();
    this.map.set(key, v);
    return v;
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }

  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }

  get size(): number {
    return this.map.size;
  }
}

/** Adds `value` to a set unless the set holds `cap` values already; false when it did not fit. */
export function addCapped<T>(set: Set<T>, value: T, cap: number): boolean {
  if (set.has(value)) return true;
  if (set.size >= cap) return false;
  set.add(value);
  return true;
}

/** The UTC day (YYYY-MM-DD) of an ISO time. */
export const utcDay = (iso: string): string => iso.slice(0, 10);

/** The earlier / later of two ISO times (either may be undefined). */
export const minIso = (a: string | undefined, b: string): string => (a === undefined || b < a ? b : a);
export const maxIso = (a: string | undefined, b: string): string => (a === undefined || b > a ? b : a);
