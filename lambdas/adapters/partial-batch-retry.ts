/**
 * The loop the batch APIs share. BatchWriteItem (UnprocessedItems), SendMessageBatch (Failed) and
 * BatchImportFindings (FailedFindings) succeed as requests while refusing some of their entries,
 * which the SDK's retry strategy does not see: the caller sends what is pending, keeps what the
 * service asks to be sent again, waits, and sends again, for a bounded number of rounds. What each
 * service reports and what counts as retryable stay with its adapter, in `send`.
 */

export interface PartialBatchRetry<E> {
  /**
   * Sends one request with `pending` (round 0 is the first send) and returns the entries to send
   * again, a subset of `pending`; an empty list ends the loop (all accepted, or nothing worth retrying).
   */
  send: (pending: readonly E[], round: number) => Promise<readonly E[]>;
  /** Requests at most, the first included. */
  maxRounds: number;
  /** The wait before round `round` (1 and up), ms. */
  backoffMs: (round: number) => number;
  sleep: (ms: number) => Promise<void>;
}

/** Entries still pending when the rounds ran out (empty when the loop ended by itself), and requests made. */
export interface PartialBatchResult<E> {
  pending: readonly E[];
  rounds: number;
}

/**
 * @example
 * const { pending, rounds } = await retryPartialBatch(requests, { send, maxRounds: 8, backoffMs: jitteredBackoff(50, 2000), sleep });
 * if (pending.length > 0) throw new Error(`${pending.length} items still unprocessed after ${rounds} rounds`);
 */
export async function retryPartialBatch<E>(entries: readonly E[], retry: PartialBatchRetry<E>): Promise<PartialBatchResult<E>> {
  let pending = entries;
  let rounds = 0;
  while (pending.length > 0 && rounds < retry.maxRounds) {
    if (rounds > 0) await retry.sleep(retry.backoffMs(rounds));
    pending = await retry.send(pending, rounds);
    rounds++;
  }
  return { pending, rounds };
}

/** Exponential backoff from `baseMs` (doubled each round, at most `capMs`) with "equal jitter": half fixed, half random. */
export function jitteredBackoff(baseMs: number, capMs: number): (round: number) => number {
  return (round) => Math.min(capMs, baseMs * 2 ** round) * (0.5 + Math.random() / 2);
}

/** A promise that resolves after `ms` (the adapters' default sleep; tests inject their own). */
export const sleepMs = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
