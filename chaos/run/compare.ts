/**
 * The verdict of a chaos run: the faulty run against the fault-free reference of the same seed.
 * Pure (no I/O): chaos/run.ts prints it, test/chaos/compare.test.ts specifies it.
 */
import type { HubFinding, Page, PipelineRunResult } from './pipeline-run';

const RANK: Readonly<Record<string, number>> = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

export interface FindingDifference {
  readonly id: string;
  readonly reference: Pick<HubFinding, 'severity' | 'stages'>;
  readonly faulty: Pick<HubFinding, 'severity' | 'stages'>;
}

export interface ChaosComparison {
  /** In the reference's Security Hub, not in the faulty run's. */
  readonly lost: string[];
  /** In the faulty run's Security Hub only. */
  readonly extra: string[];
  /** In both, with another severity or other stages. */
  readonly changed: FindingDifference[];
  /** SNS messages beyond the first for one finding version. */
  readonly duplicatePages: number;
  readonly duplicated: Array<{ findingId: string; version: number; copies: number }>;
  /** Findings the reference paged at a severity the faulty run never paged (at or above). */
  readonly missedPages: Array<{ findingId: string; severity: string }>;
  /** Items that reached a DLQ, and how many the operator redrove. */
  readonly dlqItems: number;
  readonly redriven: number;
  /** Findings the faulty run's imports say are in Security Hub but the emulator does not hold. */
  readonly notStored: string[];
  /** The documented window: publishes whose idempotency record was not saved (each allows one duplicate page). */
  readonly duplicateWindow: number;
}

function highestPaged(pages: readonly Page[]): Map<string, string> {
  const top = new Map<string, string>();
  for (const p of pages) {
    const held = top.get(p.findingId);
    if (!held || (RANK[p.severity] ?? -1) > (RANK[held] ?? -1)) top.set(p.findingId, p.severity);
  }
  return top;
}

export function compareRuns(reference: PipelineRunResult, faulty: PipelineRunResult): ChaosComparison {
  const ref = new Map(reference.findings.map((f) => [f.id, f]));
  const got = new Map(faulty.findings.map((f) => [f.id, f]));
  const lost = [...ref.keys()].filter((id) => !got.has(id));
  const extra = [...got.keys()].filter((id) => !ref.has(id));
  const changed: FindingDifference[] = [];
  for (const [id, r] of ref) {
    const f = got.get(id);
    if (f && (f.severity !== r.severity || f.stages !== r.stages)) changed.push({ id, reference: { severity: r.severity, stages: r.stages }, faulty: { severity: f.severity, stages: f.stages } });
  }
  const copies = new Map<string, number>();
  for (const p of faulty.pages) copies.set(`${p.findingId}#${p.version}`, (copies.get(`${p.findingId}#${p.version}`) ?? 0) + 1);
  const duplicated = [...copies].filter(([, n]) => n > 1).map(([key, n]) => ({ findingId: key.slice(0, key.lastIndexOf('#')), version: Number(key.slice(key.lastIndexOf('#') + 1)), copies: n }));
  const faultyTop = highestPaged(faulty.pages);
  const missedPages = [...highestPaged(reference.pages)].filter(([id, sev]) => (RANK[faultyTop.get(id) ?? ''] ?? -1) < (RANK[sev] ?? -1)).map(([findingId, severity]) => ({ findingId, severity }));
  const stored = new Set(faulty.storedIds);
  return {
    lost,
    extra,
    changed,
    duplicatePages: duplicated.reduce((n, d) => n + d.copies - 1, 0),
    duplicated,
    missedPages,
    dlqItems: faulty.dlqs.reduce((n, d) => n + d.items, 0),
    redriven: faulty.dlqs.reduce((n, d) => n + d.redriven, 0),
    notStored: faulty.findings.map((f) => f.id).filter((id) => !stored.has(id)),
    duplicateWindow: faulty.unrecordedPublishes,
  };
}

/** Findings lost or different (changed or extra): what must be 0. */
export function differentCount(c: ChaosComparison): number {
  return c.changed.length + c.extra.length;
}

/**
 * Whether the run kept the promise: nothing lost or different, every DLQ item redriven, every page
 * the reference sent sent, every import stored, and no duplicate page beyond the documented window.
 */
export function chaosPassed(c: ChaosComparison): boolean {
  return c.lost.length === 0 && differentCount(c) === 0 && c.redriven === c.dlqItems && c.missedPages.length === 0 && c.notStored.length === 0 && c.duplicatePages <= c.duplicateWindow;
}

/** The last line of a chaos run. */
export function chaosLine(seed: number, chains: number, faultRate: number, c: ChaosComparison): string {
  return `chaos: seed ${seed}, ${chains} chains, fault rate ${faultRate}: lost ${c.lost.length}, different ${differentCount(c)}, duplicate pages ${c.duplicatePages}, dlq ${c.dlqItems} (redriven ${c.redriven})`;
}
