/**
 * An AN1261 finding: one per chain (DESIGN.md, "The chain and its severity"). Built by the
 * correlator from signals, mapped to ASFF for Security Hub and to text for SNS.
 */
import type { SeverityLabel } from './config';
import type { EgressSignal, SignalKind, SourceKind } from './signal';

export type ChainStage = 'build' | 'egress' | 'push' | 'deploy';

/** A timeline entry's stage: a chain stage, or the capability (runtime-socket mount) a build used. */
export type TimelineStage = ChainStage | 'capability';

/** One piece of evidence on the finding's timeline. */
export interface TimelineEntry {
  time: string;
  stage: TimelineStage;
  kind: SignalKind;
  /** One line for people (attacker-controlled parts are raw here: escape them on display). */
  summary: string;
  source: SourceKind;
  rule: string;
  signalId: string;
  /** Source record reference (auditID, CWL event id, file:line …). */
  ref: string;
}

/** How one allowlist or suppression was checked against the chain, for the explanation. */
export interface AllowlistCheck {
  /** Config key, e.g. `approvedBuilders.principals`. */
  list: string;
  /** The value that was checked (principal ARN, host, namespace, registry/repository …). */
  value: string;
  /** Number of entries in the list. */
  entries: number;
  /** The entry that matched, if any. */
  matched?: string;
  /** Human explanation: why none matched, or that the list is empty. */
  explanation: string;
}

export interface SeverityStep {
  /** Which modifier: one step each at most. */
  kind: 'registry' | 'release-window' | 'new-images' | 'new-builder' | 'unscanned-deploy';
  reason: string;
  /** +1 per step on the ladder LOW → MEDIUM → HIGH → CRITICAL. */
  steps: number;
}

/**
 * What a chain's severity is computed from (`severityOf` in lambdas/core/correlate/severity.ts),
 * kept on the finding so that evidence seen by different evaluations merges before severity is
 * computed again.
 */
export interface SeverityEvidence {
  /** Stages present, in ladder order. */
  stages: ChainStage[];
  /** `registry/repository` of every push of the chain. */
  pushedRepositories: string[];
  /** Times of the chain's anchors and deploys (release windows), the earliest 100. */
  activityTimes: string[];
  /** New image digests pushed by the anchors' hosts and principals within the window. */
  newImageCount: number;
  /**
   * Deployed images of the chain with no completed ECR scan before their deploy, read only when
   * `requireScanBeforeDeploy` is on. Optional: findings stored before it existed lack it.
   */
  unscannedDeploys?: string[];
  /** The first-seen baseline of the chain's builds (absent on findings stored before it, and on chains without a build). */
  builders?: BuilderHistory[];
  /** Days the baseline had learnt before the chain's first build (it judges from `baseline.learningDays` on). */
  baselineDays?: number;
}

/** A build subject (`who @ where`) of a chain, as the first-seen baseline knew it at the chain's build. */
export interface BuilderHistory {
  subject: string;
  /** Distinct earlier days (UTC, within `baseline.retentionDays`) the subject was seen building. */
  priorDays: number;
  /** The earliest of those days (YYYY-MM-DD). */
  firstSeen?: string;
}

/** One untrusted destination of the chain, summed over its flow records. */
export type EgressSummary = Pick<EgressSignal, 'srcIp' | 'dstIp' | 'dstPort' | 'protocol' | 'bytes' | 'packets' | 'firstSeen' | 'lastSeen' | 'nonStandardPort'>;

export interface FindingHosts {
  instanceIds: string[];
  ips: string[];
  nodeNames: string[];
  hostnames: string[];
  /** `namespace/name` */
  pods: string[];
}

export interface Finding {
  /** Deterministic: see lambdas/core/correlate/finding-identity.ts. */
  id: string;
  /** 1 on creation, +1 for every change of evidence or severity. */
  version: number;
  severity: SeverityLabel;
  /** The ladder's step before modifiers, and each modifier applied. */
  baseSeverity: SeverityLabel;
  modifiers: SeverityStep[];
  /** The merged evidence `severity` is computed from: `severityOf(severityEvidence, config)`. */
  severityEvidence: SeverityEvidence;
  title: string;
  description: string;
  stages: ChainStage[];
  anchor: { stage: 'build' | 'push'; signalId: string; time: string };
  /** The chain's image (normalized), when known. */
  image?: string;
  /** Every image reference the chain saw (tags and digests). */
  images: string[];
  /** The account of the chain's hosts (a member account when several are read). */
  account?: string;
  /** Its name, as `accounts.members[].name` gives it. */
  accountName?: string;
  region?: string;
  cluster?: string;
  namespace?: string;
  workload?: string;
  hosts: FindingHosts;
  /** IAM principals and Kubernetes users involved. */
  actors: string[];
  /** Registries the image was pushed to. */
  registries: string[];
  egress: EgressSummary[];
  /** Seconds from the chain's earliest push to its earliest deploy after it (see push-to-deploy.ts). */
  pushToDeploySeconds?: number;
  firstSeen: string;
  lastSeen: string;
  createdAt: string;
  updatedAt: string;
  timeline: TimelineEntry[];
  allowlists: AllowlistCheck[];
  /** Set when an unexpired suppression matches: the finding is recorded but nobody is paged. */
  suppressedBy?: { owner: string; reason: string; expires: string; match: Record<string, string> };
}

/**
 * A new version of a finding as the correlator emits it (the findings-queue message body):
 * the previous severity lets the publisher notify once per severity increase.
 */
export interface FindingUpdate {
  finding: Finding;
  /** Severity of the version this one replaces; absent for a new finding. */
  previousSeverity?: SeverityLabel;
  previouslySuppressed?: boolean;
}
