/** Fuzz cases draw from the repository's one seeded PRNG: every case is reproducible from (seed, source, index). */
import { Rng, hash32 } from '../test/support/rng';

export { Rng, hash32 };

export function caseRng(seed: number, source: string, index: number): Rng {
  return new Rng(hash32(`${seed}|${source}|${index}`));
}
