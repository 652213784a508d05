/**
 * builder-pod: a pod (or a controller's pod template) that runs a known image builder. A builder
 * with a privileged container is reported by privileged-builder instead, so one pod yields one
 * builder signal, with the stronger method.
 */
import type { AuditRecord } from '../../records/eks-audit/audit-record';
import { NO_SIGNAL, type Rule, type RuleOutcome, signalsOutcome } from '../rule';
import { podBuilderOf } from './pod-builder';
import { buildTarget, workloadBuildSignal } from './workload-build';

const ID = 'builder-pod';

export const builderPodRule: Rule<AuditRecord> = {
  id: ID,
  source: 'eks-audit',
  title: 'Pod or workload runs an image builder (kaniko, buildkit, dind, buildah, podman, img, buildpacks, ko, jib, skaffold)',
  description:
    'An image builder started through the Kubernetes API builds images on a cluster node, outside an approved pipeline unless its actor, namespace or node is approved (T1612). The destination image (kaniko --destination, buildctl --output name=, build -t, the pack or CNB lifecycle image argument of kpack and Tekton builds) links the build to its push and deploy.',
  evaluate(rec, ctx): RuleOutcome {
    const target = buildTarget(rec);
    const builder = target && podBuilderOf(target.spec);
    if (!target || !builder || builder.privileged) return NO_SIGNAL;
    return signalsOutcome(
      workloadBuildSignal(ID, 'builder-pod', rec, ctx, target, {
        tool: builder.tool,
        image: builder.destination,
        command: builder.command,
        noPush: builder.noPush,
        privileged: false,
      }),
    );
  },
};
