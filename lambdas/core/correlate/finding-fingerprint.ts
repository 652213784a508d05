/** The fingerprint of a finding's content: equal fingerprints mean nothing new to publish. */
import type { Finding } from '../model/finding';
import { stableId } from '../util/hash';

export function fingerprintOf(f: Pick<Finding, 'id' | 'severity' | 'suppressedBy' | 'timeline'>): string {
  return stableId(f.id, f.severity, f.suppressedBy ? 'suppressed' : 'active', ...f.timeline.map((e) => e.signalId).sort());
}
