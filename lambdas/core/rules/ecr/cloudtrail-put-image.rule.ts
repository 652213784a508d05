/**
 * Rule cloudtrail-put-image: a successful ECR `PutImage` call in CloudTrail is an image push, with
 * the principal that pushed it (and the EC2 instance, for instance-profile sessions). Same signal
 * whether the record comes from a trail file, CloudWatch Logs or EventBridge: the id is the eventID.
 */
import type { PushSignal } from '../../model/signal';
import { isAccountId, isoTime, isRegion, objAt, reasonValue, str } from '../../records/ecr/fields';
import { principalFromUserIdentity } from '../../records/ecr/principal';
import { pushTarget } from '../../records/ecr/push-target';
import type { CloudTrailRecord } from '../../records/ecr/types';
import { stableId } from '../../util/hash';
import { type Rule, type RuleContext, type RuleOutcome, signalsOutcome } from '../rule';

const ID = 'cloudtrail-put-image';
const NOT_ECR: RuleOutcome = { ignore: 'cloudtrail:event-source-ignored' };
/** Image pulls (BatchGetImage, GetDownloadUrlForLayer …) are frequent: one outcome per call name. */
const ignoredCalls = new Map<string, RuleOutcome>();

function ignoredCall(eventName: string): RuleOutcome {
  let outcome = ignoredCalls.get(eventName);
  if (outcome === undefined) {
    outcome = { ignore: `cloudtrail:event-ignored:${reasonValue(eventName)}` };
    if (ignoredCalls.size < 256) ignoredCalls.set(eventName, outcome);
  }
  return outcome;
}

function evaluatePutImage(r: CloudTrailRecord, ctx: RuleContext): RuleOutcome {
  // Most records of a whole trail are other services: decide them before reading anything else.
  if (r.eventSource !== 'ecr.amazonaws.com') return NOT_ECR;
  if (r.eventName !== 'PutImage') return ignoredCall(r.eventName);
  const errorCode = r.errorCode;
  if (errorCode !== undefined && errorCode !== null && errorCode !== '') return { ignore: `cloudtrail:error-ignored:${reasonValue(String(errorCode))}` };

  const request = objAt(r, 'requestParameters');
  const image = objAt(objAt(r, 'responseElements'), 'image');
  const imageId = objAt(image, 'imageId');
  const repository = str(request, 'repositoryName') ?? str(image, 'repositoryName');
  if (repository === undefined) return { reject: 'cloudtrail:missing-repository-name' };
  // registryId names the registry's account (cross-account pushes); recipientAccountId is the trail's.
  const account = str(request, 'registryId') ?? str(image, 'registryId') ?? str(r, 'recipientAccountId') ?? ctx.account;
  const region = str(r, 'awsRegion') ?? ctx.region;
  if (!isAccountId(account) || !isRegion(region)) return { reject: 'cloudtrail:invalid-account-or-region', detail: `${account}/${region}` };
  const time = isoTime(r.eventTime);
  if (time === undefined) return { reject: 'cloudtrail:invalid-time', detail: r.eventTime };
  // The manifest (an escaped JSON string) is not needed: the response carries the digest.
  const tag = str(request, 'imageTag') ?? str(imageId, 'imageTag');
  const digest = str(imageId, 'imageDigest') ?? str(request, 'imageDigest');
  const target = pushTarget(account, region, repository, tag, digest);
  if (target === undefined) return { reject: 'cloudtrail:invalid-repository-name', detail: repository };

  const { actor, host } = principalFromUserIdentity(r.userIdentity);
  const eventId = str(r, 'eventID');
  const signal: PushSignal = {
    kind: 'push',
    id: eventId !== undefined ? stableId(ID, eventId) : stableId(ID, undefined, str(r, 'requestID'), account, region, repository, tag, digest, time),
    rule: ID,
    time,
    source: 'cloudtrail',
    ref: ctx.ref,
    account,
    region,
    ...(host ? { host } : {}),
    ...(actor ? { actor } : {}),
    ...target,
  };
  return signalsOutcome(signal);
}

export const cloudTrailPutImage: Rule<CloudTrailRecord> = {
  id: ID,
  source: 'cloudtrail',
  title: 'Image pushed to Amazon ECR (CloudTrail PutImage)',
  description:
    'A successful ECR PutImage call: the image push of T1612, with the IAM principal that pushed it. A push by a principal or instance outside the approved builders anchors a chain; an EC2 role session names the build host.',
  evaluate: evaluatePutImage,
};
