/**
 * The one seeded PRNG of the repository's generators (scenarios, fuzz cases, benchmark inputs, the
 * two-week environment): mulberry32, so every generated input is a function of its seed and a
 * difference between two runs comes from the code, not the data.
 */

/** FNV-1a of a string: seeds from names (a scenario, a fuzz case) and stable file names. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class Rng {
  private state: number;

  /** Any 32-bit seed, 0 included (mulberry32 adds its increment before mixing). */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A seed from a string, so each named generator gets its own stream. */
  static seedOf(text: string): number {
    return hash32(text);
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Random characters from `alphabet`, length in [lo, hi]. */
  str(lo: number, hi: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-'): string {
    const n = this.int(lo, hi);
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** `n` lower-case hex digits. */
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(0, 15)];
    return s;
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}
