/** The evidence gathered for one chain: what `assembleFinding` turns into a Finding. */
import type { AllowlistCheck, FindingHosts } from '../model/finding';
import type { BaselineEvidence } from './builder-baseline';
import type { BuildSignal, CapabilitySignal, DeploySignal, EgressSignal, PushSignal } from '../model/signal';
import type { DeployScans } from './scan-evidence';

export interface ChainEvidence {
  /** Unapproved builds and pushes that anchor the chain (at least one). */
  anchors: Array<BuildSignal | PushSignal>;
  builds: BuildSignal[];
  pushes: PushSignal[];
  deploys: DeploySignal[];
  /** Runtime-socket mounts of the chain's pods and nodes: how the build reached the runtime (evidence, no severity). */
  capabilities: CapabilitySignal[];
  /** Untrusted egress from the chain's hosts within the time window, summed per destination and bucket. */
  egress: EgressSignal[];
  /** Identities of the chain's hosts after entity resolution. */
  hosts: FindingHosts;
  /** Approved-builder checks of the anchors (none matched, or they would not be anchors). */
  approvalChecks: AllowlistCheck[];
  /** Distinct new image digests pushed by the anchors' principals or hosts within the time window. */
  newImageCount: number;
  /** The first-seen baseline of the chain's builds (none without a build). */
  baseline?: BaselineEvidence;
  /** Which deployed images had an ECR scan result before their deploy; read only when `requireScanBeforeDeploy` is on. */
  deployScans?: DeployScans;
}

/**
 * A chain none of whose builds and pushes is an anchor any more: every one is an approved
 * builder's, through an identity the state knows now (an instance's IP learnt after its first
 * build was judged, from RunInstances or its first flow-log record). What `upsert` needs to find a
 * finding raised before the identity was known and mark it approved.
 */
export interface ApprovedChain {
  approved: true;
  /** The chain's builds and pushes (all approved, or pushes that name no host). */
  members: Array<BuildSignal | PushSignal>;
  /** The approved-builder checks that approved them. */
  checks: AllowlistCheck[];
}
