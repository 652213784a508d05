/**
 * ECR / CloudTrail readiness: a logging trail applies to the region and records write management
 * events (ECR PutImage reaches EventBridge as "AWS API Call via CloudTrail" only with such a
 * trail), and the newest PutImage in the event history shows pushes are being recorded.
 */
import { AwsCallError } from '../../adapters/account-reader-errors';
import type { TrailInfo } from '../../adapters/cloudtrail-reader';
import { type CheckResult, fail, failFromError, guarded, pass, warn } from './check-result';
import type { DoctorContext } from './doctor-context';
import { formatAge, isoSeconds } from './duration';
import { recordsManagementEvent } from './trail-selectors';

const PUT_IMAGE = { eventSource: 'ecr.amazonaws.com', eventName: 'PutImage' };

function createTrailFix(ctx: DoctorContext): string {
  return (
    `aws cloudtrail create-trail --region ${ctx.region} --name an1261-management --is-multi-region-trail --s3-bucket-name <bucket with the CloudTrail bucket policy> ` +
    `&& aws cloudtrail start-logging --region ${ctx.region} --name an1261-management`
  );
}

type TrailVerdict = { trail: TrailInfo; ok: boolean; why: string; error?: AwsCallError };

async function judgeTrail(ctx: DoctorContext, t: TrailInfo): Promise<TrailVerdict> {
  const where = t.multiRegion ? 'multi-Region' : `single-Region (${t.homeRegion ?? '?'})`;
  try {
    if (!(await ctx.reader.cloudTrail.isLogging(t.arn))) return { trail: t, ok: false, why: `${t.name} (${where}) is not logging` };
    const v = recordsManagementEvent(await ctx.reader.cloudTrail.selectors(t.arn), PUT_IMAGE);
    return { trail: t, ok: v.records, why: `${t.name} (${where}${t.organization ? ', organization' : ''}, logging): ${v.why}` };
  } catch (e) {
    if (e instanceof AwsCallError) return { trail: t, ok: false, why: `${t.name}: ${e.message}`, error: e };
    throw e;
  }
}

async function managementEvents(ctx: DoctorContext): Promise<CheckResult> {
  const id = 'cloudtrail.management-events';
  const trails = (await ctx.reader.cloudTrail.trails()).filter((t) => t.multiRegion || t.homeRegion === ctx.region);
  if (trails.length === 0) {
    return fail(id, ctx.region, `no trail applies to ${ctx.region}: ECR PutImage never reaches EventBridge as "AWS API Call via CloudTrail" and pushes by hand go unseen`, createTrailFix(ctx));
  }
  const verdicts: TrailVerdict[] = [];
  for (const t of trails) verdicts.push(await judgeTrail(ctx, t));
  const good = verdicts.find((v) => v.ok);
  if (good) return pass(id, ctx.region, `${good.why}; records ECR PutImage`);
  const denied = verdicts.find((v) => v.error?.failure === 'access-denied');
  if (denied?.error) return failFromError(id, ctx.region, denied.error);
  const stopped = verdicts.find((v) => v.why.endsWith('is not logging'));
  const fix = stopped ? `aws cloudtrail start-logging --region ${ctx.region} --name ${stopped.trail.arn}` : `record write management events on a trail: aws cloudtrail put-event-selectors --region ${ctx.region} --trail-name ${trails[0]!.arn} --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'`;
  return fail(id, ctx.region, `no trail records ECR PutImage: ${verdicts.map((v) => v.why).join('; ')}`, fix);
}

async function pushRecency(ctx: DoctorContext): Promise<CheckResult> {
  const id = 'ecr.recency';
  const newest = await ctx.reader.cloudTrail.newestEvent(PUT_IMAGE.eventName, PUT_IMAGE.eventSource);
  if (!newest) {
    return warn(id, ctx.region, `no ECR PutImage in the CloudTrail event history of ${ctx.region} (90 days): either no image was pushed here, or pushes are not recorded`, `push a test image to an ECR repository in ${ctx.region}, then run doctor again`);
  }
  const t = newest.time.getTime();
  return pass(id, ctx.region, `newest PutImage ${formatAge(t, ctx.now)} ago (${isoSeconds(t)}${newest.username ? ` by ${newest.username}` : ''})`);
}

export async function cloudTrailChecks(ctx: DoctorContext): Promise<CheckResult[]> {
  return [
    ...(await guarded('cloudtrail.management-events', ctx.region, async () => [await managementEvents(ctx)])),
    ...(await guarded('ecr.recency', ctx.region, async () => [await pushRecency(ctx)])),
  ];
}
