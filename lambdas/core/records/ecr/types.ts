/** The parsed ECR records the rules in lambdas/core/rules/ecr evaluate. */
import type { JsonObject } from './fields';

/** An EventBridge "ECR Image Action" event, its envelope checked (any action type, any result). */
export interface EcrImageAction {
  /** EventBridge event id: unique per event, so redeliveries of one event share it. */
  eventId?: string;
  /** Event time, ISO 8601 UTC with milliseconds. */
  time: string;
  account: string;
  region: string;
  repositoryName: string;
  /** PUSH, DELETE, UPDATE_STORAGE_CLASS, REPLICATE … */
  actionType?: string;
  /** SUCCESS or FAILED. */
  result?: string;
  /** Absent for untagged pushes (ECR sends "" for OCI child manifests). */
  imageTag?: string;
  imageDigest?: string;
  /** Newer events only. */
  manifestMediaType?: string;
  artifactMediaType?: string;
}

/**
 * A CloudTrail record (log file `Records[]` item, CloudWatch Logs message, or EventBridge detail),
 * known to carry these three strings; everything else is read with the safe accessors of fields.ts.
 */
export type CloudTrailRecord = JsonObject & {
  readonly eventSource: string;
  readonly eventName: string;
  readonly eventTime: string;
};

/**
 * An image scan result from EventBridge, its envelope checked: "ECR Image Scan" (aws.ecr, basic
 * scanning) or "Inspector2 Scan" (aws.inspector2, enhanced scanning; its `repository-name` is the
 * repository ARN, read here into account, region and name). Everything after the envelope is raw.
 */
export interface EcrImageScan {
  /** EventBridge event id: unique per event, so redeliveries of one event share it. */
  eventId?: string;
  /** Event time, ISO 8601 UTC with milliseconds. */
  time: string;
  /** The registry's account and region (the repository ARN's, for Inspector). */
  account: string;
  region: string;
  repositoryName: string;
  scanner: 'ecr-basic' | 'inspector';
  /** COMPLETE or FAILED (ECR basic), INITIAL_SCAN_COMPLETE (Inspector) … */
  scanStatus?: string;
  imageDigest?: string;
  /** The raw `image-tags` value (an array of strings when well formed). */
  imageTags?: unknown;
  /** The raw `finding-severity-counts` value (an object of counts when well formed). */
  severityCounts?: unknown;
}
