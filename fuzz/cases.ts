/** A case: a seed mutated, a grammar output, or a grammar output mutated; and its delivery. */
import type { Delivery } from './deliver';
import { stringify } from './json-text';
import { mutateBytes, mutateLines, mutateJson } from './mutate';
import { caseRng, type Rng } from './rng';
import type { FuzzSource } from './sources';

export interface Case {
  input: Buffer;
  delivery: Delivery;
  /** seed:<n>+m<k>, grammar, grammar+m<k>. */
  origin: string;
}

/** Inputs stay under 1 MiB: a mutation that grows one beyond is undone. */
const MAX_INPUT = 1 << 20;

function mutate(source: FuzzSource, input: Buffer, rng: Rng, other: Buffer): Buffer {
  let buf = input;
  const n = rng.int(1, 4);
  for (let k = 0; k < n; k++) {
    const prev = buf;
    step();
    if (buf.length > MAX_INPUT) buf = prev;
  }
  return buf;

  function step(): void {
    if (rng.chance(0.35)) {
      buf = mutateBytes(buf, rng, other);
      return;
    }
    const text = buf.toString('utf8');
    if (source.style === 'lines') {
      buf = Buffer.from(mutateLines(text, rng), 'utf8');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      buf = mutateBytes(buf, rng, other);
      return;
    }
    try {
      buf = Buffer.from(stringify((source.mutateValue ?? mutateJson)(value, rng)), 'utf8');
    } catch {
      // too deep to re-serialize (nesting piled up by several mutations): keep the previous input
    }
  }
}

export function makeCase(source: FuzzSource, seeds: readonly Buffer[], seed: number, index: number): Case {
  const rng = caseRng(seed, source.name, index);
  const delivery = source.delivery(rng);
  const r = rng.next();
  const other = rng.pick(seeds);
  if (r < 0.45) {
    const s = rng.int(0, seeds.length - 1);
    return { input: mutate(source, seeds[s]!, rng, other), delivery, origin: `seed:${s}+mut` };
  }
  const g = Buffer.from(source.grammar(rng), 'utf8');
  if (r < 0.85) return { input: g, delivery, origin: 'grammar' };
  return { input: mutate(source, g, rng, other), delivery, origin: 'grammar+mut' };
}
