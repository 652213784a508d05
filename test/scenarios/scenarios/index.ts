/** Every scenario of the suite, by family: attacks first, then benign activity; each family is a function of the variant (the draw). */
import type { Scenario } from '../types';
import { builderPods } from './builder-pods';
import { CI } from './ci';
import { CLUSTER_OPS } from './cluster-ops';
import { edgeBenign } from './edge-benign';
import { exec } from './exec';
import { hosts } from './hosts';
import { kaniko } from './kaniko';
import { probe } from './probe';
import { timing } from './timing';
import { workloadKinds } from './workload-kinds';

const FAMILIES: Array<(variant: number) => Scenario[]> = [kaniko, builderPods, workloadKinds, exec, hosts, timing, () => CI, () => CLUSTER_OPS, edgeBenign, probe];

/**
 * The suite drawn with `variant`: 0 is the suite as written (every draw seeded by a scenario's name or a
 * names() key); N > 0 re-seeds every draw (names, the build RNG, the base time) with `key#N`.
 */
export function scenarios(variant = 0): Scenario[] {
  return FAMILIES.flatMap((family) => family(variant)).map((s) => ({ ...s, variant }));
}

export const SCENARIOS: Scenario[] = scenarios(0);
