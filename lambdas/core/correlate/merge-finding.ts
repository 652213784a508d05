/**
 * A recomputed finding against the stored one: nothing to do when nothing changed; never a
 * downgrade (evidence that expired from state stays on the finding, severity never drops);
 * otherwise the next version, same id, same CreatedAt, strictly increasing UpdatedAt.
 */
import type { Finding } from '../model/finding';
import { stableId } from '../util/hash';
import { type AssembledFinding, capTimeline } from './assemble-finding';
import type { StoredFinding } from './state-port';
import { severityRank } from './severity';

export function mergeWithStored(next: AssembledFinding, stored: StoredFinding | undefined, nowMs: number): AssembledFinding | undefined {
  if (!stored) return next;
  if (stored.fingerprint === next.fingerprint) return undefined;
  const old = stored.finding;
  const f = next.finding;
  const oldIds = new Set(old.timeline.map((e) => e.signalId));
  const newIds = new Set(f.timeline.map((e) => e.signalId));
  const adds = [...newIds].some((id) => !oldIds.has(id));
  const raises = severityRank(f.severity) > severityRank(old.severity);
  const suppressionChanged = Boolean(f.suppressedBy) !== Boolean(old.suppressedBy);
  if (!adds && !raises && !suppressionChanged) return undefined;

  const timeline = capTimeline([...f.timeline, ...old.timeline.filter((e) => !newIds.has(e.signalId))]);
  const keepOldSeverity = severityRank(old.severity) > severityRank(f.severity);
  const updatedMs = Math.max(nowMs, Date.parse(old.updatedAt) + 1);
  const merged: Finding = {
    ...f,
    ...(keepOldSeverity ? { severity: old.severity, baseSeverity: old.baseSeverity, modifiers: old.modifiers } : {}),
    stages: (['build', 'egress', 'push', 'deploy'] as const).filter((s) => f.stages.includes(s) || old.stages.includes(s)),
    timeline,
    firstSeen: old.firstSeen < f.firstSeen ? old.firstSeen : f.firstSeen,
    lastSeen: old.lastSeen > f.lastSeen ? old.lastSeen : f.lastSeen,
    version: old.version + 1,
    createdAt: old.createdAt,
    updatedAt: new Date(updatedMs).toISOString(),
  };
  const fingerprint = stableId(merged.id, merged.severity, merged.suppressedBy ? 'suppressed' : 'active', ...timeline.map((e) => e.signalId).sort());
  return { finding: merged, fingerprint };
}
