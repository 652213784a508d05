/**
 * The one publishing service, used by the publish Lambda and by `an1261 replay --publish`: finding
 * updates → Security Hub (ASFF, BatchImportFindings) → SNS (when notify-policy says so). A
 * destination that is switched off counts as accepted. SNS is only tried for updates Security Hub
 * accepted, so a retry after a Security Hub failure never pages twice. Every update comes back
 * with an outcome (`ok` only when both destinations accepted it); nothing is dropped.
 * Notifications of one call are sent one after the other, in `notificationOrder`: on-call reads
 * `[MEDIUM]` before `[CRITICAL, was MEDIUM]`, never the escalation first.
 *
 * @example
 *   const publisher = new FindingPublisher({ securityHub: importer, sns: notifier, minNotifySeverity: 'MEDIUM' });
 *   const outcomes = await publisher.publish(updates, { account: '111122223333', region: 'us-east-1' });
 */
import type { SeverityLabel } from '../core/model/config';
import type { FindingUpdate } from '../core/model/finding';
import { type AsffFinding, asffId, toAsff, validateAsff } from '../core/publish/asff';
import { buildNotification } from '../core/publish/notification';
import { notifyDecision } from '../core/publish/notify-policy';
import type { ImportTarget } from './security-hub-account';
import type { SecurityHubImporter } from './security-hub-importer';
import type { SecurityHubWorkflow, WorkflowChange } from './security-hub-workflow';
import type { SnsNotifier } from './sns-notifier';
import { errorMessage } from '../core/util/errors';

export type SecurityHubStatus = 'imported' | 'superseded' | 'off' | 'failed';
export type SnsStatus = 'sent' | 'silent' | 'off' | 'failed' | 'not-attempted';

export interface PublishOutcome {
  /** `finding.id#finding.version`: the idempotency key of the update. */
  key: string;
  ok: boolean;
  securityHub: SecurityHubStatus;
  sns: SnsStatus;
  /** Why SNS stayed silent (suppressed, below-threshold, no-severity-increase) or why it notified. */
  notifyReason?: string;
  snsMessageId?: string;
  /** What failed, naming the destination. */
  error?: string;
}

export interface FindingPublisherOptions {
  /** Undefined: Security Hub publishing is off (SECURITY_HUB_ENABLED=false). */
  securityHub?: SecurityHubImporter;
  /** Workflow changes of findings already imported (suppressed / no longer suppressed). */
  workflow?: SecurityHubWorkflow;
  /** Undefined: SNS is off (no TOPIC_ARN). */
  sns?: SnsNotifier;
  minNotifySeverity: SeverityLabel;
}

export function updateKey(update: FindingUpdate): string {
  return `${update.finding.id}#${update.finding.version}`;
}

/**
 * The order notifications are sent in (indexes into `updates`): by `updatedAt`, then finding id,
 * then version. A finding's versions have strictly increasing `updatedAt`, so each finding's
 * versions go out in ascending order; across findings the order is chronological and does not
 * depend on the order the batch's messages arrived in.
 */
export function notificationOrder(updates: readonly FindingUpdate[]): number[] {
  // An unreadable time sorts first, so the comparison stays a total order.
  const at = (u: FindingUpdate) => Date.parse(u.finding.updatedAt) || 0;
  return updates
    .map((_, i) => i)
    .sort((a, b) => {
      const x = updates[a]!.finding;
      const y = updates[b]!.finding;
      const byTime = at(updates[a]!) - at(updates[b]!);
      if (byTime !== 0) return byTime;
      if (x.id !== y.id) return x.id < y.id ? -1 : 1;
      return x.version - y.version || a - b;
    });
}

export class FindingPublisher {
  constructor(private readonly options: FindingPublisherOptions) {}

  get securityHubEnabled(): boolean {
    return this.options.securityHub !== undefined;
  }

  get snsEnabled(): boolean {
    return this.options.sns !== undefined;
  }

  /** Publishes the updates; the outcomes are in input order. */
  async publish(updates: readonly FindingUpdate[], target: ImportTarget): Promise<PublishOutcome[]> {
    const outcomes: PublishOutcome[] = updates.map((u) => ({ key: updateKey(u), ok: false, securityHub: 'off', sns: 'not-attempted' }));
    if (this.options.securityHub) await this.importAll(updates, outcomes, target);
    // Sequential on purpose: parallel sends reach SNS (and on-call's inbox) in any order.
    for (const i of notificationOrder(updates)) await this.notify(updates[i]!, outcomes[i]!, target);
    for (const o of outcomes) o.ok = o.securityHub !== 'failed' && o.sns !== 'failed' && o.sns !== 'not-attempted';
    return outcomes;
  }

  /** Maps to ASFF, keeps the newest version of each finding (one Id per call), imports, records outcomes. */
  private async importAll(updates: readonly FindingUpdate[], outcomes: PublishOutcome[], target: ImportTarget): Promise<void> {
    const newest = new Map<string, { index: number; asff: AsffFinding }>();
    updates.forEach((u, i) => {
      const o = outcomes[i]!;
      try {
        const asff = toAsff(u.finding, target);
        const problems = validateAsff(asff);
        if (problems.length > 0) throw new Error(problems.slice(0, 3).join('; '));
        const seen = newest.get(asff.Id);
        if (!seen || updates[seen.index]!.finding.version < u.finding.version) newest.set(asff.Id, { index: i, asff });
      } catch (e) {
        o.securityHub = 'failed';
        o.error = `Security Hub: finding ${o.key} cannot be mapped to ASFF: ${errorMessage(e)}`;
      }
    });
    const result = await this.options.securityHub!.import([...newest.values()].map((n) => n.asff));
    updates.forEach((u, i) => {
      const o = outcomes[i]!;
      if (o.securityHub === 'failed') return;
      const id = asffId(u.finding.id);
      const kept = newest.get(id)!;
      const failure = result.failed.get(id);
      if (failure !== undefined || !result.accepted.has(id)) {
        o.securityHub = 'failed';
        o.error = `Security Hub: ${failure ?? 'no result for this finding'}`;
      } else {
        // An older version in the same batch is covered by the newer one (Security Hub keeps the latest UpdatedAt anyway).
        o.securityHub = kept.index === i ? 'imported' : 'superseded';
      }
    });
    await this.updateWorkflows(updates, outcomes, newest);
  }

  /** An imported version whose suppression state changed: BatchImportFindings did not apply its Workflow. */
  private async updateWorkflows(updates: readonly FindingUpdate[], outcomes: PublishOutcome[], newest: Map<string, { index: number; asff: AsffFinding }>): Promise<void> {
    if (!this.options.workflow) return;
    const changes: Array<WorkflowChange & { index: number }> = [];
    for (const { index, asff } of newest.values()) {
      const u = updates[index]!;
      const suppressed = Boolean(u.finding.suppressedBy);
      if (outcomes[index]!.securityHub !== 'imported' || u.previousSeverity === undefined || suppressed === Boolean(u.previouslySuppressed)) continue;
      const s = u.finding.suppressedBy;
      const note = s ? `Suppressed by ${s.owner} until ${s.expires}: ${s.reason}` : 'The suppression that matched this finding no longer applies.';
      changes.push({ index, id: asff.Id, productArn: asff.ProductArn, status: suppressed ? 'SUPPRESSED' : 'NEW', note });
    }
    if (changes.length === 0) return;
    const failed = await this.options.workflow.apply(changes);
    for (const c of changes) {
      const reason = failed.get(c.id);
      if (reason === undefined) continue;
      const o = outcomes[c.index]!;
      o.securityHub = 'failed';
      o.error = `Security Hub workflow: ${reason}`;
    }
  }

  private async notify(update: FindingUpdate, o: PublishOutcome, target: ImportTarget): Promise<void> {
    if (o.securityHub === 'failed') return;
    const decision = notifyDecision(update, this.options.minNotifySeverity);
    o.notifyReason = decision.reason;
    if (!decision.notify) {
      o.sns = 'silent';
      return;
    }
    if (!this.options.sns) {
      o.sns = 'off';
      return;
    }
    try {
      const n = buildNotification(update, decision.reason, { ...target, securityHub: this.securityHubEnabled });
      o.snsMessageId = await this.options.sns.publish(n);
      o.sns = 'sent';
    } catch (e) {
      o.sns = 'failed';
      const err = e as { name?: string; message?: string };
      o.error = `SNS: ${err.name ?? 'Error'}: ${err.message ?? String(e)}`;
    }
  }
}
