/**
 * What Security Lake's OCSF records lose of the fields the rules read, per source: the signal that
 * needs a lost field is simply not produced (or produced with less), never guessed. The same list is
 * in docs/security-lake.md ("What OCSF drops") and `an1261 doctor` prints it as notes for the
 * configured sources. Established from Security Lake's published mappings (ocsf/examples,
 * mappings/markdown/AWS/v1.0.0-rc.2 and v1.1.0) and checked by test/core/sources/ocsf-equivalence.test.ts.
 */
import type { SecurityLakeSource } from '../../model/config';

export interface OcsfGap {
  source: SecurityLakeSource;
  /** Stable id, for tests and `doctor --json`. */
  id: string;
  /** The native field (and where OCSF puts it, if anywhere). */
  field: string;
  /** The rules or signal fields affected. */
  affects: string;
  /** What is lost, and when. */
  effect: string;
  /** What reading the native source instead gives. */
  native: string;
}

export const OCSF_GAPS: readonly OcsfGap[] = [
  {
    source: 'EKS_AUDIT',
    id: 'eks-audit.request-object-flattened',
    field: 'requestObject / responseObject (OCSF 1.1.0: api.request.containers[] name+image+mount paths; everything else flattened into `unmapped`, array values comma-joined)',
    affects: 'builder-pod, privileged-builder, runtime-socket-mount, workload-deploy, pod-status, pod-end, pod-binding',
    effect:
      'a member present in only some elements of a list (e.g. securityContext.privileged on one of two containers, hostPath on one of two volumes, env values from secrets) cannot be laid back on its element and is left out; ' +
      'nested lists (command, args, volumeMounts) are kept only when their parent list has a single element; a value containing a comma is split in two. ' +
      'So in multi-container pods the builder command/destination, privilege and runtime-socket mount may be missed, and a JSON-patch request body is lost (counted as dropped `ocsf:ambiguous-unmapped`).',
    native: 'the whole requestObject and responseObject as the API server logged them',
  },
  {
    source: 'EKS_AUDIT',
    id: 'eks-audit.cluster-name',
    field: 'cluster (natively the log group /aws/eks/<cluster>/cluster; OCSF: `unmapped.eks_cluster_name` when present)',
    affects: 'the `cluster` of every EKS signal and finding',
    effect: 'rows without `unmapped.eks_cluster_name` yield signals with no cluster; detection is unchanged, findings do not name the cluster',
    native: 'the cluster from the log group name',
  },
  {
    source: 'EKS_AUDIT',
    id: 'eks-audit.resource-type',
    field: 'objectRef.resource + objectRef.subresource (OCSF: resources[].type, the two concatenated)',
    affects: 'exec-build (pods/exec), pod-binding (pods/binding), pod-status and pod-end (pods/status), ephemeral containers',
    effect: 'split again on "/" or on a known subresource suffix (podsexec → pods + exec); a custom resource whose plural ends in a subresource name after an "s" could be misread',
    native: 'resource and subresource as separate fields',
  },
  {
    source: 'EKS_AUDIT',
    id: 'eks-audit.request-uri-query',
    field: 'requestURI (OCSF: http_request.url.path)',
    affects: 'exec-build (the command is the `command=` query parameters)',
    effect: 'the published mapping copies requestURI whole; if a record carries only the path (no `?command=…`), exec-build cannot see the command and raises nothing',
    native: 'the full requestURI with the query',
  },
  {
    source: 'EKS_AUDIT',
    id: 'eks-audit.account',
    field: 'the cluster account (natively the CloudWatch Logs owner; OCSF cloud.account.uid holds user.extra.arn, an ARN)',
    affects: 'the `account` of every EKS signal (member-account overrides)',
    effect: 'taken from the Security Lake object key (accountId=…), not from the row',
    native: 'the log group owner account',
  },
  {
    source: 'EKS_AUDIT',
    id: 'eks-audit.source-version-1',
    field: 'the whole source',
    affects: 'every EKS audit rule',
    effect: 'Security Lake source version 1 (OCSF 1.0.0-rc.2) has no EKS audit source: only version 2 delivers it',
    native: 'the EKS audit log group',
  },
  {
    source: 'VPC_FLOW',
    id: 'vpc-flow.interface-without-direction',
    field: 'interface-id, instance-id, vpc-id, subnet-id (OCSF: on src_endpoint for egress, dst_endpoint for ingress)',
    affects: 'instance-ip, untrusted-egress (host.instanceId / host.eni)',
    effect: 'read from the endpoint the direction names; a record with direction Unknown is read from whichever endpoint names an interface',
    native: 'the columns themselves, whatever the direction',
  },
  {
    source: 'VPC_FLOW',
    id: 'vpc-flow.end-time',
    field: 'end (OCSF: end_time in 1.0.0-rc.2, end_time_dt in 1.1.0)',
    affects: 'untrusted-egress lastSeen',
    effect: 'a 1.1.0 record without end_time_dt has lastSeen = firstSeen',
    native: 'the end column',
  },
  {
    source: 'CLOUD_TRAIL_MGMT',
    id: 'cloudtrail.put-image-none-known',
    field: 'PutImage: eventSource, eventName, eventTime, eventID, userIdentity, requestParameters, responseElements, awsRegion, recipientAccountId',
    affects: 'cloudtrail-put-image',
    effect: 'no loss known: every field the rule reads has an OCSF attribute (requestParameters/responseElements as api.request.data/api.response.data in 1.1.0, flattened `unmapped` keys in 1.0.0-rc.2)',
    native: 'the same fields',
  },
  {
    source: 'CLOUD_TRAIL_MGMT',
    id: 'cloudtrail.run-instances-flattened',
    field:
      'RunInstances responseElements.instancesSet (source version 2, OCSF 1.1.0: whole, as JSON in api.response.data; source version 1, OCSF 1.0.0-rc.2: flattened into `unmapped`, the values of all launched instances comma-joined)',
    affects: 'cloudtrail-run-instances (instance ↔ private IP at launch, for approvedBuilders.hosts)',
    effect:
      'version 1 only, in a launch of several instances: each instance keeps its primary private IP (paired with its instanceId by position), but the secondary IPv4 and the IPv6 addresses of its network interfaces cannot be laid back on their instance and are left out (counted as dropped `ocsf:ambiguous-unmapped`); ' +
      'a primary IP that not every instance reports is left out for all (no link: `cloudtrail:run-instances-unreadable`). Those hosts are still resolved by their flow logs (instance-ip), minutes after launch. A one-instance launch, and every version-2 row, loses nothing the rule reads.',
    native: 'every private address of every launched instance, at launch',
  },
];

/** The gaps of the configured sources, in list order. */
export function ocsfGapsOf(sources: readonly SecurityLakeSource[]): OcsfGap[] {
  return OCSF_GAPS.filter((g) => sources.includes(g.source));
}
