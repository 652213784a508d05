/**
 * One scenario's world: a cluster, its nodes and pods, and the raw records every source writes about
 * them (audit events, flow records, ECR events, CloudTrail records, host logs), emitted as files.
 */
import { ACCOUNT, REGION } from './base-config';
import type { Rng } from './rng';
import type { ScenarioFile } from './types';
import { execRecords, type ExecEvent } from './formats/auditd';
import { type Caller, putImageRecord, trailFile, trailName } from './formats/cloudtrail';
import { type DockerdLine, type DockerdStyle, formatDockerd, hostLogPayload } from './formats/dockerd';
import { ecrEventsFile, ecrImageAction } from './formats/ecr-events';
import { type AuditEvent, type AuditFileShape, type AuditUser, auditLogFile, auditMs, kubeletUser } from './formats/eks-audit';
import { type PodArgs, binding, execSession, podCreate, podStatus } from './formats/k8s';
import { type Flow, type FlowFormat, flowLogFile, flowLogName } from './formats/vpc-flow';
import { type WorkloadWrite, workloadWrite } from './formats/workloads';

export interface Node {
  name: string;
  ip: string;
  instanceId: string;
  eni: string;
  kubelet: AuditUser;
}

export interface EnvOptions {
  cluster: string;
  flowFormat: FlowFormat;
  auditShape?: AuditFileShape;
  trailGzip?: boolean;
  /** Flow-log objects gzipped as S3 delivers them (default) or plain. */
  flowGzip?: boolean;
}

export const MIN = 60_000;

export class Env {
  readonly audit: AuditEvent[] = [];
  readonly flows: Flow[] = [];
  readonly ecr: Record<string, unknown>[] = [];
  readonly trail: Record<string, unknown>[] = [];
  readonly hostLogs = new Map<string, { group: string; stream: string; plain?: string; messages: Array<{ at: number; message: string }> }>();
  readonly account = ACCOUNT;
  readonly region = REGION;
  private readonly usedIps = new Set<string>();

  constructor(
    readonly rng: Rng,
    readonly t0: number,
    readonly opts: EnvOptions,
  ) {}

  at(minutes: number): number {
    return this.t0 + Math.round(minutes * MIN);
  }

  /** A node in subnet 10.0.<subnet>.0/24, named the EKS way (ip-10-0-s-n.ec2.internal). */
  node(subnet: number): Node {
    const ip = this.freeIp(subnet);
    const name = `ip-${ip.replace(/\./g, '-')}.ec2.internal`;
    const instanceId = this.rng.instanceId();
    return { name, ip, instanceId, eni: this.rng.eni(), kubelet: kubeletUser(this.account, name, instanceId) };
  }

  freeIp(subnet: number): string {
    for (;;) {
      const ip = `10.0.${subnet}.${this.rng.int(4, 250)}`;
      if (!this.usedIps.has(ip)) {
        this.usedIps.add(ip);
        return ip;
      }
    }
  }

  podIp(node: Node): string {
    return this.freeIp(Number(node.ip.split('.')[2]));
  }

  /**
   * A pod's life: create, binding (unless its spec names the node), kubelet Running status with its IPs, and (when `end` is given)
   * the kubelet status that every container terminated. Returns the pod's IPs.
   */
  runPod(user: AuditUser, p: PodArgs, node: Node, at: number, o: { ips?: string[]; end?: { at: number; phase: 'Succeeded' | 'Failed' }; agent?: string } = {}): string[] {
    const ips = o.ips ?? [p.hostNetwork ? node.ip : this.podIp(node)];
    const bound = at + this.rng.int(150, 900);
    this.audit.push(podCreate(this.rng, user, p, at, o.agent ? { agent: o.agent } : {}));
    // A pod created with spec.nodeName runs there without the scheduler binding it.
    if (p.nodeName === undefined) this.audit.push(binding(this.rng, p.namespace, p.name, node.name, bound));
    if (!p.hostNetwork) this.audit.push(podStatus(this.rng, node.kubelet, p.namespace, p.name, bound + this.rng.int(1500, 6000), { phase: 'Running', ips, hostIp: node.ip }));
    if (o.end) this.audit.push(podStatus(this.rng, node.kubelet, p.namespace, p.name, o.end.at, { phase: o.end.phase, containers: p.containers.map((c) => c.name) }));
    return ips;
  }

  exec(user: AuditUser, namespace: string, pod: string, container: string, argv: string[], start: number, end: number, verb: 'get' | 'create' = 'get'): void {
    this.audit.push(...execSession(this.rng, user, namespace, pod, container, argv, start, end, verb));
  }

  deploy(user: AuditUser, w: WorkloadWrite): void {
    this.audit.push(workloadWrite(this.rng, user, w));
  }

  /**
   * A connection from `src` (on `node`'s ENI) to `dst`: 1-minute records of the outbound side (SYN
   * in the first) and of the replies (SYN-ACK), over `minutes`.
   */
  connect(node: Pick<Node, 'eni' | 'instanceId'>, src: string, dst: string, dstPort: number, start: number, o: { minutes?: number; bytes?: number; service?: string; protocol?: number } = {}): void {
    const minutes = o.minutes ?? 1;
    const srcPort = this.rng.int(32768, 60999);
    const protocol = o.protocol ?? 6;
    const total = o.bytes ?? this.rng.int(20_000, 4_000_000);
    for (let i = 0; i < minutes; i++) {
      const s = start + i * MIN;
      const bytes = Math.max(60, Math.round(total / minutes));
      const first = i === 0;
      const common = { eni: node.eni, instanceId: node.instanceId, protocol, start: s, end: s + MIN };
      this.flows.push({ ...common, src, dst, srcPort, dstPort, packets: Math.ceil(bytes / 900), bytes, tcpFlags: first ? 2 : i === minutes - 1 ? 1 : 0, direction: 'egress', ...(o.service ? { dstService: o.service } : {}) });
      this.flows.push({ ...common, src: dst, dst: src, srcPort: dstPort, dstPort: srcPort, packets: Math.ceil(bytes / 1400), bytes: Math.round(bytes * 1.7), tcpFlags: first ? 18 : 0, direction: 'ingress', ...(o.service ? { srcService: o.service } : {}) });
    }
  }

  /** An ECR push as EventBridge reports it; returns the digest. */
  ecrPush(repository: string, tag: string | undefined, at: number, digest = this.rng.digest()): string {
    this.ecr.push(ecrImageAction({ id: this.rng.uuid(), account: this.account, region: this.region, repository, ...(tag ? { tag } : {}), digest, at }));
    return digest;
  }

  putImage(caller: Caller, repository: string, tag: string | undefined, digest: string, at: number, sourceIp?: string): void {
    this.trail.push(putImageRecord(this.rng, { caller, repository, ...(tag ? { tag } : {}), digest, at, ...(sourceIp ? { sourceIp } : {}) }));
  }

  /** dockerd lines of a host, in the CloudWatch stream named by its instance id (or a plain file when `plain` names it). */
  dockerd(stream: string, style: DockerdStyle, lines: DockerdLine[], o: { hostname?: string; plain?: string } = {}): void {
    this.hostLog('/ec2/dockerd', stream, o.plain, lines.map((l) => ({ at: l.at, message: formatDockerd(l, style, o.hostname) })));
  }

  auditd(stream: string, events: ExecEvent[], plain?: string): void {
    this.hostLog('/ec2/auditd', stream, plain, events.flatMap((e) => execRecords(e).map((message) => ({ at: e.at, message }))));
  }

  private hostLog(group: string, stream: string, plain: string | undefined, messages: Array<{ at: number; message: string }>): void {
    const key = `${group}|${stream}|${plain ?? ''}`;
    const entry = this.hostLogs.get(key) ?? { group, stream, ...(plain ? { plain } : {}), messages: [] };
    entry.messages.push(...messages);
    this.hostLogs.set(key, entry);
  }

  auditFile(events: readonly AuditEvent[], shape = this.opts.auditShape ?? 'cwl'): string {
    return auditLogFile(this.rng, this.account, this.opts.cluster, events, shape);
  }

  /** Flow records cut into hourly S3 objects, each listed in record order. */
  flowFiles(flows: readonly Flow[] = this.flows, dir = '2-flow'): ScenarioFile[] {
    const byHour = new Map<number, Flow[]>();
    for (const f of [...flows].sort((a, b) => a.start - b.start)) {
      const hour = Math.floor(f.start / (60 * MIN));
      byHour.set(hour, [...(byHour.get(hour) ?? []), f]);
    }
    const gzip = this.opts.flowGzip ?? true;
    return [...byHour.entries()].map(([hour, list]) => ({ path: `${dir}/${flowLogName(this.account, hour * 60 * MIN, this.rng.hex(8), gzip)}`, content: flowLogFile(this.opts.flowFormat, this.account, list, { gzip }) }));
  }

  /** Every source's records as files, in the usual delivery layout; audit events cut into deliveries at `auditCuts`. */
  files(auditCuts: number[] = []): ScenarioFile[] {
    const out: ScenarioFile[] = [];
    const bounds = [-Infinity, ...auditCuts, Infinity];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const part = this.audit.filter((e) => auditMs(e) >= bounds[i]! && auditMs(e) < bounds[i + 1]!);
      if (part.length) out.push({ path: `1-eks/${this.opts.cluster}-audit-${i}.json`, content: this.auditFile(part) });
    }
    out.push(...this.flowFiles());
    for (const h of this.hostLogs.values()) {
      const messages = [...h.messages].sort((a, b) => a.at - b.at);
      out.push(h.plain ? { path: `3-host/${h.plain}`, content: `${messages.map((m) => m.message).join('\n')}\n` } : { path: `3-host/${h.stream}${h.group.replace(/\//g, '_')}.json`, content: hostLogPayload(this.account, h.group, h.stream, messages) });
    }
    if (this.ecr.length) out.push({ path: '4-ecr/ecr-image-actions.jsonl', content: ecrEventsFile(this.ecr) });
    if (this.trail.length) {
      const gzip = this.opts.trailGzip ?? true;
      out.push({ path: `5-cloudtrail/${trailName(this.account, this.t0, this.rng.hex(16).toUpperCase(), gzip)}`, content: trailFile(this.trail, gzip) });
    }
    return out;
  }
}
