/** One reported figure: a value beside its target, and whether the target is met (null: context only). */
export interface Figure {
  /** Stable id, e.g. `flow.ratio`, `cold-start.flow-logs.bytes`. */
  id: string;
  /** What it measures, for people. */
  figure: string;
  /** The measured value; null only for an artefact that does not exist (a missing handler). */
  value: number | null;
  unit: string;
  /** The target in words, e.g. `≤ 2.0`; empty for context rows. */
  target: string;
  met: boolean | null;
  /** Set when the figure could not be measured because its input is missing. */
  missing?: true;
  note?: string;
}

/** A figure compared with an upper bound. */
export function atMost(id: string, figure: string, value: number | null, unit: string, bound: number, boundText = `≤ ${bound}`, note?: string): Figure {
  return { id, figure, value, unit, target: boundText, met: value === null ? false : value <= bound, ...(note ? { note } : {}) };
}

/** A figure shown for context, with no target of its own. */
export function info(id: string, figure: string, value: number, unit: string, note?: string): Figure {
  return { id, figure, value, unit, target: '', met: null, ...(note ? { note } : {}) };
}
