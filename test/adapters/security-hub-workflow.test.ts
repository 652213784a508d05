/**
 * Workflow changes of already imported findings (BatchImportFindings only sets Workflow on create):
 * a version that became suppressed, or stopped being suppressed, is updated with BatchUpdateFindings.
 */
import { BatchImportFindingsCommand, BatchUpdateFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { FindingPublisher } from '../../lambdas/adapters/finding-publisher';
import { SecurityHubImporter } from '../../lambdas/adapters/security-hub-importer';
import { SecurityHubWorkflow } from '../../lambdas/adapters/security-hub-workflow';
import type { FindingUpdate } from '../../lambdas/core/model/finding';
import { CTX, criticalEksFinding, suppressedFinding } from '../core/publish/fixtures';

const sh = mockClient(SecurityHubClient);
afterAll(() => sh.restore());
beforeEach(() => {
  sh.reset();
  sh.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
  sh.on(BatchUpdateFindingsCommand).resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
});

function publisher(): FindingPublisher {
  const client = new SecurityHubClient({ region: 'us-east-1' });
  return new FindingPublisher({ securityHub: new SecurityHubImporter(client), workflow: new SecurityHubWorkflow(client), minNotifySeverity: 'MEDIUM' });
}

const PRODUCT_ARN = 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default';

describe('Class: SecurityHubWorkflow (through FindingPublisher)', () => {
  it('suppresses a finding Security Hub already holds when a new version becomes suppressed', async () => {
    const f = { ...suppressedFinding(), version: 3 };
    const update: FindingUpdate = { finding: f, previousSeverity: f.severity, previouslySuppressed: false };
    const [outcome] = await publisher().publish([update], CTX);
    expect(outcome).toMatchObject({ ok: true, securityHub: 'imported' });
    expect(sh.commandCalls(BatchUpdateFindingsCommand).map((c) => c.args[0].input)).toEqual([
      {
        FindingIdentifiers: [{ Id: `an1261/${f.id}`, ProductArn: PRODUCT_ARN }],
        Workflow: { Status: 'SUPPRESSED' },
        Note: { Text: 'Suppressed by platform-team until 2025-04-01: kaniko migration test, ticket SEC-42', UpdatedBy: 'an1261-detector' },
      },
    ]);
  });

  it('reopens a finding whose suppression no longer applies', async () => {
    const f = { ...criticalEksFinding(), version: 2 };
    await publisher().publish([{ finding: f, previousSeverity: 'HIGH', previouslySuppressed: true }], CTX);
    expect(sh.commandCalls(BatchUpdateFindingsCommand)[0]!.args[0].input).toMatchObject({ Workflow: { Status: 'NEW' } });
  });

  it('leaves new findings and unchanged suppression states to BatchImportFindings', async () => {
    await publisher().publish([{ finding: suppressedFinding() }, { finding: { ...criticalEksFinding(), version: 2 }, previousSeverity: 'HIGH', previouslySuppressed: false }], CTX);
    expect(sh.commandCalls(BatchUpdateFindingsCommand)).toHaveLength(0);
  });

  it('fails the update (for a retry) when Security Hub does not process the workflow change', async () => {
    const f = { ...suppressedFinding(), version: 3 };
    sh.on(BatchUpdateFindingsCommand).resolves({ ProcessedFindings: [], UnprocessedFindings: [{ FindingIdentifier: { Id: `an1261/${f.id}`, ProductArn: PRODUCT_ARN }, ErrorCode: 'FindingNotFound', ErrorMessage: 'not yet visible' }] });
    const [outcome] = await publisher().publish([{ finding: f, previousSeverity: f.severity, previouslySuppressed: false }], CTX);
    expect(outcome).toMatchObject({ ok: false, securityHub: 'failed', error: 'Security Hub workflow: FindingNotFound: not yet visible' });
  });
});
