/**
 * A recomputed finding against the stored one. Evidence seen by different evaluations (a build
 * seen by one, its push by another) is merged first — stages, timeline, severity evidence — and
 * severity is computed again from the merged evidence with `severityOf`, so the stored finding
 * always agrees with the stages it lists. Nothing to do when nothing changed; never a downgrade
 * (evidence that expired from state stays on the finding; if a configuration change would lower
 * the severity, the stored one stays); otherwise the next version, same id, same CreatedAt,
 * strictly increasing UpdatedAt.
 */
import { pushToDeploySeconds } from './push-to-deploy';
import { type Config, severityRank } from '../model/config';
import type { Finding } from '../model/finding';
import { type AssembledFinding, capTimeline } from './assemble-finding';
import { fingerprintOf } from './finding-fingerprint';
import type { StoredFinding } from './state-port';
import { mergeSeverityEvidence, severityOf } from './severity';

export function mergeWithStored(next: AssembledFinding, stored: StoredFinding | undefined, nowMs: number, config: Config): AssembledFinding | undefined {
  if (!stored) return next;
  if (stored.fingerprint === next.fingerprint) return undefined;
  const old = stored.finding;
  const f = next.finding;
  const oldIds = new Set(old.timeline.map((e) => e.signalId));
  const newIds = new Set(f.timeline.map((e) => e.signalId));
  const adds = [...newIds].some((id) => !oldIds.has(id));
  const suppressionChanged = Boolean(f.suppressedBy) !== Boolean(old.suppressedBy);

  // Findings stored before severity evidence existed carry their stages only.
  const oldEvidence = old.severityEvidence ?? { stages: old.stages, pushedRepositories: [], activityTimes: [], newImageCount: 0 };
  const severityEvidence = mergeSeverityEvidence(oldEvidence, f.severityEvidence);
  const recomputed = severityOf(severityEvidence, config);
  const graded = severityRank(recomputed.severity) >= severityRank(old.severity) ? recomputed : { severity: old.severity, baseSeverity: old.baseSeverity, modifiers: old.modifiers };
  const raises = severityRank(graded.severity) > severityRank(old.severity);
  if (!adds && !raises && !suppressionChanged) return undefined;

  const timeline = capTimeline([...f.timeline, ...old.timeline.filter((e) => !newIds.has(e.signalId))]);
  const updatedMs = Math.max(nowMs, Date.parse(old.updatedAt) + 1);
  const latency = pushToDeploySeconds(timeline);
  const { pushToDeploySeconds: _stale, ...rest } = f;
  const merged: Finding = {
    ...rest,
    ...(latency !== undefined ? { pushToDeploySeconds: latency } : {}),
    ...graded,
    severityEvidence,
    stages: severityEvidence.stages,
    timeline,
    firstSeen: old.firstSeen < f.firstSeen ? old.firstSeen : f.firstSeen,
    lastSeen: old.lastSeen > f.lastSeen ? old.lastSeen : f.lastSeen,
    version: old.version + 1,
    createdAt: old.createdAt,
    updatedAt: new Date(updatedMs).toISOString(),
  };
  return { finding: merged, fingerprint: fingerprintOf(merged) };
}
