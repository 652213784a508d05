/**
 * The replay's finding sink: the latest version of every finding the run wrote, and the findings
 * it evaluated again and found unchanged (already in the table, nothing new: a second replay onto
 * the same `--table`). Each is new (first written by this run), updated (the table had an earlier
 * version) or unchanged.
 */
import type { Finding, FindingUpdate } from '../../core/model/finding';
import type { FindingSink } from '../../core/pipeline/finding-sink';

export type FindingStatus = 'new' | 'updated' | 'unchanged';

export class ReplayFindings implements FindingSink {
  private readonly latest = new Map<string, Finding>();
  private readonly status = new Map<string, FindingStatus>();

  async send(updates: readonly FindingUpdate[]): Promise<void> {
    for (const { finding } of updates) {
      const was = this.status.get(finding.id);
      // The first version this run wrote says whether the table already had the finding.
      if (was === undefined || was === 'unchanged') this.status.set(finding.id, was === undefined && finding.version === 1 ? 'new' : 'updated');
      this.latest.set(finding.id, finding);
    }
  }

  unchanged(findings: readonly Finding[]): void {
    for (const f of findings) {
      if (this.status.has(f.id)) continue;
      this.status.set(f.id, 'unchanged');
      this.latest.set(f.id, f);
    }
  }

  findings(): IterableIterator<Finding> {
    return this.latest.values();
  }

  statusOf(id: string): FindingStatus | undefined {
    return this.status.get(id);
  }

  /** `1 new, 2 unchanged (already in the table, nothing new)`; empty when there are none. */
  breakdown(): string {
    const n: Record<FindingStatus, number> = { new: 0, updated: 0, unchanged: 0 };
    for (const s of this.status.values()) n[s]++;
    const parts = [n.new ? `${n.new} new` : '', n.updated ? `${n.updated} updated` : '', n.unchanged ? `${n.unchanged} unchanged (already in the table, nothing new)` : ''].filter(Boolean);
    return parts.join(', ');
  }
}
