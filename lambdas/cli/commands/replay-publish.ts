/**
 * `an1261 replay … --publish [--topic-arn arn:aws:sns:…]`: sends the replay's findings to the
 * account's Security Hub and, with a topic, to SNS, through the same FindingPublisher as the publish
 * Lambda. Credentials, Region and endpoints come from the standard SDK configuration (profiles,
 * AWS_REGION, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SECURITYHUB / _SNS / _STS); `--region` and
 * `--account` override them. Prints accepted/failed counts; any failure makes the command fail.
 */
import type { Command } from 'commander';
import type { Config } from '../../core/model/config';
import type { Finding } from '../../core/model/finding';
import { sanitizeForTerminal } from '../../core/util/sanitize';
import type { FindingPublisher } from '../../adapters/finding-publisher';
import type { ImportTarget } from '../../adapters/security-hub-account';
import type { ExistingFinding } from '../../adapters/security-hub-existing';
import { asffId } from '../../core/publish/asff';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { SNSClient } from '@aws-sdk/client-sns';
import { checkTopicArn } from '../../core/publish/topic-arn';
import { errorMessage, errorName } from '../../core/util/errors';

export interface PublishFlags {
  publish?: boolean;
  topicArn?: string;
  account?: string;
  region?: string;
}

export function addPublishFlags(cmd: Command): Command {
  return cmd
    .option('--publish', "send the findings to this account's Security Hub (and to SNS with --topic-arn), as the publish Lambda does", false)
    .option('--topic-arn <arn>', 'with --publish: SNS topic for notifications (findings at or above minNotifySeverity)');
}

/** Refuses inconsistent flags before any log is read. */
export function checkPublishFlags(flags: PublishFlags): void {
  if (flags.topicArn && !flags.publish) throw new Error('--topic-arn needs --publish');
  if (flags.topicArn) checkTopicArn(flags.topicArn, '--topic-arn');
}

export interface PublishSummary {
  accepted: number;
  failed: number;
  notified: number;
  /** Findings Security Hub held before this run. */
  already: number;
}

/**
 * The replay's way to Security Hub and SNS. Opened before any input is read, so an unreachable
 * account or a missing Region fails the run at once (exit 2); its `target` (the account and Region
 * findings are imported into) is also the ASFF that `--out` writes, so the file equals what
 * Security Hub then holds.
 */
export class ReplayPublisher {
  private constructor(
    readonly target: ImportTarget,
    private readonly securityHubClient: SecurityHubClient,
    private readonly snsClient: SNSClient | undefined,
    private readonly flags: PublishFlags,
  ) {}

  static async open(flags: PublishFlags): Promise<ReplayPublisher> {
    const region = flags.region ? { region: flags.region } : {};
    // Loaded when --publish is given: a replay that only prints does not carry these clients.
    const [{ createSecurityHubClient }, { createSnsClient }, { resolveImportTarget }] = await Promise.all([import('../../adapters/security-hub-importer'), import('../../adapters/sns-notifier'), import('../../adapters/security-hub-account')]);
    const securityHubClient = createSecurityHubClient(region);
    const snsClient = flags.topicArn ? createSnsClient(region) : undefined;
    try {
      return new ReplayPublisher(await resolveImportTarget(securityHubClient, flags.account), securityHubClient, snsClient, flags);
    } catch (e) {
      securityHubClient.destroy();
      snsClient?.destroy();
      throw e;
    }
  }

  /**
   * Publishes the findings; throws when any failed. A finding Security Hub already holds (an
   * earlier backfill) is published as its next version: it pages only when its severity rose or its
   * suppression lapsed, so running the same backfill twice pages once.
   */
  async publish(findings: readonly Finding[], config: Config, err: NodeJS.WritableStream = process.stderr): Promise<PublishSummary> {
    const { flags, target } = this;
    const [{ FindingPublisher }, { SecurityHubImporter }, { SnsNotifier }, { existingFindings }] = await Promise.all([
      import('../../adapters/finding-publisher'),
      import('../../adapters/security-hub-importer'),
      import('../../adapters/sns-notifier'),
      import('../../adapters/security-hub-existing'),
    ]);
    const publisher: FindingPublisher = new FindingPublisher({
      securityHub: new SecurityHubImporter(this.securityHubClient),
      sns: this.snsClient && flags.topicArn ? new SnsNotifier(this.snsClient, flags.topicArn) : undefined,
      minNotifySeverity: config.minNotifySeverity,
    });
    let existing = new Map<string, ExistingFinding>();
    try {
      existing = await existingFindings(this.securityHubClient, findings.map((f) => asffId(f.id)));
    } catch (e) {
      err.write(`warning: cannot read the findings Security Hub already holds (${sanitizeForTerminal(errorName(e) ?? 'Error', 80)}: ${sanitizeForTerminal(errorMessage(e), 200)}): every finding is published as new and may page again\n`);
    }
    const outcomes = await publisher.publish(
      findings.map((finding) => {
        const before = existing.get(asffId(finding.id));
        return before ? { finding, ...(before.severity ? { previousSeverity: before.severity } : {}), previouslySuppressed: before.suppressed } : { finding };
      }),
      target,
    );
    const failed = outcomes.filter((o) => !o.ok);
    for (const o of failed) err.write(`publish failed: ${sanitizeForTerminal(o.key, 120)}: ${sanitizeForTerminal(o.error ?? 'unknown error', 400)}\n`);
    const summary = { accepted: outcomes.length - failed.length, failed: failed.length, notified: outcomes.filter((o) => o.sns === 'sent').length, already: existing.size };
    err.write(
      `published to Security Hub ${target.account}/${target.region}${flags.topicArn ? ` and SNS ${flags.topicArn}` : ''}: ` +
        `${summary.accepted} accepted, ${summary.failed} failed${flags.topicArn ? `, ${summary.notified} notifications sent` : ''}` +
        `${summary.already ? ` (${summary.already} already in Security Hub: paged again only if the severity rose)` : ''}\n`,
    );
    if (summary.failed > 0) throw new Error(`publish: ${summary.failed} of ${outcomes.length} findings were not accepted`);
    return summary;
  }

  close(): void {
    this.securityHubClient.destroy();
    this.snsClient?.destroy();
  }
}
