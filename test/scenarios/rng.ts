/** The scenario generators' RNG: the repository's one seeded PRNG (test/support/rng.ts) plus Kubernetes and AWS identifiers. */
import { Rng as BaseRng } from '../support/rng';

/** The repository's seeded PRNG with the names, ids and addresses the scenario generators draw. */
export class Rng extends BaseRng {
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

/** The key a draw is seeded with in variant `variant`: `key` itself in variant 0 (the suite as written), `key#N` in variant N. */
export function salted(key: string, variant = 0): string {
  return variant ? `${key}#${variant}` : key;
}
