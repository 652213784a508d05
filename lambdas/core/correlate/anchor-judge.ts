/**
 * Which builds and pushes anchor a chain. A build anchors unless an approved builder made it. A
 * push anchors only when it names a host in the environment (a dockerd or auditd push, a CloudTrail
 * PutImage by an EC2 instance-role session) that is not an approved builder: that host built or
 * re-tagged the image. An ECR event alone names nobody, and a push by an IAM user from outside
 * names no host: evidence, never an anchor (a push-only chain never pages on its own).
 *
 * `approval`/`isAnchor` judge what the signal itself says (cheap, used to pick candidates);
 * `approvalWith` adds what the state knows about the host (its other identities), which can only
 * approve more.
 */
import type { DetectionSettings } from '../model/settings';
import type { BuildSignal, PushSignal, Signal } from '../model/signal';
import { type ApprovalResult, HostAllowlist, type HostIdentities, checkApprovedBuilder } from './allowlists';

export class AnchorJudge {
  private readonly hosts: HostAllowlist;
  private readonly cache = new Map<string, ApprovalResult>();

  constructor(private readonly settings: DetectionSettings) {
    this.hosts = new HostAllowlist(settings.config.approvedBuilders.hosts);
  }

  approval(s: BuildSignal | PushSignal): ApprovalResult {
    let r = this.cache.get(s.id);
    if (!r) {
      r = checkApprovedBuilder(s, this.settings.config, this.hosts);
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(s.id, r);
    }
    return r;
  }

  /** Approval through every identity the state knows for the signal's host. */
  approvalWith(s: BuildSignal | PushSignal, known: HostIdentities): ApprovalResult {
    return checkApprovedBuilder(s, this.settings.config, this.hosts, known);
  }

  isAnchor(s: Signal): s is BuildSignal | PushSignal {
    if (s.kind === 'build') return !this.approval(s).approved;
    if (s.kind === 'push') return s.host !== undefined && !this.approval(s).approved;
    return false;
  }
}
