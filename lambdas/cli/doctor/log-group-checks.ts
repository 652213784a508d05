/**
 * Checks every source log group gets: retention (can investigations look back?), the product's
 * subscription filter (is it reaching the detector?) and recency (is the source still talking?).
 */
import type { LogGroupInfo } from '../../adapters/cloudwatch-logs-reader';
import { type CheckResult, fail, guarded, pass, warn } from './check-result';
import { type DoctorContext, MAX_SUBSCRIPTION_FILTERS, MIN_RETENTION_DAYS, ownedByProduct } from './doctor-context';
import { formatAge, formatDuration, isoSeconds } from './duration';
import { EKS_AUDIT_FILTER_PATTERN } from '../../core/rules/gates';

export interface LogGroupSpec {
  /** Check-id prefix: `eks-audit`, `vpc-flow`, `host-logs`. */
  area: string;
  group: LogGroupInfo;
  /** Only streams starting with this carry the source (EKS audit). */
  streamPrefix?: string;
  /** How to make a silent source talk again. */
  silentFix: string;
  /** How the product's subscription gets there. */
  subscribeFix: string;
}

function retention(ctx: DoctorContext, s: LogGroupSpec): CheckResult {
  const id = `${s.area}.retention`;
  const days = s.group.retentionInDays;
  if (days === undefined) return pass(id, s.group.name, 'events never expire');
  if (days >= MIN_RETENTION_DAYS) return pass(id, s.group.name, `events kept ${days} days`);
  return warn(
    id,
    s.group.name,
    `events kept only ${days} days: investigations and \`replay --from-cloudwatch\` cannot look back further`,
    `aws logs put-retention-policy --region ${ctx.region} --log-group-name '${s.group.name}' --retention-in-days 90`,
  );
}

/**
 * A member account's group: some filter must send it to a CloudWatch Logs destination of the
 * central account (`arn:aws:logs:<region>:<central>:destination:<name>`; a destination serves log
 * groups of its own Region only).
 */
async function destinationSubscription(ctx: DoctorContext, s: LogGroupSpec, central: string): Promise<CheckResult> {
  const id = `${s.area}.subscription`;
  const filters = await ctx.reader.logs.subscriptionFilters(s.group.name);
  const prefix = `arn:aws:logs:${ctx.region}:${central}:destination:`;
  const isCentral = (arn: string) => /^arn:aws[\w-]*:logs:/.test(arn) && arn.replace(/^arn:aws[\w-]*:/, 'arn:aws:').startsWith(prefix) && arn.length > prefix.length;
  const list = (fs: typeof filters) => fs.map((f) => `${f.name} → ${f.destinationArn}`).join('; ');
  const ours = filters.filter((f) => isCentral(f.destinationArn));
  if (ours.length > 0) return pass(id, s.group.name, `subscription ${list(ours)} (a CloudWatch Logs destination of account ${central})`);
  const pattern = s.area === 'eks-audit' ? ` --filter-pattern '${EKS_AUDIT_FILTER_PATTERN}'` : " --filter-pattern ''";
  const fix = `aws logs put-subscription-filter --region ${ctx.region} --log-group-name '${s.group.name}' --filter-name an1261${pattern} --destination-arn ${prefix}<the detector's destination> (the destination's policy must list this account or its organisation)`;
  if (filters.length >= MAX_SUBSCRIPTION_FILTERS) {
    return fail(id, s.group.name, `no subscription to a CloudWatch Logs destination of account ${central} and already ${filters.length} filters (${list(filters)}): CloudWatch Logs allows ${MAX_SUBSCRIPTION_FILTERS} per log group`, `free a slot (aws logs delete-subscription-filter --region ${ctx.region} --log-group-name '${s.group.name}' --filter-name '${filters[0]!.name}'), then ${fix}`);
  }
  const others = filters.length > 0 ? ` (other filters: ${list(filters)})` : '';
  return warn(id, s.group.name, `no subscription filter to a CloudWatch Logs destination of account ${central} (${prefix}…): the detector does not receive this group${others}`, fix);
}

async function subscription(ctx: DoctorContext, s: LogGroupSpec): Promise<CheckResult> {
  if (ctx.crossAccount) return destinationSubscription(ctx, s, ctx.crossAccount.centralAccount);
  const id = `${s.area}.subscription`;
  const filters = await ctx.reader.logs.subscriptionFilters(s.group.name);
  const ours = filters.filter((f) => ownedByProduct(ctx, f.name, f.destinationArn));
  const list = (fs: typeof filters) => fs.map((f) => `${f.name} → ${f.destinationArn}${f.pattern ? ` (pattern ${JSON.stringify(f.pattern)})` : ''}`).join('; ');
  if (ours.length > 0) return pass(id, s.group.name, `subscription ${list(ours)}`);
  if (filters.length >= MAX_SUBSCRIPTION_FILTERS) {
    return fail(
      id,
      s.group.name,
      `no AN1261 subscription and already ${filters.length} filters (${list(filters)}): CloudWatch Logs allows ${MAX_SUBSCRIPTION_FILTERS} per log group, so the product's cannot be added`,
      `free a slot: aws logs delete-subscription-filter --region ${ctx.region} --log-group-name '${s.group.name}' --filter-name '${filters[0]!.name}' (or fan out through one Kinesis stream), then ${s.subscribeFix}`,
    );
  }
  const others = filters.length > 0 ? ` (other filters: ${list(filters)})` : '';
  return warn(id, s.group.name, `no subscription filter whose name or destination contains "${ctx.marker}": the product is not reading this group yet${others}`, s.subscribeFix);
}

async function recency(ctx: DoctorContext, s: LogGroupSpec): Promise<CheckResult> {
  const id = `${s.area}.recency`;
  const newest = await ctx.reader.logs.newestStream(s.group.name, s.streamPrefix);
  const streams = s.streamPrefix ? `log stream starting with ${s.streamPrefix}` : 'log stream';
  if (!newest) return fail(id, s.group.name, `no ${streams}: nothing was ever delivered — a blind spot`, s.silentFix);
  const times = [newest.lastEventTimestamp, newest.lastIngestionTime].filter((t): t is number => typeof t === 'number');
  if (times.length === 0) return fail(id, s.group.name, `stream ${newest.stream} holds no event — a blind spot`, s.silentFix);
  // lastEventTimestamp is updated lazily (up to about an hour); the ingestion time is the fresher signal.
  const latest = Math.max(...times);
  const evidence = `newest event ${formatAge(latest, ctx.now)} ago (${isoSeconds(latest)}, stream ${newest.stream})`;
  if (ctx.now - latest <= ctx.staleAfterMs) return pass(id, s.group.name, evidence);
  return warn(id, s.group.name, `${evidence}: silent for longer than ${formatDuration(ctx.staleAfterMs)} — a blind spot while it lasts`, s.silentFix);
}

/** Retention, subscription and recency of one source log group; each runs even if another fails. */
export async function checkLogGroup(ctx: DoctorContext, s: LogGroupSpec): Promise<CheckResult[]> {
  return [
    retention(ctx, s),
    ...(await guarded(`${s.area}.subscription`, s.group.name, async () => [await subscription(ctx, s)])),
    ...(await guarded(`${s.area}.recency`, s.group.name, async () => [await recency(ctx, s)])),
  ];
}
