/**
 * Security Hub questions for `an1261 doctor`: is the hub enabled in the region, and may the caller
 * import findings. The second can only be proven by calling BatchImportFindings; the probe sends an
 * empty batch, which IAM authorizes (or denies) before the service looks at the body, so nothing
 * is ever imported (docs/doctor.md).
 */
import { BatchImportFindingsCommand, DescribeHubCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AwsCallError, awsCall } from './account-reader-errors';
import { causeMessage } from '../core/util/errors';

export type HubState = { enabled: true; hubArn: string; subscribedAt?: string } | { enabled: false; reason: string };

export type ImportProbe = { authorized: true; answer: string } | { authorized: false; reason: string };

export class SecurityHubReader {
  constructor(readonly client: SecurityHubClient) {}

  async hub(): Promise<HubState> {
    try {
      const out = await awsCall('securityhub:DescribeHub', () => this.client.send(new DescribeHubCommand({})));
      return { enabled: true, hubArn: out.HubArn ?? '(no HubArn returned)', ...(out.SubscribedAt ? { subscribedAt: out.SubscribedAt } : {}) };
    } catch (e) {
      // "Account … is not subscribed to AWS Security Hub" comes as InvalidAccessException.
      if (e instanceof AwsCallError && (e.code === 'InvalidAccessException' || e.failure === 'not-found')) {
        return { enabled: false, reason: causeMessage(e) ?? e.message };
      }
      throw e;
    }
  }

  /** Calls BatchImportFindings with no finding: denied → AwsCallError (access-denied); anything else proves the permission. */
  async probeImport(): Promise<ImportProbe> {
    try {
      const out = await awsCall('securityhub:BatchImportFindings', () => this.client.send(new BatchImportFindingsCommand({ Findings: [] })));
      return { authorized: true, answer: `accepted an empty batch (SuccessCount ${out.SuccessCount ?? 0}, FailedCount ${out.FailedCount ?? 0})` };
    } catch (e) {
      if (!(e instanceof AwsCallError)) throw e;
      if (e.code === 'InvalidInputException' || e.code === 'ValidationException') return { authorized: true, answer: `authorized; the empty batch was refused as ${e.code}, as expected` };
      if (e.code === 'InvalidAccessException') return { authorized: false, reason: causeMessage(e) ?? e.message };
      throw e;
    }
  }
}
