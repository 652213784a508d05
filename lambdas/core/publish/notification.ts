/**
 * An SNS notification for a finding update (pure): subject, plain-text body and the message
 * attributes subscriptions filter on (`severity`, `cluster`, `account`, `namespace`; empty ones
 * are left out because SNS refuses empty attribute values).
 *
 * @example
 *   const decision = notifyDecision(update, config.minNotifySeverity);
 *   if (decision.notify) sns.publish(buildNotification(update, decision.reason, { account, region }));
 */
import type { FindingUpdate } from '../model/finding';
import { asffId } from './asff';
import { capText, isAccountId, utf8Length } from './asff-text';
import type { AsffPartition } from './asff-types';
import { notificationBody } from './notification-body';
import { securityHubFindingUrl } from './notification-links';
import { notificationSubject } from './notification-subject';
import { clean } from './notification-text';
import type { NotifyReason } from './notify-policy';

/** SNS refuses messages (body, subject and attributes together) over 256 KB. */
export const SNS_MAX_MESSAGE_BYTES = 262_144;
const ATTRIBUTE_MAX = 256;

export interface NotificationContext {
  /** Account and Region Security Hub imports into (the publisher's own). */
  account: string;
  region: string;
  partition?: AsffPartition;
  /** False when Security Hub publishing is off: the body then says so instead of linking. */
  securityHub?: boolean;
}

export interface Notification {
  findingId: string;
  version: number;
  subject: string;
  message: string;
  /** String attributes, all non-empty. */
  attributes: Record<string, string>;
}

function attributes(update: FindingUpdate, ctx: NotificationContext): Record<string, string> {
  const f = update.finding;
  const values: Record<string, string | undefined> = {
    severity: clean(f.severity, 13),
    cluster: clean(f.cluster, ATTRIBUTE_MAX),
    account: isAccountId(f.account) ? f.account : ctx.account,
    namespace: clean(f.namespace, ATTRIBUTE_MAX),
  };
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}

/** Total size as SNS counts it: message, subject, attribute names, types and values. */
export function notificationBytes(n: Notification): number {
  const attrs = Object.entries(n.attributes).reduce((sum, [k, v]) => sum + utf8Length(k) + utf8Length('String') + utf8Length(v), 0);
  return utf8Length(n.message) + utf8Length(n.subject) + attrs;
}

/** Builds the notification; the caps in the body keep it far below SNS_MAX_MESSAGE_BYTES. */
export function buildNotification(update: FindingUpdate, reason: NotifyReason, ctx: NotificationContext): Notification {
  const f = update.finding;
  const id = asffId(f.id);
  const message = notificationBody(f, {
    reason,
    ...(update.previousSeverity ? { previousSeverity: update.previousSeverity } : {}),
    ...(ctx.securityHub === false ? {} : { securityHubUrl: securityHubFindingUrl(id, ctx.region, ctx.partition) }),
    asffId: id,
    account: ctx.account,
    region: ctx.region,
  });
  const notification = {
    findingId: String(f.id),
    version: f.version,
    subject: notificationSubject(f, reason, update.previousSeverity),
    message,
    attributes: attributes(update, ctx),
  };
  const over = notificationBytes(notification) - SNS_MAX_MESSAGE_BYTES;
  if (over > 0) {
    // Unreachable with the caps in the body; kept so that a future field cannot make SNS refuse a page.
    notification.message = `${capText(message, Math.max(0, message.length - over - 64))}\n(cut to fit the SNS size limit)\n`;
  }
  return notification;
}
