/**
 * runtime-socket-mount: a pod (or a controller's pod template) mounting the node's container
 * runtime socket or a directory that holds one. Such a pod drives the node's runtime directly:
 * it can build, tag and run images there. Mounts of other host paths (/etc) are not this.
 */
import type { Signal } from '../../model/signal';
import type { AuditRecord } from '../../sources/eks-audit/audit-record';
import type { Rule } from '../rule';
import { podBuilderOf } from './pod-builder';
import { runtimeMounts } from './runtime-socket';
import { buildTarget, workloadBuildSignal } from './workload-build';

const ID = 'runtime-socket-mount';

export const runtimeSocketMountRule: Rule<AuditRecord> = {
  id: ID,
  source: 'eks-audit',
  title: 'Pod mounts a container-runtime socket (docker.sock, containerd.sock …) or its parent directory',
  description:
    'A hostPath mount of docker.sock, containerd.sock, buildkitd.sock, crio.sock or podman.sock (or of /var/run, /run, /) lets the pod build images with the node runtime, bypassing build pipelines and registry controls (T1612).',
  evaluate(rec, ctx): Signal[] {
    const target = buildTarget(rec);
    const mounts = target && runtimeMounts(target.spec);
    if (!target || !mounts) return [];
    const builder = podBuilderOf(target.spec);
    const privileged = target.spec.containers.some((c) => c.privileged);
    return [
      workloadBuildSignal(ID, 'runtime-socket-mount', rec, ctx, target, {
        tool: builder?.tool ?? mounts.runtime,
        image: builder?.destination,
        command: builder?.command,
        privileged,
        hostPaths: mounts.hostPaths,
      }),
    ];
  },
};
