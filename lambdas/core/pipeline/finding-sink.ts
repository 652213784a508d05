/** Where new finding versions go: the SQS findings queue on AWS, memory (and optionally publishing) in the CLI. */
import type { Finding, FindingUpdate } from '../model/finding';

export interface FindingSink {
  /** Must not resolve before every update is durably accepted (a failure fails the batch for retry/DLQ). */
  send(updates: readonly FindingUpdate[]): Promise<void>;
  /**
   * Findings whose chain was evaluated again and found to hold nothing new: the stored version
   * stands (a second replay onto the same table says so instead of "0 findings"). Optional.
   */
  unchanged?(findings: readonly Finding[]): void;
}
