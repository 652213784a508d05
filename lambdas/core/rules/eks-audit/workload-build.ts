/**
 * Shared shape of the pod-level build signals (builder-pod, privileged-builder,
 * runtime-socket-mount): which writes count (pod creates and `kubectl debug` ephemeral containers;
 * creates, updates and patches of controllers' pod templates) and how the pod becomes a host.
 */
import type { BuildMethod, BuildSignal } from '../../model/signal';
import type { AuditRecord, WorkloadView } from '../../records/eks-audit/audit-record';
import { podHost } from '../../records/eks-audit/node-host';
import type { PodSpecView } from '../../records/eks-audit/pod-spec';
import type { RuleContext } from '../rule';
import { commonFields } from './signal-parts';

export interface BuildTarget {
  workload: WorkloadView;
  spec: PodSpecView;
}

/** The workload whose pod spec a build rule reads, or undefined for writes that start no pod. */
export function buildTarget(rec: AuditRecord): BuildTarget | undefined {
  const w = rec.workload;
  if (!w?.spec) return undefined;
  // A pod's containers are fixed at create; later pod updates only change images or metadata.
  if (w.kind === 'Pod' && rec.verb !== 'create' && rec.subresource !== 'ephemeralcontainers') return undefined;
  return { workload: w, spec: w.spec };
}

/** A build signal of a workload; `host` only for pods (a Deployment is no place). */
export function workloadBuildSignal(
  rule: string,
  method: BuildMethod,
  rec: AuditRecord,
  ctx: RuleContext,
  target: BuildTarget,
  facts: Pick<BuildSignal, 'tool' | 'image' | 'command' | 'privileged' | 'hostPaths' | 'noPush'>,
): BuildSignal {
  const { workload, spec } = target;
  const workloadName = workload.name ?? workload.generateName;
  const host = workload.kind === 'Pod' ? podHost(workload.namespace, workload.name, spec.nodeName) : undefined;
  return {
    kind: 'build',
    ...commonFields(rule, rec, ctx),
    method,
    ...(host ? { host } : {}),
    ...(facts.image ? { image: facts.image } : {}),
    ...(facts.tool ? { tool: facts.tool } : {}),
    ...(facts.command ? { command: facts.command } : {}),
    namespace: workload.namespace,
    ...(workloadName ? { workload: workloadName } : {}),
    ...(facts.privileged !== undefined ? { privileged: facts.privileged } : {}),
    ...(facts.hostPaths ? { hostPaths: facts.hostPaths } : {}),
    ...(facts.noPush !== undefined ? { noPush: facts.noPush } : {}),
  };
}
