/**
 * privileged-builder: a pod whose image builder runs privileged (privileged: true, or privilege
 * escalation with SYS_ADMIN). It replaces builder-pod for that pod: one signal, stronger method.
 * A privileged container that builds nothing (the corpus's privileged nginx) is not reported here.
 */
import type { AuditRecord } from '../../records/eks-audit/audit-record';
import { NO_SIGNAL, type Rule, type RuleOutcome, signalsOutcome } from '../rule';
import { podBuilderOf } from './pod-builder';
import { buildTarget, workloadBuildSignal } from './workload-build';

const ID = 'privileged-builder';

export const privilegedBuilderRule: Rule<AuditRecord> = {
  id: ID,
  source: 'eks-audit',
  title: 'Privileged container runs an image builder (docker:dind, buildkitd, privileged kaniko …)',
  description:
    'A privileged builder can build and run images directly against the node (its kernel, mounts and runtime), the strongest form of building an image on the host (T1612).',
  evaluate(rec, ctx): RuleOutcome {
    const target = buildTarget(rec);
    const builder = target && podBuilderOf(target.spec);
    if (!target || !builder?.privileged) return NO_SIGNAL;
    return signalsOutcome(
      workloadBuildSignal(ID, 'privileged-builder', rec, ctx, target, {
        tool: builder.tool,
        image: builder.destination,
        command: builder.command,
        noPush: builder.noPush,
        privileged: true,
      }),
    );
  },
};
