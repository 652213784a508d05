/** The simulators draw from the repository's one seeded PRNG (mulberry32): same seed, same schedule. */
export { Rng, hash32 } from '../test/support/rng';
