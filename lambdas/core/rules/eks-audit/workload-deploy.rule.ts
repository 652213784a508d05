/**
 * workload-deploy: a create, update or patch of a Pod, Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, Job or CronJob that carries container images. Objects that built-in controllers
 * create (ReplicaSets of a Deployment, Pods of a ReplicaSet or Job) are deploys too, with the
 * controller as actor: they are when the image actually starts, and they are the only trace of
 * a re-pulled mutable tag. The human or CI principal is on the owner's own deploy signal, which
 * carries the same images. Controllers' updates and patches are ignored by the normalizer.
 */
import type { AuditRecord } from '../../records/eks-audit/audit-record';
import { podHost } from '../../records/eks-audit/node-host';
import { NO_SIGNAL, type Rule, type RuleOutcome, signalsOutcome } from '../rule';
import { deployImages } from './deploy-images';
import { commonFields } from './signal-parts';

const ID = 'workload-deploy';

export const workloadDeployRule: Rule<AuditRecord> = {
  id: ID,
  source: 'eks-audit',
  title: 'Workload created or changed with container images (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob)',
  description:
    'Deploying an image soon after it was built on a host or pushed from outside a pipeline completes the AN1261 chain; the images are matched to build and push signals by digest or repository and tag.',
  evaluate(rec, ctx): RuleOutcome {
    const w = rec.workload;
    if (!w) return NO_SIGNAL;
    const images = deployImages(rec, w.kind, ctx.drop);
    if (images.length === 0) return NO_SIGNAL;
    const host = w.kind === 'Pod' ? podHost(w.namespace, w.name, w.spec?.nodeName) : undefined;
    return signalsOutcome(
      {
        kind: 'deploy',
        ...commonFields(ID, rec, ctx),
        ...(host ? { host } : {}),
        ...(images.length === 1 ? { image: images[0] } : {}),
        images,
        namespace: w.namespace,
        workloadKind: w.kind,
        workloadName: w.name ?? w.generateName ?? '',
        verb: rec.verb,
      },
    );
  },
};
