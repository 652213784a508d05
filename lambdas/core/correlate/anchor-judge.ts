/**
 * Which builds and pushes anchor a chain. A build anchors unless an approved builder made it. A
 * push anchors only when we know who or where it came from (CloudTrail principal, dockerd host)
 * and that is not an approved builder: an ECR event alone names nobody, so it is evidence, never
 * an anchor (otherwise every CI push would page someone).
 */
import type { DetectionSettings } from '../model/settings';
import type { BuildSignal, PushSignal, Signal } from '../model/signal';
import { type ApprovalResult, HostAllowlist, checkApprovedBuilder } from './allowlists';

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

  isAnchor(s: Signal): s is BuildSignal | PushSignal {
    if (s.kind === 'build') return !this.approval(s).approved;
    if (s.kind === 'push') return (s.actor?.arn !== undefined || s.host !== undefined) && !this.approval(s).approved;
    return false;
  }
}
