/** Every scenario of the suite, by family: attacks first, then benign activity. */
import type { Scenario } from '../types';
import { BUILDER_PODS } from './builder-pods';
import { CI } from './ci';
import { CLUSTER_OPS } from './cluster-ops';
import { EDGE_BENIGN } from './edge-benign';
import { EXEC } from './exec';
import { HOSTS } from './hosts';
import { KANIKO } from './kaniko';
import { probe } from './probe';
import { TIMING } from './timing';
import { WORKLOAD_KINDS } from './workload-kinds';

export const SCENARIOS: Scenario[] = [...KANIKO, ...BUILDER_PODS, ...WORKLOAD_KINDS, ...EXEC, ...HOSTS, ...TIMING, ...CI, ...CLUSTER_OPS, ...EDGE_BENIGN, ...probe(0)];
