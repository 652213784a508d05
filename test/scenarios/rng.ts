/** A small seeded RNG (mulberry32) with the helpers the scenario generators need: deterministic per seed. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** A seed from a string (FNV-1a), so each scenario's name gives it its own stream. */
  static seedOf(text: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(0, 15)];
    return s;
  }

  /** Lower-case alphanumerics, as Kubernetes generated-name suffixes. */
  suffix(n = 5): string {
    let s = '';
    for (let i = 0; i < n; i++) s += 'bcdfghjklmnpqrstvwxz2456789'[this.int(0, 26)];
    return s;
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  digest(): string {
    return `sha256:${this.hex(64)}`;
  }

  instanceId(): string {
    return `i-0${this.hex(16)}`;
  }

  eni(): string {
    return `eni-0${this.hex(16)}`;
  }

  /** A semver-ish tag such as `v2.13.4` or `1.8.0-hotfix`. */
  tag(): string {
    const base = `${this.int(0, 4)}.${this.int(0, 30)}.${this.int(0, 12)}`;
    return `${this.chance(0.5) ? 'v' : ''}${base}${this.chance(0.3) ? this.pick(['-hotfix', '-rc1', '-debug', '-patch2']) : ''}`;
  }

  /** A public IPv4 address from ranges where attackers and SaaS live (never RFC 1918/6598). */
  publicIp(prefixes: readonly string[] = ['185.220.101', '45.9.148', '91.92.240', '139.59.71', '167.99.13', '5.188.86']): string {
    return `${this.pick(prefixes)}.${this.int(2, 250)}`;
  }
}
