/**
 * What Security Hub already holds of a set of findings, read with GetFindings by Id: the severity
 * each was last imported with and whether it is suppressed. `an1261 replay --publish` treats that
 * copy as the finding's previous version, so a backfill run twice (each run on a fresh embedded
 * store, where every finding looks new) pages once — and again only when the severity rose.
 */
import { GetFindingsCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SEVERITIES, type SeverityLabel } from '../core/model/config';

export interface ExistingFinding {
  severity?: SeverityLabel;
  suppressed: boolean;
  updatedAt?: string;
}

/** Ids per GetFindings filter (the API takes at most 20 values in one string filter). */
export const IDS_PER_REQUEST = 20;

const asSeverity = (v: unknown): SeverityLabel | undefined => (SEVERITIES.includes(v as SeverityLabel) ? (v as SeverityLabel) : undefined);

/** The findings among `ids` (ASFF `Id`s) that Security Hub holds in this account and Region. */
export async function existingFindings(client: SecurityHubClient, ids: readonly string[]): Promise<Map<string, ExistingFinding>> {
  const wanted = new Set(ids);
  const out = new Map<string, ExistingFinding>();
  const unique = [...wanted];
  for (let i = 0; i < unique.length; i += IDS_PER_REQUEST) {
    const chunk = unique.slice(i, i + IDS_PER_REQUEST);
    let token: string | undefined;
    do {
      const page = await client.send(
        new GetFindingsCommand({ Filters: { Id: chunk.map((Value) => ({ Value, Comparison: 'EQUALS' })) }, MaxResults: 100, ...(token ? { NextToken: token } : {}) }),
      );
      for (const f of page.Findings ?? []) {
        // Filtered again here: an endpoint that ignores filters must not mark other findings as sent.
        if (!f.Id || !wanted.has(f.Id)) continue;
        const severity = asSeverity(f.FindingProviderFields?.Severity?.Label ?? f.Severity?.Label);
        out.set(f.Id, { ...(severity ? { severity } : {}), suppressed: f.Workflow?.Status === 'SUPPRESSED', ...(f.UpdatedAt ? { updatedAt: f.UpdatedAt } : {}) });
      }
      token = page.NextToken;
    } while (token);
  }
  return out;
}
