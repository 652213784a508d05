/**
 * Signals: the normalized facts every telemetry source is reduced to (DESIGN.md, "Signals").
 * The correlator only ever sees Signals, never raw records.
 */

/** Where a signal came from. */
export type SourceKind = 'eks-audit' | 'vpc-flow' | 'ecr-event' | 'cloudtrail' | 'dockerd' | 'auditd';

/**
 * The kinds of signal. `link` carries entity-resolution facts (pod → node, pod → IP, pod ended,
 * instance → IP), not evidence; `capability` says a workload *can* build (it never anchors a chain);
 * `scan` is an ECR image scan result (never an anchor, never evidence on its own: it only tells
 * whether a deploy of the chain's image had been scanned, see `requireScanBeforeDeploy`).
 */
export type SignalKind = 'build' | 'egress' | 'push' | 'deploy' | 'link' | 'capability' | 'scan';

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
  /**
   * The account whose hosts this signal's host names (see `accountScopeOf`): set by the ingest
   * pipeline only when several accounts are read, so that 10.0.1.23 of one account never meets
   * 10.0.1.23 of another. Host, pod and node state keys carry it; images and principals are global.
   */
  scope?: string;
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
  /** Builder tool recognised (kaniko, buildkit, docker, buildah, podman, img, nerdctl, pack, buildpacks, ko, jib, skaffold …). */
  tool?: string;
  /** Command line or API call, as evidence (attacker-controlled: escape before display). */
  command?: string;
  namespace?: string;
  /** Pod or workload name. */
  workload?: string;
  privileged?: boolean;
  /** Mounted host paths that gave the build its power (e.g. /var/run/docker.sock). */
  hostPaths?: string[];
  /**
   * End of the build's interval when the source says it (`time` is its start): the exec session's
   * ResponseComplete, a builder pod's completion comes later as a `pod-end` link instead.
   */
  endTime?: string;
  /**
   * The build says it does not push (kaniko `--no-push`, buildx `--load`/`--output type=docker|local|tar`,
   * buildctl output without `push=true`): a push of the same tag is somebody else's, unless digests match.
   */
  noPush?: boolean;
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

/**
 * Entity resolution, kept while the entity lives (DESIGN.md, "Entity resolution"):
 *  - `pod-node`: a pod is on a node (pods/binding, or created with spec.nodeName);
 *  - `pod-ip`: a pod holds an IP (kubelet pods/status);
 *  - `pod-end`: a pod stopped running (phase Succeeded/Failed, every container terminated, or the pod
 *    deleted) at `time`: the end of a builder pod's build interval;
 *  - `instance-ip`: an EC2 instance holds a private IP (flow logs v3+ `instance-id` with `srcaddr`),
 *    from every flow record, trusted or not.
 */
export interface PodLinkSignal extends SignalBase {
  kind: 'link';
  link: 'pod-node' | 'pod-ip' | 'pod-end';
  pod: { namespace: string; name: string };
  nodeName?: string;
  podIp?: string;
  /** pod-end: why the pod is considered ended (Succeeded, Failed, terminated, deleted). */
  reason?: string;
}

export interface InstanceLinkSignal extends SignalBase {
  kind: 'link';
  link: 'instance-ip';
  instanceId: string;
  ip: string;
}

export type LinkSignal = PodLinkSignal | InstanceLinkSignal;

/**
 * A workload that *can* build on its node: a hostPath mount of a container-runtime socket (or a
 * directory holding one) without a builder image or build command. Never an anchor and never a
 * page on its own; it joins a chain as evidence when a build happens through it (an exec build in
 * the pod, a dockerd build on its node, a push from its node). `owner` names the controller, so
 * the 200 pods of one DaemonSet are one workload.
 */
export interface CapabilitySignal extends SignalBase {
  kind: 'capability';
  capability: 'runtime-socket';
  namespace: string;
  /** The controller (DaemonSet, Deployment …) when the pod has one, else the pod or workload itself. */
  owner: { kind: string; name: string };
  hostPaths: string[];
  /** The runtime the mount exposes, when one fits (docker, containerd, buildkit, cri-o, podman). */
  runtime?: string;
  privileged: boolean;
}

/** Which scanner reported an image scan: ECR basic scanning, or Amazon Inspector enhanced scanning. */
export type ScanScanner = 'ecr-basic' | 'inspector';

/**
 * An ECR image scan finished: EventBridge "ECR Image Scan" (basic scanning) or "Inspector2 Scan"
 * (enhanced scanning). Stored under the image's digest and each of its tags; read only when a
 * chain's deploy is graded (`requireScanBeforeDeploy`). A `failed` scan is no scan result.
 */
export interface ScanSignal extends SignalBase {
  kind: 'scan';
  registry: string;
  repository: string;
  digest?: string;
  /** The image's tags when it was scanned (attacker-influenced: whoever pushes chooses them). */
  tags?: string[];
  status: 'complete' | 'failed';
  scanner: ScanScanner;
  /** Vulnerability counts per severity (CRITICAL, HIGH …) as the scanner reported them. */
  severityCounts?: Record<string, number>;
}

export type Signal = BuildSignal | EgressSignal | PushSignal | DeploySignal | LinkSignal | CapabilitySignal | ScanSignal;
