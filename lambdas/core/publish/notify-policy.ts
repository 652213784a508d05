/**
 * When a finding update pages on-call through SNS (pure). One notification per finding and per
 * severity increase at or above `minNotifySeverity`; never for a version that only adds evidence at
 * the same severity, never for a suppressed finding. Exact re-deliveries of one version are
 * stopped earlier, by the publisher's idempotency on `finding.id#finding.version`.
 */
import { type SeverityLabel, severityRank } from '../model/config';
import type { FindingUpdate } from '../model/finding';

/** Why a notification is sent: the first time the chain is worth a page, a higher severity, or a lapsed suppression. */
export type NotifyReason = 'new' | 'escalated' | 'unsuppressed';
export type SilentReason = 'suppressed' | 'below-threshold' | 'no-severity-increase';

export type NotifyDecision = { notify: true; reason: NotifyReason } | { notify: false; reason: SilentReason };

/**
 * Decides whether `update` notifies.
 * @example
 *   notifyDecision({ finding: { ...f, severity: 'HIGH' }, previousSeverity: 'LOW' }, 'MEDIUM');
 *   // → { notify: true, reason: 'escalated' }: LOW was never paged, HIGH is
 */
export function notifyDecision(update: FindingUpdate, minNotifySeverity: SeverityLabel): NotifyDecision {
  const { finding, previousSeverity, previouslySuppressed } = update;
  if (finding.suppressedBy) return { notify: false, reason: 'suppressed' };
  const rank = severityRank(finding.severity);
  if (rank < severityRank(minNotifySeverity)) return { notify: false, reason: 'below-threshold' };
  if (previousSeverity === undefined) return { notify: true, reason: 'new' };
  // While suppressed nobody was paged: the first unsuppressed version pages even at the same severity.
  if (previouslySuppressed) return { notify: true, reason: 'unsuppressed' };
  // A previous version below the threshold was silent, so crossing it is an increase too.
  if (rank > severityRank(previousSeverity)) return { notify: true, reason: 'escalated' };
  return { notify: false, reason: 'no-severity-increase' };
}
