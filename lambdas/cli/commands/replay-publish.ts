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
import { FindingPublisher } from '../../adapters/finding-publisher';
import { resolveImportTarget } from '../../adapters/security-hub-account';
import { createSecurityHubClient, SecurityHubImporter } from '../../adapters/security-hub-importer';
import { checkTopicArn, createSnsClient, SnsNotifier } from '../../adapters/sns-notifier';

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
}

/** Publishes the findings (each as a new finding: a backfill pages once per finding); throws when any failed. */
export async function publishReplayFindings(findings: readonly Finding[], flags: PublishFlags, config: Config, err: NodeJS.WritableStream = process.stderr): Promise<PublishSummary> {
  const region = flags.region ? { region: flags.region } : {};
  const securityHubClient = createSecurityHubClient(region);
  const snsClient = flags.topicArn ? createSnsClient(region) : undefined;
  try {
    const target = await resolveImportTarget(securityHubClient, flags.account);
    const publisher = new FindingPublisher({
      securityHub: new SecurityHubImporter(securityHubClient),
      sns: snsClient && flags.topicArn ? new SnsNotifier(snsClient, flags.topicArn) : undefined,
      minNotifySeverity: config.minNotifySeverity,
    });
    const outcomes = await publisher.publish(
      findings.map((finding) => ({ finding })),
      target,
    );
    const failed = outcomes.filter((o) => !o.ok);
    for (const o of failed) err.write(`publish failed: ${sanitizeForTerminal(o.key, 120)}: ${sanitizeForTerminal(o.error ?? 'unknown error', 400)}\n`);
    const summary = { accepted: outcomes.length - failed.length, failed: failed.length, notified: outcomes.filter((o) => o.sns === 'sent').length };
    err.write(
      `published to Security Hub ${target.account}/${target.region}${flags.topicArn ? ` and SNS ${flags.topicArn}` : ''}: ` +
        `${summary.accepted} accepted, ${summary.failed} failed${flags.topicArn ? `, ${summary.notified} notifications sent` : ''}\n`,
    );
    if (summary.failed > 0) throw new Error(`publish: ${summary.failed} of ${outcomes.length} findings were not accepted`);
    return summary;
  } finally {
    securityHubClient.destroy();
    snsClient?.destroy();
  }
}
