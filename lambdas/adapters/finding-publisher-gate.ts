/**
 * Gathers the updates of one SQS batch so they are published together (one BatchImportFindings
 * call for up to 100 findings instead of one per message), while each message keeps its own
 * idempotency record and its own success or failure. Powertools' BatchProcessor runs the records
 * in parallel; each record either `submit`s its update (it holds the idempotency lock and waits
 * for the batch outcome) or `leave`s (already published, locked elsewhere, or unreadable). When
 * every record has done one or the other, the gate publishes what was submitted.
 */
import type { FindingUpdate } from '../core/model/finding';
import type { PublishOutcome } from './finding-publisher';

interface Waiting {
  update: FindingUpdate;
  resolve: (o: PublishOutcome) => void;
  reject: (e: unknown) => void;
}

export class PublishGate {
  private waiting: Waiting[] = [];
  private settled = 0;
  private flushed = false;

  constructor(
    private readonly expected: number,
    private readonly publish: (updates: FindingUpdate[]) => Promise<PublishOutcome[]>,
  ) {}

  /** Waits for the batch to be published and resolves with this update's outcome. */
  submit(update: FindingUpdate): Promise<PublishOutcome> {
    return new Promise<PublishOutcome>((resolve, reject) => {
      if (this.flushed) {
        // Not expected (every record arrives before the flush); publish it alone rather than lose it.
        this.publish([update]).then((o) => resolve(o[0]!), reject);
        return;
      }
      this.waiting.push({ update, resolve, reject });
      this.arrive();
    });
  }

  /** This record will not submit. */
  leave(): void {
    if (!this.flushed) this.arrive();
  }

  private arrive(): void {
    this.settled++;
    if (this.settled < this.expected) return;
    this.flushed = true;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    this.publish(batch.map((w) => w.update)).then(
      (outcomes) => batch.forEach((w, i) => w.resolve(outcomes[i]!)),
      (e) => batch.forEach((w) => w.reject(e)),
    );
  }
}
