/**
 * Signals: the normalized facts every telemetry source is reduced to (DESIGN.md, "Signals").
 * The correlator only ever sees Signals, never raw records.
 */

/** Where a signal came from. */
export type SourceKind = 'eks-audit' | 'vpc-flow' | 'ecr-event' | 'cloudtrail' | 'dockerd' | 'auditd';

/** The kinds of signal. `link` carries entity-resolution facts (pod → node, pod → IP), not evidence. */
export type SignalKind = 'build' | 'egress' | 'push' | 'deploy' | 'link';

/** A host as the source names it; every field optional, the correlator joins on whichever are known. */
export interface HostRef {
  /** EC2 instance id, e.g. i-0123456789abcdef0 */
  instanceId?: string;
  /** Kubernetes node name, e.g. ip-10-0-1-23.us-east-1.compute.internal */
  nodeName?: string;
  /** Private IPv4/IPv6 of the host (flow log srcaddr/pkt-srcaddr, node IP). */
  ip?: string;
  /** Elastic network interface id from flow logs. */
  eni?: string;
  /** Host name as written by a log line (syslog/journald host field). */
  hostname?: string;
  /** Pod, when the signal happened inside a Kubernetes pod. */
  pod?: { namespace: string; name: string };
}

/** Who did it. */
export interface ActorRef {
  /** IAM principal ARN; assumed-role session ARNs normalized to the role ARN. */
  arn?: string;
  /** The raw ARN (e.g. the assumed-role session ARN) when it differs from `arn`. */
  sessionArn?: string;
  /** Role session name (for EC2 roles this is the instance id). */
  sessionName?: string;
  /** Kubernetes user name (e.g. system:serviceaccount:ci:builder, kubernetes-admin). */
  k8sUser?: string;
  /** Kubernetes groups. */
  k8sGroups?: string[];
  /** Local OS user (auditd uid/auid names), if known. */
  osUser?: string;
}

/** How a build was detected. */
export type BuildMethod =
  | 'builder-pod' // a pod running a known image builder (kaniko, buildkit, dind …)
  | 'runtime-socket-mount' // a pod mounting a container-runtime socket or its parent dir
  | 'privileged-builder' // a privileged pod running a builder
  | 'exec-build' // kubectl exec running a build command
  | 'docker-api' // dockerd API: POST /build, /commit, /images/create
  | 'execve'; // auditd EXECVE of a build command

/** What every signal carries. */
export interface SignalBase {
  kind: SignalKind;
  /**
   * Deterministic id: the same source fact always yields the same id, whatever the delivery
   * (redeliveries and repeated audit stages dedupe on it). See `signalId`.
   */
  id: string;
  /** The id of the rule that produced it (lambdas/core/rules/<rule>.rule.ts). */
  rule: string;
  /** Event time (the event's own time), ISO 8601 UTC with milliseconds. */
  time: string;
  source: SourceKind;
  /** Reference to the source record (auditID, CWL event id, file:line, CloudTrail eventID …). */
  ref: string;
  account?: string;
  region?: string;
  /** EKS cluster name, when known. */
  cluster?: string;
  host?: HostRef;
  actor?: ActorRef;
  /** Normalized image reference: registry/repository[:tag][@digest]. */
  image?: string;
}

export interface BuildSignal extends SignalBase {
  kind: 'build';
  method: BuildMethod;
  /** Builder tool recognised (kaniko, buildkit, docker, buildah, podman, img, nerdctl …). */
  tool?: string;
  /** Command line or API call, as evidence (attacker-controlled: escape before display). */
  command?: string;
  namespace?: string;
  /** Pod or workload name. */
  workload?: string;
  privileged?: boolean;
  /** Mounted host paths that gave the build its power (e.g. /var/run/docker.sock). */
  hostPaths?: string[];
}

export interface EgressSignal extends SignalBase {
  kind: 'egress';
  srcIp: string;
  dstIp: string;
  dstPort: number;
  /** IANA protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6). */
  protocol: number;
  bytes: number;
  packets: number;
  /** Number of flow records aggregated into this signal. */
  records: number;
  firstSeen: string;
  lastSeen: string;
  /** Start of the aggregation bucket (ISO). */
  bucket: string;
  /** Destination port other than 80/443. */
  nonStandardPort: boolean;
  /** AWS service named by pkt-dst-aws-service, when present. */
  dstService?: string;
}

export interface PushSignal extends SignalBase {
  kind: 'push';
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export interface DeploySignal extends SignalBase {
  kind: 'deploy';
  /** Every container image (normalized) the workload runs. */
  images: string[];
  namespace: string;
  workloadKind: string;
  workloadName: string;
  verb: string;
}

/** Entity resolution: a pod is on a node (pods/binding) or holds an IP (pods/status). */
export interface LinkSignal extends SignalBase {
  kind: 'link';
  link: 'pod-node' | 'pod-ip';
  pod: { namespace: string; name: string };
  nodeName?: string;
  podIp?: string;
}

export type Signal = BuildSignal | EgressSignal | PushSignal | DeploySignal | LinkSignal;
