/**
 * ECR / CloudTrail readiness: a logging trail applies to the region and records write management
 * events (ECR PutImage reaches EventBridge as "AWS API Call via CloudTrail" only with such a
 * trail; so does EC2 RunInstances, which names launched instances' private IPs), and the newest
 * PutImage in the event history shows pushes are being recorded. A trail that records PutImage but
 * not RunInstances is a WARN: hosts are still resolved from their flow logs, only later.
 */
import { AwsCallError } from '../../adapters/account-reader-errors';
import type { TrailInfo } from '../../adapters/cloudtrail-reader';
import { type CheckResult, fail, failFromError, guarded, pass, warn } from './check-result';
import type { DoctorContext } from './doctor-context';
import { formatAge, isoSeconds } from './duration';
import { type SelectorVerdict, recordsManagementEvent } from './trail-selectors';

const PUT_IMAGE = { eventSource: 'ecr.amazonaws.com', eventName: 'PutImage' };
const RUN_INSTANCES = { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances' };

function createTrailFix(ctx: DoctorContext): string {
  return (
    `aws cloudtrail create-trail --region ${ctx.region} --name an1261-management --is-multi-region-trail --s3-bucket-name <bucket with the CloudTrail bucket policy> ` +
    `&& aws cloudtrail start-logging --region ${ctx.region} --name an1261-management`
  );
}

/** One trail: `head` names it; `put` / `run` say whether its selectors record PutImage / RunInstances (absent: not logging, or unreadable). */
type TrailVerdict = { trail: TrailInfo; head: string; stopped?: boolean; put?: SelectorVerdict; run?: SelectorVerdict; error?: AwsCallError };

async function judgeTrail(ctx: DoctorContext, t: TrailInfo): Promise<TrailVerdict> {
  const where = t.multiRegion ? 'multi-Region' : `single-Region (${t.homeRegion ?? '?'})`;
  try {
    if (!(await ctx.reader.cloudTrail.isLogging(t.arn))) return { trail: t, head: `${t.name} (${where}) is not logging`, stopped: true };
    const selectors = await ctx.reader.cloudTrail.selectors(t.arn);
    return { trail: t, head: `${t.name} (${where}${t.organization ? ', organization' : ''}, logging)`, put: recordsManagementEvent(selectors, PUT_IMAGE), run: recordsManagementEvent(selectors, RUN_INSTANCES) };
  } catch (e) {
    if (e instanceof AwsCallError) return { trail: t, head: `${t.name}: ${e.message}`, error: e };
    throw e;
  }
}

/** What a trail says about one event: its selectors' verdict, or why it could not say. */
function about(v: TrailVerdict, verdict: SelectorVerdict | undefined): string {
  return verdict ? `${v.head}: ${verdict.why}` : v.head;
}

/** PASS evidence: the trail(s) recording both events, once when one trail records both for the same reason. */
function recordsBoth(put: TrailVerdict, run: TrailVerdict): string {
  if (put === run && put.put!.why === put.run!.why) return `${about(put, put.put)}; records ECR PutImage and EC2 RunInstances`;
  return `${about(put, put.put)}; records ECR PutImage; ${about(run, run.run)}; records EC2 RunInstances`;
}

async function managementEvents(ctx: DoctorContext): Promise<CheckResult> {
  const id = 'cloudtrail.management-events';
  const trails = (await ctx.reader.cloudTrail.trails()).filter((t) => t.multiRegion || t.homeRegion === ctx.region);
  if (trails.length === 0) {
    return fail(id, ctx.region, `no trail applies to ${ctx.region}: ECR PutImage never reaches EventBridge as "AWS API Call via CloudTrail" and pushes by hand go unseen; nor does EC2 RunInstances`, createTrailFix(ctx));
  }
  const verdicts: TrailVerdict[] = [];
  for (const t of trails) verdicts.push(await judgeTrail(ctx, t));
  const put = verdicts.find((v) => v.put?.records);
  const run = verdicts.find((v) => v.run?.records);
  if (put && run) return pass(id, ctx.region, recordsBoth(put, run));
  if (put) {
    return warn(
      id,
      ctx.region,
      `${about(put, put.put)}; records ECR PutImage, but no trail records EC2 RunInstances (${verdicts.map((v) => about(v, v.run)).join('; ')}): ` +
        'launched instances’ private IPs are learnt from their flow logs only, minutes after launch',
      `let ${put.trail.name} record write management events from ec2.amazonaws.com: \`aws cloudtrail get-event-selectors --region ${ctx.region} --trail-name ${put.trail.arn}\`, ` +
        `remove the condition that leaves ec2.amazonaws.com out, and write the selectors back with \`aws cloudtrail put-event-selectors --region ${ctx.region} --trail-name ${put.trail.arn} --advanced-event-selectors '<the edited selectors>'\``,
    );
  }
  const denied = verdicts.find((v) => v.error?.failure === 'access-denied');
  if (denied?.error) return failFromError(id, ctx.region, denied.error);
  const stopped = verdicts.find((v) => v.stopped);
  const fix = stopped ? `aws cloudtrail start-logging --region ${ctx.region} --name ${stopped.trail.arn}` : `record write management events on a trail: aws cloudtrail put-event-selectors --region ${ctx.region} --trail-name ${trails[0]!.arn} --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'`;
  return fail(id, ctx.region, `no trail records ECR PutImage${run ? '' : ' (nor EC2 RunInstances)'}: ${verdicts.map((v) => about(v, v.put)).join('; ')}`, fix);
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
