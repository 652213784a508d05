/**
 * runtime-socket-mount: a pod (or a controller's pod template) mounting the node's container
 * runtime socket or a directory that holds one. Such a pod *can* drive the node's runtime (build,
 * tag and run images there), but so do the monitoring DaemonSets on every node (Datadog, New Relic,
 * Sysdig, Dynatrace, cAdvisor, Falco read container metadata through docker.sock): the mount is a
 * `capability` signal, evidence that joins a chain when a build happens through it, never a build
 * and never a page on its own. Builds are reported by builder-pod / privileged-builder (a builder
 * image or build command in the pod) and exec-build; a builder pod that also mounts the socket
 * yields both its build and this capability.
 *
 * `owner` names the workload, so the pods of one DaemonSet are one capability (workload-owner.ts):
 *  - a pod: its controller from `metadata.ownerReferences` (`controller: true` first), a ReplicaSet
 *    reported as its Deployment (`web-7d9f8c6b5d` → Deployment `web`);
 *  - a pod without ownerReferences but with `generateName`: kind Pod, the generateName without its
 *    trailing dash (`runner-x1-` → `runner-x1`); with neither, the pod itself;
 *  - a workload object (DaemonSet, Deployment … template write): its own controller when it has
 *    one (a ReplicaSet or Job a controller created), else the object itself.
 * Mounts of other host paths (/etc) are not this.
 */
import type { CapabilitySignal } from '../../model/signal';
import type { AuditRecord } from '../../records/eks-audit/audit-record';
import { podHost } from '../../records/eks-audit/node-host';
import { NO_SIGNAL, type Rule, type RuleOutcome, signalsOutcome } from '../rule';
import { runtimeMounts } from './runtime-socket';
import { commonFields } from './signal-parts';
import { buildTarget } from './workload-build';
import { workloadOwner } from './workload-owner';

const ID = 'runtime-socket-mount';

export const runtimeSocketMountRule: Rule<AuditRecord> = {
  id: ID,
  source: 'eks-audit',
  title: 'Pod mounts a container-runtime socket (docker.sock, containerd.sock …) or its parent directory',
  description:
    'A hostPath mount of docker.sock, containerd.sock, buildkitd.sock, crio.sock or podman.sock (or of /var/run, /run, /) lets the pod build images with the node runtime, bypassing build pipelines and registry controls (T1612). ' +
    'Monitoring agents mount it too, so this is a capability of the workload, evidence for a build seen through it, not a build.',
  evaluate(rec, ctx): RuleOutcome {
    const target = buildTarget(rec);
    const mounts = target && runtimeMounts(target.spec);
    if (!target || !mounts) return NO_SIGNAL;
    const { workload, spec } = target;
    // A Deployment or DaemonSet is no place: only a pod has a host.
    const host = workload.kind === 'Pod' ? podHost(workload.namespace, workload.name, spec.nodeName) : undefined;
    const signal: CapabilitySignal = {
      kind: 'capability',
      ...commonFields(ID, rec, ctx),
      capability: 'runtime-socket',
      namespace: workload.namespace,
      owner: workloadOwner(rec, workload),
      hostPaths: mounts.hostPaths,
      privileged: spec.containers.some((c) => c.privileged),
    };
    if (mounts.runtime) signal.runtime = mounts.runtime;
    if (host) signal.host = host;
    return signalsOutcome(signal);
  },
};
