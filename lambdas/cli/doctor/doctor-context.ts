/** What every doctor check reads: the account, the config, the clock and the thresholds. */
import type { AccountReader } from '../../adapters/account-reader';
import type { Config } from '../../core/model/config';

export interface DoctorContext {
  reader: AccountReader;
  config: Config;
  account: string;
  region: string;
  callerArn: string;
  /** Epoch ms the ages are measured from. */
  now: number;
  /** A source whose newest event is older than this is reported silent. */
  staleAfterMs: number;
  /** Case-insensitive text in the names/ARNs of the product's subscription filters and rule targets (the CDK stack name holds it). */
  marker: string;
  /** VPCs to check; empty = every VPC of the region. */
  vpcIds: string[];
  /**
   * Set when checking a member account (`doctor --account`): its log groups reach the detector
   * through a CloudWatch Logs destination of `centralAccount`, not through the stack's own filters.
   */
  crossAccount?: { centralAccount: string };
}

/** Retention (days) below which investigations and backtests cannot look back far enough. */
export const MIN_RETENTION_DAYS = 30;
/** CloudWatch Logs allows this many subscription filters per log group. */
export const MAX_SUBSCRIPTION_FILTERS = 2;

export function ownedByProduct(ctx: DoctorContext, ...names: string[]): boolean {
  const m = ctx.marker.toLowerCase();
  return m.length > 0 && names.some((n) => n.toLowerCase().includes(m));
}
