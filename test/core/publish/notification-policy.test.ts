/**
 * When SNS pages (lambdas/core/publish/notify-policy.ts): once per finding and once per severity
 * increase at or above minNotifySeverity; never for the same severity again, never when suppressed.
 */
import type { SeverityLabel } from '../../../lambdas/core/model/config';
import type { FindingUpdate } from '../../../lambdas/core/model/finding';
import { severityRank } from '../../../lambdas/core/model/config';
import { notifyDecision } from '../../../lambdas/core/publish/notify-policy';
import { criticalEksFinding, suppressedFinding } from './fixtures';

function update(severity: SeverityLabel, previousSeverity?: SeverityLabel, previouslySuppressed?: boolean): FindingUpdate {
  return { finding: { ...criticalEksFinding(), severity }, ...(previousSeverity ? { previousSeverity } : {}), ...(previouslySuppressed ? { previouslySuppressed } : {}) };
}

describe('Function: notifyDecision', () => {
  it.each<[string, FindingUpdate, SeverityLabel, ReturnType<typeof notifyDecision>]>([
    ['a new finding at the threshold', update('MEDIUM'), 'MEDIUM', { notify: true, reason: 'new' }],
    ['a new finding below the threshold', update('LOW'), 'MEDIUM', { notify: false, reason: 'below-threshold' }],
    ['LOW → MEDIUM crosses the threshold', update('MEDIUM', 'LOW'), 'MEDIUM', { notify: true, reason: 'escalated' }],
    ['MEDIUM → HIGH is an increase above it', update('HIGH', 'MEDIUM'), 'MEDIUM', { notify: true, reason: 'escalated' }],
    ['HIGH → CRITICAL with threshold CRITICAL', update('CRITICAL', 'HIGH'), 'CRITICAL', { notify: true, reason: 'escalated' }],
    ['HIGH again (more evidence, same severity)', update('HIGH', 'HIGH'), 'MEDIUM', { notify: false, reason: 'no-severity-increase' }],
    ['a decrease', update('MEDIUM', 'HIGH'), 'MEDIUM', { notify: false, reason: 'no-severity-increase' }],
    ['LOW → MEDIUM with threshold HIGH', update('MEDIUM', 'LOW'), 'HIGH', { notify: false, reason: 'below-threshold' }],
    ['the first version after a suppression lapsed', update('HIGH', 'HIGH', true), 'MEDIUM', { notify: true, reason: 'unsuppressed' }],
    ['a suppressed CRITICAL finding', { finding: suppressedFinding() }, 'LOW', { notify: false, reason: 'suppressed' }],
    ['a suppressed escalation', { finding: suppressedFinding(), previousSeverity: 'LOW' }, 'LOW', { notify: false, reason: 'suppressed' }],
  ])('%s', (_name, u, min, expected) => {
    expect(notifyDecision(u, min)).toEqual(expected);
  });

  it('ranks the ASFF labels and puts anything else below them', () => {
    expect(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'SEVERE', undefined].map(severityRank)).toEqual([0, 1, 2, 3, 4, -1, -1]);
  });
});
