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
import { type DetectionSettings, settingsForAccount } from '../model/settings';
import type { BuildSignal, PushSignal, Signal } from '../model/signal';
import { type ApprovalResult, HostAllowlist, type HostIdentities, checkApprovedBuilder } from './allowlists';

export class AnchorJudge {
  /** Host allowlists per settings (a member account with its own approvedBuilders has its own). */
  private readonly hostLists = new Map<DetectionSettings, HostAllowlist>();
  private readonly cache = new Map<string, ApprovalResult>();

  constructor(private readonly settings: DetectionSettings) {}

  /** The approved builders that judge `s`: those of its account when it overrides them. */
  private rulesFor(s: Signal): { config: DetectionSettings['config']; hosts: HostAllowlist } {
    const settings = settingsForAccount(this.settings, s.scope ?? s.account);
    let hosts = this.hostLists.get(settings);
    if (!hosts) {
      hosts = new HostAllowlist(settings.config.approvedBuilders.hosts);
      this.hostLists.set(settings, hosts);
    }
    return { config: settings.config, hosts };
  }

  approval(s: BuildSignal | PushSignal): ApprovalResult {
    let r = this.cache.get(s.id);
    if (!r) {
      const { config, hosts } = this.rulesFor(s);
      r = checkApprovedBuilder(s, config, hosts);
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(s.id, r);
    }
    return r;
  }

  /** Approval through every identity the state knows for the signal's host. */
  approvalWith(s: BuildSignal | PushSignal, known: HostIdentities): ApprovalResult {
    const { config, hosts } = this.rulesFor(s);
    return checkApprovedBuilder(s, config, hosts, known);
  }

  isAnchor(s: Signal): s is BuildSignal | PushSignal {
    if (s.kind === 'build') return !this.approval(s).approved;
    if (s.kind === 'push') return s.host !== undefined && !this.approval(s).approved;
    return false;
  }
}
