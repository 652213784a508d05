/**
 * The input of a normalizer: records of one source with where they came from. Envelope decoding
 * (lambdas/core/envelopes) produces these; normalizers (lambdas/core/sources) consume them.
 */

/** One source record and its reference. */
export interface SourceRecord<T = unknown> {
  /** The record: a parsed JSON value or a log line. */
  data: T;
  /** Reference to it for evidence and reject logs: `<file>:<line>`, `cwl:<group>/<stream>#<eventId>` … */
  ref: string;
  /** Envelope time (CloudWatch Logs ingestion event timestamp, epoch ms), when the record has none of its own. */
  timestamp?: number;
}

/** Facts about where a batch was read from, common to its records. */
export interface BatchContext {
  logGroup?: string;
  logStream?: string;
  /** Owner account (CWL `owner`, EventBridge `account`). */
  account?: string;
  region?: string;
  /** EKS cluster, from the log group `/aws/eks/<cluster>/cluster`. */
  cluster?: string;
}
