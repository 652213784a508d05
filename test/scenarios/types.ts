/** The scenario suite's types: a scenario generates raw log files and says which findings it must produce. */
import type { Rng } from './rng';

export type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export type Stage = 'build' | 'egress' | 'push' | 'deploy';

export interface ScenarioFile {
  /** Relative path under the replayed directory (files are replayed in sorted path order). */
  path: string;
  content: string | Buffer;
}

export interface ExpectedFinding {
  severity: Severity;
  /** Exactly the stages the finding must list, in ladder order. */
  stages: Stage[];
  /** The chain's image (`registry/repository:tag`) when it has one. */
  image?: string;
  /** Whether the finding notifies on-call (at or above minNotifySeverity and not suppressed). */
  pages: boolean;
}

/** A finding the scenario allows but does not require (benign scenarios say why). */
export interface ToleratedFinding {
  maxSeverity: Severity;
  image?: string;
  reason: string;
}

export interface Scenario {
  name: string;
  kind: 'attack' | 'benign';
  description: string;
  /** Merged over the base configuration (objects deep, arrays replaced). */
  config?: Record<string, unknown>;
  /** The scenario's base time (ISO); default: a fixed time derived from its name (salted by the variant). */
  start?: string;
  /** The draw: 0 (default) is the suite as written; N > 0 seeds the build RNG and the base time with `name#N`. */
  variant?: number;
  build(rng: Rng, t0: number): ScenarioFile[];
  expected: ExpectedFinding[];
  tolerated?: ToleratedFinding[];
}
