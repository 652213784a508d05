/**
 * Workflow changes of findings Security Hub already holds. BatchImportFindings only sets
 * `Workflow` and `Note` when a finding is created; when a later version becomes suppressed (a
 * suppression was added) or stops being suppressed (it expired), the change is made with
 * BatchUpdateFindings, the customer-side API. Throttling and 5xx are the SDK's retry strategy's;
 * UnprocessedFindings are reported per finding, never dropped.
 */
import { BatchUpdateFindingsCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import { type ClientSource, clientGetter } from './client-source';

export interface WorkflowChange {
  /** ASFF Id and ProductArn of the finding. */
  id: string;
  productArn: string;
  status: 'SUPPRESSED' | 'NEW';
  /** Why (who suppressed it and until when, or that the suppression no longer applies). */
  note: string;
}

/** BatchUpdateFindings takes at most 100 finding identifiers per call. */
const MAX_IDS = 100;
const NOTE_MAX = 512;

export class SecurityHubWorkflow {
  private readonly client: () => Promise<SecurityHubClient>;

  constructor(client: ClientSource<SecurityHubClient>) {
    this.client = clientGetter(client);
  }

  /** Applies the changes; returns the ids that failed with their reason. */
  async apply(changes: readonly WorkflowChange[]): Promise<Map<string, string>> {
    const failed = new Map<string, string>();
    // One call carries one Workflow status and one Note: group by both.
    const groups = new Map<string, WorkflowChange[]>();
    for (const c of changes) {
      const key = `${c.status}\u0000${c.note}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    for (const group of groups.values()) {
      for (let i = 0; i < group.length; i += MAX_IDS) {
        const part = group.slice(i, i + MAX_IDS);
        const first = part[0]!;
        try {
          const out = await (await this.client()).send(
            new BatchUpdateFindingsCommand({
              FindingIdentifiers: part.map((c) => ({ Id: c.id, ProductArn: c.productArn })),
              Workflow: { Status: first.status },
              Note: { Text: first.note.slice(0, NOTE_MAX), UpdatedBy: 'an1261-detector' },
            }),
          );
          for (const u of out.UnprocessedFindings ?? []) {
            failed.set(u.FindingIdentifier?.Id ?? '', `${u.ErrorCode ?? 'UnknownError'}: ${u.ErrorMessage ?? 'no message'}`);
          }
        } catch (e) {
          const err = e as { name?: string; message?: string };
          for (const c of part) failed.set(c.id, `${err.name ?? 'Error'}: ${err.message ?? String(e)}`);
        }
      }
    }
    return failed;
  }
}
