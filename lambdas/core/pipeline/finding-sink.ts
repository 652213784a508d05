/** Where new finding versions go: the SQS findings queue on AWS, memory (and optionally publishing) in the CLI. */
import type { FindingUpdate } from '../model/finding';

export interface FindingSink {
  /** Must not resolve before every update is durably accepted (a failure fails the batch for retry/DLQ). */
  send(updates: readonly FindingUpdate[]): Promise<void>;
}
