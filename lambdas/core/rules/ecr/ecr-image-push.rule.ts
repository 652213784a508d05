/**
 * Rule ecr-image-push: an EventBridge "ECR Image Action" with action-type PUSH and result SUCCESS
 * is an image push. Other actions (DELETE, UPDATE_STORAGE_CLASS, REPLICATE …) and FAILED results
 * are counted and dropped. ECR events name no principal, so the signal has no actor.
 */
import type { PushSignal } from '../../model/signal';
import { reasonValue } from '../../records/ecr/fields';
import { pushTarget } from '../../records/ecr/push-target';
import type { EcrImageAction } from '../../records/ecr/types';
import { stableId } from '../../util/hash';
import { type Rule, type RuleContext, type RuleOutcome, signalsOutcome } from '../rule';

const ID = 'ecr-image-push';

function evaluateImageAction(ev: EcrImageAction, ctx: RuleContext): RuleOutcome {
  if (ev.actionType !== 'PUSH') return { ignore: `ecr-event:action-ignored:${reasonValue(ev.actionType)}` };
  if (ev.result !== 'SUCCESS') return { ignore: `ecr-event:result-ignored:${reasonValue(ev.result)}` };
  const target = pushTarget(ev.account, ev.region, ev.repositoryName, ev.imageTag, ev.imageDigest);
  if (target === undefined) return { reject: 'ecr-event:invalid-repository-name', detail: ev.repositoryName };
  // The EventBridge id is unique per event; without it, the push's own facts identify it.
  const id = ev.eventId !== undefined ? stableId(ID, ev.eventId) : stableId(ID, undefined, ev.account, ev.region, ev.repositoryName, ev.imageTag, ev.imageDigest, ev.time);
  const signal: PushSignal = {
    kind: 'push',
    id,
    rule: ID,
    time: ev.time,
    source: 'ecr-event',
    ref: ctx.ref,
    account: ev.account,
    region: ev.region,
    ...target,
  };
  return signalsOutcome(signal);
}

export const ecrImagePush: Rule<EcrImageAction> = {
  id: ID,
  source: 'ecr-event',
  title: 'Image pushed to Amazon ECR (EventBridge ECR Image Action PUSH)',
  description:
    'A successful image push reported by ECR on EventBridge. A push of an image built on a host, soon after the build, is the step of T1612 that makes the image deployable; the push joins the build chain by image digest or repository and tag.',
  evaluate: evaluateImageAction,
};
