/**
 * A deterministic two-week environment of a mid-sized company on AWS (account 111122223333,
 * us-east-1), in the raw formats the product reads, to benchmark and test `an1261 replay` on:
 *
 *  - EKS audit of two clusters (`prod-cluster`, `platform-cluster`) as decoded CloudWatch Logs
 *    subscription payloads (log group `/aws/eks/<cluster>/cluster`, stream `kube-apiserver-audit-…`),
 *    one payload per cluster and hour, one payload per line, gzipped;
 *  - VPC flow logs as S3 delivers them (custom v5 format, header line, gzip, one object per hour);
 *  - CloudTrail log files (`{"Records":[…]}`, gzip, one per hour) with ECR PutImage among pulls,
 *    token fetches, STS and EC2 calls;
 *  - ECR `ECR Image Action` events as archived from EventBridge (JSON lines);
 *  - dockerd debug lines of three CI runner instances (10.0.200.0/24) shipped by the CloudWatch agent
 *    (log group `/ec2/dockerd`, stream = instance id, journald prefix naming the host).
 *
 * Ordinary production: controller and GitOps reads, kubelet pod status, Argo CD rolling out CI-built
 * images, HPA scaling, CronJobs, node churn (drain, replacement, DaemonSet pods), monitoring agents
 * mounting docker.sock on every node and talking to their SaaS intake, image pulls (ECR API, S3),
 * DNS and east-west traffic, app egress to payment/e-mail SaaS, load-balancer replies, rejected scans;
 * CI builds with kaniko in namespace `ci` and on the CI runners, pushing daily.
 *
 * Exactly one attack, on `attackDay` (default: day 9, or the last day of a shorter run): a developer
 * runs a kaniko pod in namespace `payments` of prod-cluster at 13:51 UTC, it talks to a C2 address on
 * port 4444, the image is pushed (node instance role) at 14:01 and rolled out at 14:07 — the build in
 * one hour, push and deploy in the next, so the chain spans files in both layouts: one CRITICAL finding.
 *
 * Layouts (identical records; only the grouping into files differs, each file in time order):
 *  - `by-hour`:   `YYYY/MM/DD/HH/` holding that hour's file of every source;
 *  - `by-source`: the README's example: `audit-<cluster>.jsonl.gz`, `cloudtrail/…`, `dockerd/<instance>.jsonl.gz`,
 *                 `ecr-events.jsonl`, `flow/…`.
 *
 * CLI: `npx tsx samples/two-weeks/generate.ts <dir> [--days N] [--layout by-hour|by-source] [--seed N]
 *       [--start YYYY-MM-DD] [--attack-day N] [--noise full|light]` (writes the files, prints the manifest as JSON).
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { createGzip, gzipSync, type Gzip } from 'node:zlib';
import { AGENTS, type Agent } from '../../test/scenarios/agents';
import { otherRecord, putImageRecord, type Caller } from '../../test/scenarios/formats/cloudtrail';
import { buildCall, formatDockerd, noiseCall, pushCall } from '../../test/scenarios/formats/dockerd';
import { ecrImageAction } from '../../test/scenarios/formats/ecr-events';
import { type AuditEvent, type AuditUser, auditEvent, controller, iamUser, kubeletUser, serviceAccount } from '../../test/scenarios/formats/eks-audit';
import { type ContainerSpec, type PodArgs, binding, execSession, podCreate, podDelete, podStatus, readEvent } from '../../test/scenarios/formats/k8s';
import { V5_CUSTOM_FIELDS, type Flow } from '../../test/scenarios/formats/vpc-flow';
import { scalePatch, workloadWrite } from '../../test/scenarios/formats/workloads';
import { Rng } from '../../test/scenarios/rng';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const REGISTRY = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
export const CLUSTERS = ['prod-cluster', 'platform-cluster'] as const;
export type ClusterName = (typeof CLUSTERS)[number];
export type Layout = 'by-hour' | 'by-source';
export type SourceName = 'eks-audit' | 'vpc-flow' | 'cloudtrail' | 'ecr-events' | 'dockerd';

export interface TwoWeekOptions {
  /** Number of days (default 14). */
  days?: number;
  layout: Layout;
  /** PRNG seed (default 1261). */
  seed?: number;
  /** First day, UTC (default 2026-11-02, a Monday). */
  startDate?: string;
  /** 0-based day of the attack (default: 8, the ninth day, or the last day when `days` < 9). */
  attackDay?: number;
  /**
   * `full` (default) or `light`: the same world, deploys, node churn and attack, with a fifth of the
   * background (smaller clusters, no control-plane reads, fewer flows, CloudTrail reads, kubelet
   * reports, CronJob runs and HPA scaling) and a third of the CI builds (still several a day) — for tests that backtest two
   * weeks more than once.
   */
  noise?: 'full' | 'light';
}

export interface ExpectedFinding {
  severity: 'CRITICAL';
  host: string;
  image: string;
  stages: Array<'build' | 'egress' | 'push' | 'deploy'>;
  namespace: string;
  cluster: ClusterName;
  actor: string;
  /** The kaniko pod's creation, the PutImage, the Deployment patch (the finding's first seen may be earlier: the node's other egress within timeWindowMinutes before the build joins too). */
  buildAt: string;
  pushAt: string;
  deployAt: string;
}

export interface Manifest {
  dir: string;
  layout: Layout;
  seed: number;
  startDate: string;
  days: number;
  attackDay: number;
  files: string[];
  records: Record<SourceName, number> & { total: number };
  /** Records per source and cluster for EKS audit. */
  auditByCluster: Record<ClusterName, number>;
  bytes: Record<SourceName, number> & { total: number };
  /** Approved CI builds that pushed (kaniko in namespace ci, CI runners). */
  ciBuilds: number;
  expectedFindings: ExpectedFinding[];
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------
// Output: one writer per layout. Records are handed over per hour, per source and file key, in
// time order; the writer groups them into files.
// ---------------------------------------------------------------------------------------------

interface HourOutput {
  hourStart: number;
  /** One CloudWatch Logs payload (a JSON line) per cluster. */
  audit: Map<ClusterName, string>;
  /** Flow records (lines, without header), the S3 object's hash. */
  flow: { lines: string[]; hash: string };
  trail: { records: Array<Record<string, unknown>>; hash: string };
  ecr: string[];
  /** One CloudWatch Logs payload (a JSON line) per runner instance. */
  dockerd: Map<string, string>;
}

const FLOW_LOG_ID = 'fl-0a1b2c3d4e5f60789';
const stampOf = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 13);
const flowName = (hourStart: number, hash: string) => `${ACCOUNT}_vpcflowlogs_${REGION}_${FLOW_LOG_ID}_${stampOf(hourStart)}00Z_${hash}.log.gz`;
const trailName = (hourStart: number, hash: string) => `${ACCOUNT}_CloudTrail_${REGION}_${stampOf(hourStart + 55 * MIN)}55Z_${hash}.json.gz`;
const ymdh = (ms: number) => new Date(ms).toISOString().slice(0, 13).replace(/[-T]/g, '/');
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '/');

interface LayoutWriter {
  hour(h: HourOutput): Promise<void>;
  close(): Promise<void>;
}

class Totals {
  readonly files: string[] = [];
  readonly bytes: Record<SourceName, number> = { 'eks-audit': 0, 'vpc-flow': 0, cloudtrail: 0, 'ecr-events': 0, dockerd: 0 };
  constructor(readonly dir: string) {}
  add(rel: string, source: SourceName, bytes: number): void {
    this.files.push(rel);
    this.bytes[source] += bytes;
  }
  writeWhole(rel: string, source: SourceName, content: Buffer | string): void {
    const path = join(this.dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    this.add(rel, source, Buffer.byteLength(content));
  }
}

class ByHourWriter implements LayoutWriter {
  constructor(private readonly t: Totals) {}
  async hour(h: HourOutput): Promise<void> {
    const d = ymdh(h.hourStart);
    for (const [cluster, payload] of h.audit) this.t.writeWhole(`${d}/eks-audit-${cluster}.jsonl.gz`, 'eks-audit', gzipSync(payload));
    if (h.flow.lines.length) this.t.writeWhole(`${d}/${flowName(h.hourStart, h.flow.hash)}`, 'vpc-flow', gzipSync(`${V5_CUSTOM_FIELDS}\n${h.flow.lines.join('\n')}\n`));
    if (h.trail.records.length) this.t.writeWhole(`${d}/${trailName(h.hourStart, h.trail.hash)}`, 'cloudtrail', gzipSync(JSON.stringify({ Records: h.trail.records })));
    if (h.ecr.length) this.t.writeWhole(`${d}/ecr-events.jsonl`, 'ecr-events', h.ecr.join(''));
    for (const [instance, payload] of h.dockerd) this.t.writeWhole(`${d}/dockerd-${instance}.jsonl.gz`, 'dockerd', gzipSync(payload));
  }
  async close(): Promise<void> {}
}

/** A gzip file written as a stream (the by-source files hold the whole period). */
class GzipFile {
  private readonly gz: Gzip;
  private readonly out: WriteStream;
  private readonly done: Promise<void>;
  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.gz = createGzip();
    this.out = createWriteStream(path);
    this.gz.pipe(this.out);
    this.done = new Promise((resolve, reject) => {
      this.out.on('finish', () => resolve());
      this.out.on('error', reject);
      this.gz.on('error', reject);
    });
  }
  async write(text: string): Promise<void> {
    if (!this.gz.write(text)) await once(this.gz, 'drain');
  }
  async end(): Promise<number> {
    this.gz.end();
    await this.done;
    return this.out.bytesWritten;
  }
}

class BySourceWriter implements LayoutWriter {
  private readonly open = new Map<string, { file: GzipFile; source: SourceName }>();
  private ecr: string[] = [];
  constructor(private readonly t: Totals) {}
  private file(rel: string, source: SourceName): GzipFile {
    let f = this.open.get(rel);
    if (!f) this.open.set(rel, (f = { file: new GzipFile(join(this.t.dir, rel)), source }));
    return f.file;
  }
  async hour(h: HourOutput): Promise<void> {
    for (const [cluster, payload] of h.audit) await this.file(`audit-${cluster}.jsonl.gz`, 'eks-audit').write(payload);
    if (h.flow.lines.length) this.t.writeWhole(`flow/AWSLogs/${ACCOUNT}/vpcflowlogs/${REGION}/${ymd(h.hourStart)}/${flowName(h.hourStart, h.flow.hash)}`, 'vpc-flow', gzipSync(`${V5_CUSTOM_FIELDS}\n${h.flow.lines.join('\n')}\n`));
    if (h.trail.records.length) this.t.writeWhole(`cloudtrail/AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/${ymd(h.hourStart)}/${trailName(h.hourStart, h.trail.hash)}`, 'cloudtrail', gzipSync(JSON.stringify({ Records: h.trail.records })));
    this.ecr.push(...h.ecr);
    for (const [instance, payload] of h.dockerd) await this.file(`dockerd/${instance}.jsonl.gz`, 'dockerd').write(payload);
  }
  async close(): Promise<void> {
    for (const [rel, { file, source }] of [...this.open.entries()].sort(([a], [b]) => a.localeCompare(b))) this.t.add(rel, source, await file.end());
    if (this.ecr.length) this.t.writeWhole('ecr-events.jsonl', 'ecr-events', this.ecr.join(''));
    this.t.files.sort();
  }
}

// ---------------------------------------------------------------------------------------------
// The world: clusters, nodes, pods, apps, CI runners.
// ---------------------------------------------------------------------------------------------

interface NodeState {
  cluster: ClusterName;
  name: string;
  ip: string;
  instanceId: string;
  eni: string;
  kubelet: AuditUser;
  subnet: number;
  agentPods: Array<{ agent: Agent; pod: string; ip: string }>;
  nextSaas: number;
  /** Secondary IPs the VPC CNI attached to the node (its warm pool): its pods get theirs from here. */
  pool: string[];
  /** Pod IP → time it is free again. */
  podBusyUntil: Map<string, number>;
}

interface PodState {
  name: string;
  node: NodeState;
  ip: string;
}

interface AppState {
  cluster: ClusterName;
  ns: string;
  name: string;
  tag: string;
  rs: string;
  min: number;
  max: number;
  pods: PodState[];
  /** Public SaaS the app calls (payment provider, e-mail …): untrusted egress without any build. */
  saas?: { prefix: string; port: number };
  port: number;
}

interface Runner {
  name: string;
  hostname: string;
  ip: string;
  instanceId: string;
  eni: string;
}

interface PendingDeploy {
  at: number;
  app: AppState;
  tag: string;
}

const ARGO = serviceAccount('argocd', 'argocd-application-controller');
const TEKTON = serviceAccount('tekton-pipelines', 'tekton-pipelines-controller');
const CI_KANIKO_SA = serviceAccount('ci', 'kaniko-builder');
const HPA = controller('horizontal-pod-autoscaler');
const RS_CONTROLLER = controller('replicaset-controller');
const DEPLOY_CONTROLLER = controller('deployment-controller');
const DS_CONTROLLER = controller('daemon-set-controller');
const JOB_CONTROLLER = controller('job-controller');
const TTL_CONTROLLER = controller('ttl-after-finished-controller');
const AUTOSCALER = serviceAccount('kube-system', 'cluster-autoscaler');
const ARGO_AGENT = 'argocd-application-controller/v2.13.1';
const RS_AGENT = 'kube-controller-manager/v1.31.2-eks-a737599 (linux/amd64) kubernetes/5864a46/system:serviceaccount:kube-system:replicaset-controller';
const DS_AGENT = 'kube-controller-manager/v1.31.2-eks-a737599 (linux/amd64) kubernetes/5864a46/system:serviceaccount:kube-system:daemon-set-controller';
const JOB_AGENT = 'kube-controller-manager/v1.31.2-eks-a737599 (linux/amd64) kubernetes/5864a46/system:serviceaccount:kube-system:job-controller';
const SRE_PEOPLE = ['esther', 'farid', 'gpatel', 'hana.s', 'chen.wei'];

const APP_DEFS: Array<{ cluster: ClusterName; ns: string; name: string; min: number; max: number; port: number; saas?: { prefix: string; port: number } }> = [
  { cluster: 'prod-cluster', ns: 'payments', name: 'payments-api', min: 3, max: 6, port: 8080, saas: { prefix: '54.187.174', port: 443 } },
  { cluster: 'prod-cluster', ns: 'payments', name: 'ledger', min: 2, max: 3, port: 8080 },
  { cluster: 'prod-cluster', ns: 'shop', name: 'checkout', min: 3, max: 6, port: 8080, saas: { prefix: '54.187.174', port: 443 } },
  { cluster: 'prod-cluster', ns: 'shop', name: 'catalog', min: 3, max: 8, port: 8080 },
  { cluster: 'prod-cluster', ns: 'shop', name: 'search-api', min: 2, max: 5, port: 9200 },
  { cluster: 'prod-cluster', ns: 'shop', name: 'web-frontend', min: 3, max: 8, port: 3000 },
  { cluster: 'prod-cluster', ns: 'shop', name: 'inventory', min: 2, max: 4, port: 8080 },
  { cluster: 'prod-cluster', ns: 'growth', name: 'notifier', min: 2, max: 3, port: 8080, saas: { prefix: '167.89.118', port: 587 } },
  { cluster: 'prod-cluster', ns: 'growth', name: 'recommender', min: 2, max: 4, port: 8080 },
  { cluster: 'platform-cluster', ns: 'monitoring', name: 'grafana', min: 1, max: 2, port: 3000 },
  { cluster: 'platform-cluster', ns: 'monitoring', name: 'prometheus', min: 2, max: 2, port: 9090 },
  { cluster: 'platform-cluster', ns: 'tools', name: 'backoffice', min: 2, max: 3, port: 8080 },
  { cluster: 'platform-cluster', ns: 'tools', name: 'feature-flags', min: 2, max: 2, port: 8080 },
];
const CRONJOBS: Array<{ cluster: ClusterName; ns: string; name: string; image: string; everyHours: number }> = [
  { cluster: 'prod-cluster', ns: 'shop', name: 'catalog-sync', image: `${REGISTRY}/catalog-sync:1.9.2`, everyHours: 1 },
  { cluster: 'prod-cluster', ns: 'payments', name: 'settlement-report', image: `${REGISTRY}/settlement-report:3.2.0`, everyHours: 6 },
  { cluster: 'prod-cluster', ns: 'growth', name: 'email-digest', image: `${REGISTRY}/email-digest:0.14.1`, everyHours: 3 },
  { cluster: 'platform-cluster', ns: 'tools', name: 'db-backup', image: `${REGISTRY}/db-backup:2.0.4`, everyHours: 4 },
  { cluster: 'platform-cluster', ns: 'monitoring', name: 'cert-check', image: 'docker.io/bitnami/kubectl:1.31.2', everyHours: 1 },
];
const CI_REPOS = ['payments-api', 'ledger', 'checkout', 'catalog', 'search-api', 'web-frontend', 'inventory', 'notifier', 'recommender', 'backoffice', 'feature-flags', 'grafana-dashboards', 'ci-base-node', 'ci-base-python'];
const CLUSTER_SIZE: Record<ClusterName, { nodes: number; subnets: number[] }> = {
  'prod-cluster': { nodes: 12, subnets: [1, 2, 3] },
  'platform-cluster': { nodes: 6, subnets: [64, 65] },
};

function toUser(rng: Rng, people: readonly string[], role: string): AuditUser {
  const who = rng.pick(people);
  return iamUser(ACCOUNT, role, who);
}

class World {
  readonly nodes: NodeState[] = [];
  readonly apps: AppState[] = [];
  readonly runners: Runner[] = [];
  readonly pendingDeploys: PendingDeploy[] = [];
  private readonly ipBusyUntil = new Map<string, number>();
  readonly dns: Record<ClusterName, string>;

  // per-hour buckets of records (time order is restored at flush)
  private audit = new Map<number, Map<ClusterName, AuditEvent[]>>();
  private flows = new Map<number, Flow[]>();
  private trail = new Map<number, Array<{ at: number; r: Record<string, unknown> }>>();
  private ecr = new Map<number, Array<{ at: number; e: Record<string, unknown> }>>();
  private dockerd = new Map<number, Map<string, Array<{ at: number; message: string }>>>();

  readonly counts: Record<SourceName, number> = { 'eks-audit': 0, 'vpc-flow': 0, cloudtrail: 0, 'ecr-events': 0, dockerd: 0 };
  readonly auditByCluster: Record<ClusterName, number> = { 'prod-cluster': 0, 'platform-cluster': 0 };

  constructor(
    readonly rng: Rng,
    readonly start: number,
    readonly end: number,
    /** Background volume: 1 (full) or 0.2 (light). */
    readonly noise = 1,
  ) {
    for (const cluster of CLUSTERS) {
      // A light background runs smaller clusters (the attack needs four prod-cluster nodes).
      const nodes = noise < 1 ? Math.max(4, Math.ceil(CLUSTER_SIZE[cluster].nodes * 0.4)) : CLUSTER_SIZE[cluster].nodes;
      for (let i = 0; i < nodes; i++) this.addNode(cluster, start - rng.int(2, 20) * DAY, false);
    }
    this.dns = { 'prod-cluster': this.freeIp(1, start - 30 * DAY), 'platform-cluster': this.freeIp(64, start - 30 * DAY) };
    for (const d of APP_DEFS) {
      const app: AppState = { ...d, tag: `${rng.int(1, 3)}.${rng.int(0, 30)}.${rng.int(0, 9)}`, rs: `${d.name}-${rng.hex(9).slice(0, 9)}`, pods: [] };
      for (let i = 0; i < d.min; i++) {
        const node = this.pickNode(d.cluster);
        app.pods.push({ name: `${app.rs}-${rng.suffix()}`, node, ip: this.podIp(node, start - DAY) });
      }
      this.apps.push(app);
    }
    for (const last of [17, 18, 41]) {
      const ip = `10.0.200.${last}`;
      this.ipBusyUntil.set(ip, Infinity);
      this.runners.push({ name: `gitlab-runner-${last}`, hostname: `ip-10-0-200-${last}`, ip, instanceId: rng.instanceId(), eni: rng.eni() });
    }
  }

  // ---- emitting records --------------------------------------------------------------------

  private bucket(at: number): number | undefined {
    if (at < this.start || at >= this.end) return undefined;
    return Math.floor((at - this.start) / HOUR);
  }

  /** Bound service-account tokens (Kubernetes ≥ 1.30) name the token and the pod that holds it; rotated hourly. */
  private withTokenInfo(e: AuditEvent, ms: number): AuditEvent {
    const user = e.user as AuditUser;
    const m = /^system:serviceaccount:([^:]+):(.+)$/.exec(user.username);
    if (!m || (m[1] === 'kube-system' && /controller|autoscaler$/.test(m[2]!))) return e;
    const key = `${user.username}|${Math.floor(ms / HOUR)}`;
    let token = this.tokens.get(key);
    if (!token) {
      if (this.tokens.size > 500) this.tokens.clear();
      const node = this.rng.pick(this.nodes);
      this.tokens.set(key, (token = { jti: this.rng.uuid(), pod: `${m[2]}-${this.rng.hex(10).slice(0, 10)}-${this.rng.suffix()}`, podUid: this.rng.uuid(), node: node.name, nodeUid: this.rng.uuid() }));
    }
    const extra = { 'authentication.kubernetes.io/credential-id': [`JTI=${token.jti}`], 'authentication.kubernetes.io/node-name': [token.node], 'authentication.kubernetes.io/node-uid': [token.nodeUid], 'authentication.kubernetes.io/pod-name': [token.pod], 'authentication.kubernetes.io/pod-uid': [token.podUid] };
    return { ...e, user: { ...user, extra } };
  }

  private readonly tokens = new Map<string, { jti: string; pod: string; podUid: string; node: string; nodeUid: string }>();

  auditAt(cluster: ClusterName, event: AuditEvent): void {
    const ms = Date.parse(event.stageTimestamp.replace(/(\.\d{3})\d+Z$/, '$1Z'));
    const b = this.bucket(ms);
    if (b === undefined) return;
    const e = this.withTokenInfo(event, ms);
    let m = this.audit.get(b);
    if (!m) this.audit.set(b, (m = new Map()));
    let list = m.get(cluster);
    if (!list) m.set(cluster, (list = []));
    list.push(e);
  }

  flow(f: Flow): void {
    const b = this.bucket(f.start);
    if (b === undefined) return;
    let list = this.flows.get(b);
    if (!list) this.flows.set(b, (list = []));
    list.push(f);
  }

  trailRecord(at: number, r: Record<string, unknown>): void {
    const b = this.bucket(at);
    if (b === undefined) return;
    let list = this.trail.get(b);
    if (!list) this.trail.set(b, (list = []));
    list.push({ at, r });
  }

  ecrEvent(at: number, e: Record<string, unknown>): void {
    const b = this.bucket(at);
    if (b === undefined) return;
    let list = this.ecr.get(b);
    if (!list) this.ecr.set(b, (list = []));
    list.push({ at, e });
  }

  dockerdLine(runner: Runner, at: number, msg: string): void {
    const b = this.bucket(at);
    if (b === undefined) return;
    let m = this.dockerd.get(b);
    if (!m) this.dockerd.set(b, (m = new Map()));
    let list = m.get(runner.instanceId);
    if (!list) m.set(runner.instanceId, (list = []));
    list.push({ at, message: formatDockerd({ at, msg }, 'journald', runner.hostname) });
  }

  /** Everything recorded for hour `b`, as the files' contents; the bucket is dropped. */
  flush(b: number): HourOutput {
    const rng = this.rng;
    const hourStart = this.start + b * HOUR;
    const audit = new Map<ClusterName, string>();
    for (const cluster of CLUSTERS) {
      const events = (this.audit.get(b)?.get(cluster) ?? []).sort((x, y) => x.stageTimestamp.localeCompare(y.stageTimestamp));
      if (!events.length) continue;
      const logEvents = events.map((e, i) => {
        const ms = Date.parse(e.stageTimestamp.replace(/(\.\d{3})\d+Z$/, '$1Z'));
        return { id: `3${String(ms).padStart(17, '0')}${String(i).padStart(6, '0')}`, timestamp: ms, message: JSON.stringify(e) };
      });
      const stream = `kube-apiserver-audit-${cluster === 'prod-cluster' ? '5c9f9b8d7e6a4b3c2d1e0f9a8b7c6d5e' : '0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b'}`;
      audit.set(cluster, `${JSON.stringify({ messageType: 'DATA_MESSAGE', owner: ACCOUNT, logGroup: `/aws/eks/${cluster}/cluster`, logStream: stream, subscriptionFilters: ['an1261-eks-audit'], logEvents })}\n`);
      this.counts['eks-audit'] += events.length;
      this.auditByCluster[cluster] += events.length;
    }
    const flows = (this.flows.get(b) ?? []).sort((x, y) => x.start - y.start || x.end - y.end);
    this.counts['vpc-flow'] += flows.length;
    const trail = (this.trail.get(b) ?? []).sort((x, y) => x.at - y.at).map((x) => x.r);
    this.counts.cloudtrail += trail.length;
    const ecr = (this.ecr.get(b) ?? []).sort((x, y) => x.at - y.at).map((x) => `${JSON.stringify(x.e)}\n`);
    this.counts['ecr-events'] += ecr.length;
    const dockerd = new Map<string, string>();
    for (const r of this.runners) {
      const lines = (this.dockerd.get(b)?.get(r.instanceId) ?? []).sort((x, y) => x.at - y.at);
      if (!lines.length) continue;
      const logEvents = lines.map((l, i) => ({ id: `3${String(l.at).padStart(17, '0')}${String(i).padStart(6, '0')}`, timestamp: l.at, message: l.message }));
      dockerd.set(r.instanceId, `${JSON.stringify({ messageType: 'DATA_MESSAGE', owner: ACCOUNT, logGroup: '/ec2/dockerd', logStream: r.instanceId, subscriptionFilters: ['an1261-host'], logEvents })}\n`);
      this.counts.dockerd += lines.length;
    }
    this.audit.delete(b);
    this.flows.delete(b);
    this.trail.delete(b);
    this.ecr.delete(b);
    this.dockerd.delete(b);
    return { hourStart, audit, flow: { lines: flows.map(flowLine), hash: rng.hex(8) }, trail: { records: trail, hash: rng.hex(16).toUpperCase() }, ecr, dockerd };
  }

  // ---- entities ----------------------------------------------------------------------------

  freeIp(subnet: number, at: number, until = Infinity): string {
    for (;;) {
      const ip = `10.0.${subnet}.${this.rng.int(4, 250)}`;
      if ((this.ipBusyUntil.get(ip) ?? -Infinity) < at) {
        this.ipBusyUntil.set(ip, until);
        return ip;
      }
    }
  }

  releaseIp(ip: string, at: number): void {
    this.ipBusyUntil.set(ip, at);
  }

  /** A pod IP from the node's warm pool (the CNI attaches more secondary IPs when it runs out). */
  podIp(node: NodeState, at: number, until = Infinity): string {
    for (let tries = 0; ; tries++) {
      if (tries > 40 || node.pool.length === 0) {
        for (let i = 0; i < 8; i++) node.pool.push(this.freeIp(node.subnet, at));
        tries = 0;
      }
      const ip = this.rng.pick(node.pool);
      if ((node.podBusyUntil.get(ip) ?? -Infinity) < at) {
        node.podBusyUntil.set(ip, until);
        return ip;
      }
    }
  }

  releasePodIp(node: NodeState, ip: string, at: number): void {
    node.podBusyUntil.set(ip, at);
  }

  /** A node is terminated: its primary and secondary IPs go back to the subnet. */
  releaseNode(node: NodeState, at: number): void {
    this.releaseIp(node.ip, at);
    for (const ip of node.pool) this.releaseIp(ip, at);
  }

  pickNode(cluster: ClusterName): NodeState {
    return this.rng.pick(this.nodes.filter((n) => n.cluster === cluster));
  }

  /** A node joins (its DaemonSet pods are created, bound and Running); `emit` false for nodes older than the period. */
  addNode(cluster: ClusterName, at: number, emit: boolean): NodeState {
    const rng = this.rng;
    const subnet = rng.pick(CLUSTER_SIZE[cluster].subnets);
    const ip = this.freeIp(subnet, at);
    const name = `ip-${ip.replace(/\./g, '-')}.ec2.internal`;
    const instanceId = rng.instanceId();
    const node: NodeState = { cluster, name, ip, instanceId, eni: rng.eni(), kubelet: kubeletUser(ACCOUNT, name, instanceId), subnet, agentPods: [], nextSaas: Math.max(at, this.start) + rng.int(0, 10) * MIN, pool: [], podBusyUntil: new Map() };
    const agents = cluster === 'prod-cluster' ? [AGENTS[0]!] : [AGENTS[0]!, AGENTS[2]!];
    for (const agent of agents) {
      const pod = `${agent.daemonSet}-${rng.suffix()}`;
      const podIp = agent.hostNetwork ? ip : this.podIp(node, at);
      node.agentPods.push({ agent, pod, ip: podIp });
      if (emit) {
        const created = at + rng.int(20, 60) * 1000;
        this.runPod(cluster, DS_CONTROLLER, { namespace: agent.namespace, name: pod, containers: agent.containers, hostPaths: agent.hostPaths, owner: { kind: 'DaemonSet', name: agent.daemonSet }, serviceAccount: agent.daemonSet }, node, podIp, created, DS_AGENT);
        this.pulls(node, created + 2000, agent.containers[0]!.image);
      }
    }
    this.nodes.push(node);
    return node;
  }

  /** Pod create, binding, kubelet Running with its IP (and its end when given). */
  runPod(cluster: ClusterName, user: AuditUser, p: PodArgs, node: NodeState, ip: string, at: number, agent?: string, end?: { at: number; phase: 'Succeeded' | 'Failed' }): void {
    const rng = this.rng;
    const bound = at + rng.int(150, 900);
    this.auditAt(cluster, podCreate(rng, user, p, at, agent ? { agent } : {}));
    this.auditAt(cluster, binding(rng, p.namespace, p.name, node.name, bound));
    const running = podStatus(rng, node.kubelet, p.namespace, p.name, bound + rng.int(1500, 6000), { phase: 'Running', ips: [ip], hostIp: node.ip });
    const status = (running.requestObject as { status: Record<string, unknown> }).status;
    status.containerStatuses = p.containers.map((c) => ({ name: c.name, image: c.image, imageID: `${c.image.split(':')[0]}@${rng.digest()}`, containerID: `containerd://${rng.hex(64)}`, ready: true, restartCount: 0, started: true, state: { running: { startedAt: status.startTime } } }));
    this.auditAt(cluster, running);
    if (end) this.auditAt(cluster, podStatus(rng, node.kubelet, p.namespace, p.name, end.at, { phase: end.phase, containers: p.containers.map((c) => c.name) }));
  }

  /** 1-minute records of a connection: the outbound side and its replies (as env.ts `connect`). */
  connect(eni: string, instanceId: string, src: string, dst: string, dstPort: number, start: number, o: { minutes?: number; bytes?: number; service?: string; protocol?: number } = {}): void {
    const rng = this.rng;
    const minutes = o.minutes ?? 1;
    const srcPort = rng.int(32768, 60999);
    const protocol = o.protocol ?? 6;
    const total = o.bytes ?? rng.int(20_000, 4_000_000);
    const s0 = Math.floor(start / MIN) * MIN;
    for (let i = 0; i < minutes; i++) {
      const s = s0 + i * MIN;
      const bytes = Math.max(60, Math.round(total / minutes));
      const first = i === 0;
      const common = { eni, instanceId, protocol, start: s, end: s + MIN };
      this.flow({ ...common, src, dst, srcPort, dstPort, packets: Math.ceil(bytes / 900), bytes, tcpFlags: first ? 2 : i === minutes - 1 ? 1 : 0, direction: 'egress', ...(o.service ? { dstService: o.service } : {}) });
      this.flow({ ...common, src: dst, dst: src, srcPort: dstPort, dstPort: srcPort, packets: Math.ceil(bytes / 1400), bytes: Math.round(bytes * 1.7), tcpFlags: first ? 18 : 0, direction: 'ingress', ...(o.service ? { srcService: o.service } : {}) });
    }
  }

  /** An image pull by a node: ECR API (AMAZON, untrusted but nothing builds), layers from S3 (trusted), BatchGetImage by the node role. */
  pulls(node: NodeState, at: number, image: string): void {
    const rng = this.rng;
    this.connect(node.eni, node.instanceId, node.ip, `52.46.${rng.int(128, 191)}.${rng.int(2, 250)}`, 443, at, { bytes: rng.int(8_000, 40_000), service: 'AMAZON' });
    this.connect(node.eni, node.instanceId, node.ip, `52.216.${rng.int(0, 255)}.${rng.int(2, 250)}`, 443, at + 2000, { bytes: rng.int(5e6, 9e7), service: 'S3' });
    if (image.startsWith(REGISTRY)) {
      const repo = image.slice(REGISTRY.length + 1).split(/[:@]/)[0]!;
      const caller: Caller = { type: 'AssumedRole', account: ACCOUNT, role: 'eks-node-role', session: node.instanceId };
      this.trailRecord(at + 500, { ...otherRecord(rng, caller, at + 500, repo), eventName: 'BatchGetImage', eventSource: 'ecr.amazonaws.com', readOnly: true, requestParameters: { repositoryName: repo, registryId: ACCOUNT, imageIds: [{ imageTag: image.split(':').pop() }] } });
    }
  }

  appPodSpec(app: AppState, tag = app.tag): Omit<PodArgs, 'namespace' | 'name'> {
    const containers: ContainerSpec[] = [{ name: app.name, image: `${REGISTRY}/${app.name}:${tag}` }];
    return { containers, owner: { kind: 'ReplicaSet', name: app.rs }, serviceAccount: app.name };
  }

  startAppPod(app: AppState, at: number): PodState {
    const node = this.pickNode(app.cluster);
    const pod: PodState = { name: `${app.rs}-${this.rng.suffix()}`, node, ip: this.podIp(node, at) };
    this.runPod(app.cluster, RS_CONTROLLER, { namespace: app.ns, name: pod.name, ...this.appPodSpec(app) }, node, pod.ip, at, RS_AGENT);
    this.pulls(node, at + 3000, `${REGISTRY}/${app.name}:${app.tag}`);
    app.pods.push(pod);
    return pod;
  }

  stopPod(cluster: ClusterName, app: AppState, pod: PodState, at: number, by: AuditUser, agent?: string): void {
    this.auditAt(cluster, podDelete(this.rng, by, app.ns, pod.name, at, agent));
    this.auditAt(cluster, podStatus(this.rng, pod.node.kubelet, app.ns, pod.name, at + this.rng.int(2000, 30000), { phase: 'Succeeded', containers: [app.name] }));
    this.releasePodIp(pod.node, pod.ip, at + 60_000);
  }
}

function flowLine(f: Flow): string {
  const sec = (ms: number) => Math.floor(ms / 1000);
  if (f.status === 'NODATA') return ['5', ACCOUNT, f.eni, '-', '-', '-', '-', '-', '-', '-', sec(f.start), sec(f.end), '-', 'NODATA', 'vpc-0a1b2c3d4e5f67890', '-', f.instanceId ?? '-', '-', '-', '-', '-', REGION, 'use1-az4', '-', '-', '-', '-'].join(' ');
  return [
    '5', ACCOUNT, f.eni, f.src, f.dst, f.srcPort, f.dstPort, f.protocol, f.packets, f.bytes, sec(f.start), sec(f.end), f.action ?? 'ACCEPT', 'OK',
    'vpc-0a1b2c3d4e5f67890', 'subnet-0' + f.eni.slice(5, 21), f.instanceId ?? '-', f.protocol === 6 ? (f.tcpFlags ?? 0) : '-', 'IPv4', f.src, f.dst, REGION, 'use1-az4',
    f.srcService ?? '-', f.dstService ?? '-', f.direction, f.direction === 'egress' ? (f.dst.startsWith('10.') ? '1' : '8') : '-',
  ].join(' ');
}

// ---------------------------------------------------------------------------------------------
// Activities, hour by hour.
// ---------------------------------------------------------------------------------------------

const isWeekday = (ms: number) => ![0, 6].includes(new Date(ms).getUTCDay());
/** Working hours of the teams (Europe and US east), UTC. */
const isBusy = (ms: number) => isWeekday(ms) && new Date(ms).getUTCHours() >= 7 && new Date(ms).getUTCHours() < 19;

function controlPlaneReads(w: World, cluster: ClusterName, h0: number): void {
  const rng = w.rng;
  const n = w.noise < 1 ? 0 : cluster === 'prod-cluster' ? rng.int(150, 190) : rng.int(80, 110);
  const readers = [controller('endpointslice-controller'), serviceAccount('kube-system', 'coredns'), serviceAccount('kube-system', 'aws-node'), ARGO, serviceAccount('kube-system', 'cluster-autoscaler'), serviceAccount('monitoring', 'prometheus'), serviceAccount('datadog', 'datadog-cluster-agent')];
  const namespaces = [...new Set(APP_DEFS.filter((a) => a.cluster === cluster).map((a) => a.ns)), 'kube-system', 'argocd', 'datadog'];
  for (let i = 0; i < n; i++) {
    w.auditAt(cluster, readEvent(rng, rng.pick(readers), rng.pick(['get', 'list', 'watch', 'list']), rng.pick(['pods', 'endpoints', 'configmaps', 'deployments', 'replicasets', 'nodes', 'services']), rng.pick(namespaces), h0 + rng.int(0, HOUR - 1), rng.chance(0.3) ? ARGO_AGENT : undefined));
  }
  // People reading in working hours (kubectl get pods, logs).
  if (isBusy(h0)) {
    for (let i = rng.int(3, 12); i > 0; i--) w.auditAt(cluster, readEvent(rng, toUser(rng, SRE_PEOPLE, 'platform-engineer'), rng.pick(['get', 'list']), rng.pick(['pods', 'deployments', 'events', 'services']), rng.pick(namespaces), h0 + rng.int(0, HOUR - 1)));
  }
}

/** Kubelets re-reporting pod status (readiness flaps, restarts): the pod's IP again. */
function kubeletStatus(w: World, cluster: ClusterName, h0: number): void {
  const rng = w.rng;
  const apps = w.apps.filter((a) => a.cluster === cluster);
  for (let i = Math.ceil(rng.int(6, 14) * w.noise); i > 0; i--) {
    const app = rng.pick(apps);
    const pod = app.pods.length ? rng.pick(app.pods) : undefined;
    if (pod) w.auditAt(cluster, podStatus(rng, pod.node.kubelet, app.ns, pod.name, h0 + rng.int(0, HOUR - 1), { phase: 'Running', ips: [pod.ip], hostIp: pod.node.ip }));
  }
}

function cronJobs(w: World, cluster: ClusterName, h0: number, hourIndex: number): void {
  const rng = w.rng;
  for (const cj of CRONJOBS.filter((c) => c.cluster === cluster)) {
    if (hourIndex % (cj.everyHours * (w.noise < 1 ? 4 : 1)) !== 0) continue;
    const at = h0 + rng.int(0, 40) * 1000;
    const job = `${cj.name}-${Math.floor(at / MIN)}`;
    const pod = `${job}-${rng.suffix()}`;
    const node = w.pickNode(cluster);
    const ip = w.podIp(node, at, at + 15 * MIN);
    w.auditAt(cluster, workloadWrite(rng, controller('cronjob-controller'), { kind: 'Job', namespace: cj.ns, name: job, verb: 'create', at: at - 300, agent: 'kube-controller-manager/v1.31.2-eks-a737599 (linux/amd64) kubernetes/5864a46/system:serviceaccount:kube-system:cronjob-controller', pod: { containers: [{ name: cj.name, image: cj.image }], restartPolicy: 'OnFailure' } }));
    const end = at + rng.int(1, 8) * MIN;
    w.runPod(cluster, JOB_CONTROLLER, { namespace: cj.ns, name: pod, owner: { kind: 'Job', name: job }, restartPolicy: 'Never', containers: [{ name: cj.name, image: cj.image }] }, node, ip, at, JOB_AGENT, { at: end, phase: rng.chance(0.97) ? 'Succeeded' : 'Failed' });
    w.auditAt(cluster, podDelete(rng, TTL_CONTROLLER, cj.ns, pod, end + 5 * MIN));
    w.releasePodIp(node, ip, end + 5 * MIN);
    if (cj.image.startsWith(REGISTRY)) w.pulls(node, at + 4000, cj.image);
    else w.connect(node.eni, node.instanceId, node.ip, `52.94.${rng.int(0, 63)}.${rng.int(2, 250)}`, 443, at + 4000, { bytes: rng.int(2e6, 2e7), service: 'AMAZON' });
  }
}

/** The HPA scales an app up or down (more in the day); replicaset-controller starts or deletes pods. */
function autoscale(w: World, cluster: ClusterName, h0: number): void {
  const rng = w.rng;
  const busy = isBusy(h0);
  for (const app of w.apps.filter((a) => a.cluster === cluster && a.max > a.min)) {
    if (!rng.chance((busy ? 0.35 : 0.15) * Math.min(1, w.noise * 2))) continue;
    const at = h0 + rng.int(0, 55) * MIN + rng.int(0, 59_999);
    const up = busy ? app.pods.length < app.max && rng.chance(0.65) : app.pods.length <= app.min ? false : true;
    if (up && app.pods.length < app.max) {
      const target = Math.min(app.max, app.pods.length + rng.int(1, 2));
      w.auditAt(cluster, scalePatch(rng, HPA, app.ns, app.name, target, at));
      for (let i = app.pods.length; i < target; i++) w.startAppPod(app, at + 1000 + i * 200);
    } else if (!up && app.pods.length > app.min) {
      const target = Math.max(app.min, app.pods.length - rng.int(1, 2));
      w.auditAt(cluster, scalePatch(rng, HPA, app.ns, app.name, target, at));
      for (const pod of app.pods.splice(target)) w.stopPod(cluster, app, pod, at + 1500, RS_CONTROLLER, RS_AGENT);
    }
  }
}

/** Argo CD rolls out CI-built images once pushed: apply, new ReplicaSet, rolling pods; and syncs that change nothing. */
function gitOps(w: World, cluster: ClusterName, h0: number): void {
  const rng = w.rng;
  const due = w.pendingDeploys.filter((d) => d.app.cluster === cluster && d.at < h0 + HOUR).sort((a, b) => a.at - b.at);
  for (const d of due) w.pendingDeploys.splice(w.pendingDeploys.indexOf(d), 1);
  for (const d of due) {
    const app = d.app;
    app.tag = d.tag;
    app.rs = `${app.name}-${rng.hex(9).slice(0, 9)}`;
    const image = `${REGISTRY}/${app.name}:${d.tag}`;
    w.auditAt(cluster, workloadWrite(rng, ARGO, { kind: 'Deployment', namespace: app.ns, name: app.name, verb: 'apply', at: d.at, agent: ARGO_AGENT, pod: { containers: [{ name: app.name, image }] } }));
    w.auditAt(cluster, workloadWrite(rng, DEPLOY_CONTROLLER, { kind: 'ReplicaSet', namespace: app.ns, name: app.rs, verb: 'create', at: d.at + 400, agent: 'kube-controller-manager/v1.31.2-eks-a737599 (linux/amd64) kubernetes/5864a46/system:serviceaccount:kube-system:deployment-controller', pod: { containers: [{ name: app.name, image }] } }));
    const old = app.pods.splice(0);
    old.forEach((pod, i) => {
      const at = d.at + 2000 + i * 40_000;
      w.startAppPod(app, at);
      w.stopPod(cluster, app, pod, at + 25_000, RS_CONTROLLER, RS_AGENT);
    });
  }
  // Argo CD syncs config-only changes (same images) a few times a day.
  if (rng.chance(isBusy(h0) ? 0.4 : 0.08)) {
    const app = rng.pick(w.apps.filter((a) => a.cluster === cluster));
    w.auditAt(cluster, workloadWrite(rng, ARGO, { kind: 'Deployment', namespace: app.ns, name: app.name, verb: 'apply', at: h0 + rng.int(0, HOUR - 1), agent: ARGO_AGENT, pod: { containers: [{ name: app.name, image: `${REGISTRY}/${app.name}:${app.tag}` }] } }));
  }
}

/** An SRE runs a command in a pod (never a build). */
function sreExec(w: World, cluster: ClusterName, h0: number): void {
  const rng = w.rng;
  if (!rng.chance(isBusy(h0) ? 0.3 : 0.03)) return;
  const app = rng.pick(w.apps.filter((a) => a.cluster === cluster && a.pods.length));
  const pod = rng.pick(app.pods);
  const argv = rng.pick([['sh'], ['cat', '/etc/resolv.conf'], ['env'], ['curl', '-s', 'localhost:8080/healthz'], ['psql', '-c', 'select count(*) from orders'], ['ls', '-la', '/app']]);
  const start = h0 + rng.int(0, 50) * MIN;
  w.auditAt(cluster, auditEvent(rng, { user: toUser(rng, SRE_PEOPLE, 'sre-oncall'), verb: 'get', at: start - 2000, uri: `/api/v1/namespaces/${app.ns}/pods/${pod.name}`, objectRef: { resource: 'pods', namespace: app.ns, name: pod.name } }));
  for (const e of execSession(rng, toUser(rng, SRE_PEOPLE, 'sre-oncall'), app.ns, pod.name, app.name, argv, start, start + rng.int(5, 600) * 1000)) w.auditAt(cluster, e);
}

/** The cluster autoscaler replaces a node: drain (evictions), a new node with its DaemonSet pods. */
function nodeChurn(w: World, cluster: ClusterName, h0: number): void {
  const rng = w.rng;
  if (!rng.chance(cluster === 'prod-cluster' ? 0.1 : 0.05)) return;
  const at = h0 + rng.int(0, 45) * MIN;
  const fresh = w.addNode(cluster, at, true);
  const old = w.nodes.find((n) => n.cluster === cluster && n !== fresh)!;
  const drain = at + rng.int(5, 10) * MIN;
  for (const app of w.apps.filter((a) => a.cluster === cluster)) {
    for (const pod of app.pods.filter((p) => p.node === old)) {
      app.pods.splice(app.pods.indexOf(pod), 1);
      w.auditAt(cluster, auditEvent(rng, { user: AUTOSCALER, verb: 'create', at: drain, code: 201, level: 'Request', uri: `/api/v1/namespaces/${app.ns}/pods/${pod.name}/eviction`, objectRef: { resource: 'pods', namespace: app.ns, name: pod.name, subresource: 'eviction' }, requestObject: { kind: 'Eviction', apiVersion: 'policy/v1', metadata: { name: pod.name, namespace: app.ns } }, userAgent: 'cluster-autoscaler/v1.31.0' }));
      w.auditAt(cluster, podStatus(rng, old.kubelet, app.ns, pod.name, drain + rng.int(2000, 20000), { phase: 'Succeeded', containers: [app.name] }));
      w.startAppPod(app, drain + rng.int(1000, 5000));
    }
  }
  for (const a of old.agentPods) {
    w.auditAt(cluster, podDelete(rng, controller('pod-garbage-collector'), a.agent.namespace, a.pod, drain + 4 * MIN));
  }
  w.auditAt(cluster, auditEvent(rng, { user: AUTOSCALER, verb: 'delete', at: drain + 5 * MIN, uri: `/api/v1/nodes/${old.name}`, objectRef: { resource: 'nodes', name: old.name }, userAgent: 'cluster-autoscaler/v1.31.0' }));
  w.nodes.splice(w.nodes.indexOf(old), 1);
  w.releaseNode(old, drain + 10 * MIN);
}

/** Network: agents to their SaaS intake, DNS and east-west, app egress, LB replies, rejected scans, NODATA. */
function traffic(w: World, cluster: ClusterName, h0: number): void {
  const rng = w.rng;
  const h1 = h0 + HOUR;
  for (const node of w.nodes.filter((n) => n.cluster === cluster)) {
    for (; node.nextSaas < h1; node.nextSaas += Math.round(rng.int(8, 16) / w.noise) * MIN) {
      if (node.nextSaas < h0) continue;
      const dd = node.agentPods.find((a) => a.agent.saas)!;
      w.connect(node.eni, node.instanceId, dd.ip, `${dd.agent.saas!.prefix}.${rng.int(2, 250)}`, dd.agent.saas!.port, node.nextSaas, { bytes: rng.int(4_000, 90_000), ...(dd.agent.saas!.service ? { service: dd.agent.saas!.service } : {}) });
    }
    if (rng.chance(0.04)) w.flow({ eni: node.eni, instanceId: node.instanceId, src: '-', dst: '-', srcPort: 0, dstPort: 0, protocol: 0, packets: 0, bytes: 0, start: h0 + rng.int(0, 59) * MIN, end: h0 + rng.int(0, 59) * MIN + MIN, direction: 'egress', status: 'NODATA' });
  }
  const apps = w.apps.filter((a) => a.cluster === cluster && a.pods.length);
  const busy = isBusy(h0);
  for (let i = Math.ceil((cluster === 'prod-cluster' ? rng.int(busy ? 24 : 14, busy ? 32 : 20) : rng.int(8, 13)) * w.noise); i > 0; i--) {
    const from = rng.pick(rng.pick(apps).pods);
    const to = rng.pick(apps);
    const at = h0 + rng.int(0, HOUR - 2000);
    w.connect(from.node.eni, from.node.instanceId, from.ip, w.dns[cluster], 53, at, { protocol: 17, bytes: rng.int(200, 3000) });
    w.connect(from.node.eni, from.node.instanceId, from.ip, rng.pick(to.pods).ip, to.port, at + 1000, { bytes: rng.int(1e4, 1e6) });
  }
  for (const app of apps.filter((a) => a.saas)) {
    for (let i = rng.int(busy ? 2 : 1, busy ? 4 : 2); i > 0; i--) {
      const pod = rng.pick(app.pods);
      w.connect(pod.node.eni, pod.node.instanceId, pod.ip, `${app.saas!.prefix}.${rng.int(2, 250)}`, app.saas!.port, h0 + rng.int(0, HOUR - 1), { bytes: rng.int(5_000, 120_000) });
    }
  }
  if (cluster === 'prod-cluster') {
    // Internet clients answered by the ingress nodes (replies: not egress), and scanners refused.
    for (let i = Math.ceil(rng.int(busy ? 12 : 5, busy ? 20 : 9) * w.noise); i > 0; i--) {
      const lb = w.pickNode(cluster);
      const at = h0 + rng.int(0, 59) * MIN;
      w.flow({ eni: lb.eni, instanceId: lb.instanceId, src: `${rng.pick(['73.162.20', '98.207.33', '24.5.113', '81.56.140', '2.125.160'])}.${rng.int(2, 250)}`, dst: lb.ip, srcPort: rng.int(49152, 65535), dstPort: 443, protocol: 6, packets: 30, bytes: 9_000, start: at, end: at + MIN, tcpFlags: 2, direction: 'ingress' });
      w.flow({ eni: lb.eni, instanceId: lb.instanceId, src: lb.ip, dst: `${rng.pick(['73.162.20', '98.207.33', '24.5.113', '81.56.140', '2.125.160'])}.${rng.int(2, 250)}`, srcPort: 443, dstPort: rng.int(49152, 65535), protocol: 6, packets: 40, bytes: 52_000, start: at, end: at + MIN, tcpFlags: 19, direction: 'egress' });
    }
    for (let i = rng.int(2, 6); i > 0; i--) {
      const n = w.pickNode(cluster);
      const at = h0 + rng.int(0, 59) * MIN;
      w.flow({ eni: n.eni, instanceId: n.instanceId, src: `${rng.pick(['45.148.10', '193.163.125', '162.142.125'])}.${rng.int(2, 250)}`, dst: n.ip, srcPort: rng.int(1024, 65535), dstPort: rng.pick([22, 23, 3389, 6379, 9200]), protocol: 6, packets: 1, bytes: 44, start: at, end: at + MIN, tcpFlags: 2, direction: 'ingress', action: 'REJECT' });
    }
  }
}

/** The rest of CloudTrail: node roles pulling, pods assuming roles, people in the console. */
function trailNoise(w: World, h0: number): void {
  const rng = w.rng;
  for (let i = Math.ceil(rng.int(isBusy(h0) ? 40 : 25, isBusy(h0) ? 55 : 35) * w.noise); i > 0; i--) {
    const at = h0 + rng.int(0, HOUR - 1);
    const caller: Caller = rng.chance(0.6)
      ? { type: 'AssumedRole', account: ACCOUNT, role: 'eks-node-role', session: rng.pick(w.nodes).instanceId }
      : rng.chance(0.7)
        ? { type: 'AssumedRole', account: ACCOUNT, role: rng.pick(['payments-api-irsa', 'checkout-irsa', 'external-dns', 'karpenter', 'argocd-image-updater']), session: `botocore-session-${rng.int(1_700_000_000, 1_799_999_999)}` }
        : { type: 'AssumedRole', account: ACCOUNT, role: rng.pick(['platform-engineer', 'ReadOnly']), session: rng.pick(SRE_PEOPLE) };
    w.trailRecord(at, otherRecord(rng, caller, at, rng.pick(CI_REPOS)));
  }
}

/** With a light background, the share of CI builds kept (still several a day, every working day). */
const LIGHT_CI = 0.35;

/** CI kaniko pods in namespace ci of platform-cluster (Tekton): fetch, build, push with the CI role. */
function ciKaniko(w: World, h0: number, ciBuilds: { n: number }): void {
  const rng = w.rng;
  const n = isBusy(h0) ? rng.int(1, 3) : rng.chance(isWeekday(h0) ? 0.15 : 0.05) ? 1 : 0;
  for (let i = 0; i < n; i++) {
    if (w.noise < 1 && !rng.chance(LIGHT_CI)) continue;
    const at = h0 + rng.int(0, 50) * MIN + rng.int(0, 59_999);
    const repo = rng.pick(CI_REPOS);
    const tag = `${rng.int(1, 3)}.${rng.int(0, 40)}.${rng.int(0, 99)}`;
    const image = `${REGISTRY}/${repo}:${tag}`;
    const node = w.pickNode('platform-cluster');
    const duration = rng.int(3, 9) * MIN;
    const ip = w.podIp(node, at, at + duration + 2 * MIN);
    const pod = `${repo}-build-${rng.suffix()}-pod`;
    w.runPod('platform-cluster', rng.chance(0.7) ? TEKTON : CI_KANIKO_SA, { namespace: 'ci', name: pod, serviceAccount: 'kaniko-builder', restartPolicy: 'Never', containers: [{ name: 'step-build-and-push', image: 'gcr.io/kaniko-project/executor:v1.23.2', args: [`--context=git://gitlab.corp.example/apps/${repo}.git#refs/tags/${tag}`, '--dockerfile=Dockerfile', `--destination=${image}`, '--cache=true'], mounts: { 'docker-config': '/kaniko/.docker' } }] }, node, ip, at, 'tekton-pipelines-controller/v0.62.1', { at: at + duration, phase: 'Succeeded' });
    w.connect(node.eni, node.instanceId, ip, '10.0.5.10', 443, at + 5000, { bytes: rng.int(1e6, 2e7) });
    w.connect(node.eni, node.instanceId, ip, `104.16.${rng.int(0, 31)}.${rng.int(2, 250)}`, 443, at + 30_000, { minutes: 2, bytes: rng.int(5e6, 4e7) });
    w.connect(node.eni, node.instanceId, ip, `52.217.${rng.int(0, 200)}.${rng.int(2, 250)}`, 443, at + duration - 60_000, { service: 'S3', bytes: rng.int(2e7, 2e8) });
    ciPush(w, repo, tag, at + duration - 20_000, { type: 'AssumedRole', account: ACCOUNT, role: 'ci-build-kaniko', session: `tekton-${rng.hex(10)}` }, ip, 'go-containerregistry/v0.20.2');
    ciBuilds.n++;
  }
}

/** The CI runner instances: dockerd API traffic all day, builds and pushes in working hours. */
function ciRunners(w: World, h0: number, ciBuilds: { n: number }): void {
  const rng = w.rng;
  for (const r of w.runners) {
    // Health checks and job containers of the GitLab runner.
    for (let i = rng.int(5, 9); i > 0; i--) w.dockerdLine(r, h0 + rng.int(0, HOUR - 1), noiseCall(rng.int(0, 5), rng.pick(['public.ecr.aws/docker/library/node:22', 'public.ecr.aws/docker/library/python:3.12', `${REGISTRY}/ci-base-node:1.4.0`])));
    // Polling GitLab for jobs (internal) and the NAT'd package registries: flow records name the instance.
    for (let t = h0 + rng.int(0, 9) * MIN; t < h0 + HOUR; t += Math.round(rng.int(8, 15) / w.noise) * MIN) w.connect(r.eni, r.instanceId, r.ip, '10.0.5.10', 443, t, { bytes: rng.int(2_000, 20_000) });
    const builds = isBusy(h0) ? rng.int(0, 2) : rng.chance(0.05) ? 1 : 0;
    for (let i = 0; i < builds; i++) {
      if (w.noise < 1 && !rng.chance(LIGHT_CI)) continue;
      const at = h0 + rng.int(0, 52) * MIN + rng.int(0, 59_999);
      const repo = rng.pick(CI_REPOS);
      const tag = `${rng.int(1, 3)}.${rng.int(0, 40)}.${rng.int(0, 99)}`;
      const image = `${REGISTRY}/${repo}:${tag}`;
      const duration = rng.int(2, 6) * MIN;
      w.dockerdLine(r, at, 'Calling HEAD /_ping');
      w.dockerdLine(r, at + 300, buildCall(image, true));
      w.dockerdLine(r, at + 2000, 'Calling POST /v1.45/images/create?fromImage=public.ecr.aws%2Fdocker%2Flibrary%2Fnode&tag=22');
      w.dockerdLine(r, at + duration, pushCall(`${REGISTRY}/${repo}`, tag));
      w.connect(r.eni, r.instanceId, r.ip, `140.82.112.${rng.int(3, 6)}`, 443, at + 3000, { bytes: rng.int(1e5, 5e6) });
      w.connect(r.eni, r.instanceId, r.ip, `104.16.${rng.int(0, 31)}.${rng.int(2, 250)}`, 443, at + 20_000, { minutes: 2, bytes: rng.int(5e6, 4e7) });
      w.connect(r.eni, r.instanceId, r.ip, `52.217.${rng.int(0, 200)}.${rng.int(2, 250)}`, 443, at + duration, { service: 'S3', bytes: rng.int(2e7, 2e8) });
      ciPush(w, repo, tag, at + duration + 15_000, { type: 'AssumedRole', account: ACCOUNT, role: 'gitlab-runner-role', session: r.instanceId }, r.ip);
      ciBuilds.n++;
    }
  }
}

/** A CI push: CloudTrail PutImage by the pushing role and the ECR event; then Argo CD may roll it out. */
function ciPush(w: World, repo: string, tag: string, at: number, caller: Caller, sourceIp: string, userAgent?: string): void {
  const rng = w.rng;
  const digest = rng.digest();
  w.trailRecord(at, putImageRecord(rng, { caller, repository: repo, tag, digest, at, sourceIp, ...(userAgent ? { userAgent } : {}) }));
  w.ecrEvent(at + 900, ecrImageAction({ id: rng.uuid(), account: ACCOUNT, region: REGION, repository: repo, tag, digest, at: at + 900 }));
  const app = w.apps.find((a) => a.name === repo);
  if (app && rng.chance(0.6)) w.pendingDeploys.push({ at: at + rng.int(3, 25) * MIN, app, tag });
  // ECR lifecycle policy expires an old image now and then (DELETE: read, not a push).
  if (rng.chance(0.1)) w.ecrEvent(at + 30 * MIN, ecrImageAction({ id: rng.uuid(), account: ACCOUNT, region: REGION, repository: repo, tag: `${rng.int(0, 1)}.${rng.int(0, 9)}.${rng.int(0, 9)}`, digest: rng.digest(), at: at + 30 * MIN, action: 'DELETE' }));
}

/** The attack (own PRNG: the noise is the same whether or not the attack is in the period). */
function attack(w: World, day: number, seed: number): ExpectedFinding {
  const rng = new Rng(Rng.seedOf(`attack-${seed}`));
  const cluster: ClusterName = 'prod-cluster';
  const t0 = w.start + day * DAY + 13 * HOUR + 51 * MIN + 7_131;
  const user = iamUser(ACCOUNT, 'dev-admin', 'bmartin');
  const ns = 'payments';
  const repo = 'payments-api';
  const image = `${REGISTRY}/${repo}:v2.14.1-hotfix`;
  const node = w.nodes.filter((n) => n.cluster === cluster)[3]!;
  const pod = `kaniko-debug-${rng.suffix()}`;
  const ip = w.podIp(node, t0, t0 + 12 * MIN);
  const end = t0 + 10 * MIN + 33_000; // 14:01:40
  w.runPod(cluster, user, { namespace: ns, name: pod, restartPolicy: 'Never', containers: [{ name: 'kaniko', image: 'gcr.io/kaniko-project/executor:v1.23.2', args: ['--context=git://github.com/bm-art/payments-api.git#refs/heads/quickfix', '--dockerfile=Dockerfile', `--destination=${image}`], mounts: { 'docker-config': '/kaniko/.docker' } }] }, node, ip, t0, undefined, { at: end, phase: 'Succeeded' });
  w.connect(node.eni, node.instanceId, ip, '140.82.112.4', 443, t0 + 25_000, { bytes: 2_400_000 });
  const c2 = { ip: '91.92.240.77', port: 4444 };
  w.connect(node.eni, node.instanceId, ip, c2.ip, c2.port, t0 + 95_000, { minutes: 3, bytes: 61_000 });
  w.connect(node.eni, node.instanceId, ip, `52.217.${rng.int(0, 200)}.${rng.int(2, 250)}`, 443, t0 + 9 * MIN + 10_000, { service: 'S3', bytes: 88e6 });
  const pushAt = t0 + 10 * MIN + 5_000; // 14:01:12
  const digest = rng.digest();
  w.trailRecord(pushAt, putImageRecord(rng, { caller: { type: 'AssumedRole', account: ACCOUNT, role: 'eks-node-role', session: node.instanceId }, repository: repo, tag: 'v2.14.1-hotfix', digest, at: pushAt, sourceIp: ip, userAgent: 'go-containerregistry/v0.20.2' }));
  w.ecrEvent(pushAt + 1_000, ecrImageAction({ id: rng.uuid(), account: ACCOUNT, region: REGION, repository: repo, tag: 'v2.14.1-hotfix', digest, at: pushAt + 1_000 }));
  const deployAt = t0 + 16 * MIN + 48_000; // 14:07:55
  w.auditAt(cluster, workloadWrite(rng, user, { kind: 'Deployment', namespace: ns, name: repo, verb: 'patch', at: deployAt, pod: { containers: [{ name: repo, image }] } }));
  // The Deployment controller rolls it out like any other release.
  w.auditAt(cluster, workloadWrite(rng, DEPLOY_CONTROLLER, { kind: 'ReplicaSet', namespace: ns, name: `${repo}-${rng.hex(9).slice(0, 9)}`, verb: 'create', at: deployAt + 400, agent: 'kube-controller-manager/v1.31.2-eks-a737599 (linux/amd64) kubernetes/5864a46/system:serviceaccount:kube-system:deployment-controller', pod: { containers: [{ name: repo, image }] } }));
  return {
    severity: 'CRITICAL',
    host: node.instanceId,
    image,
    stages: ['build', 'egress', 'push', 'deploy'],
    namespace: ns,
    cluster,
    actor: `arn:aws:iam::${ACCOUNT}:role/dev-admin`,
    buildAt: new Date(t0).toISOString(),
    pushAt: new Date(pushAt).toISOString(),
    deployAt: new Date(deployAt).toISOString(),
  };
}

/** Generates the environment into `dir` in the given layout; returns what was written and the expected finding. */
export async function writeTwoWeekEnvironment(dir: string, opts: TwoWeekOptions): Promise<Manifest> {
  const days = opts.days ?? 14;
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new Error(`days must be an integer in 1..366, got ${days}`);
  if (opts.layout !== 'by-hour' && opts.layout !== 'by-source') throw new Error(`layout must be by-hour or by-source, got ${String(opts.layout)}`);
  const seed = opts.seed ?? 1261;
  const startDate = opts.startDate ?? '2026-11-02';
  const start = Date.parse(`${startDate}T00:00:00Z`);
  if (!Number.isFinite(start)) throw new Error(`startDate must be YYYY-MM-DD, got ${startDate}`);
  const attackDay = opts.attackDay ?? Math.min(8, days - 1);
  if (!Number.isInteger(attackDay) || attackDay < 0 || attackDay >= days) throw new Error(`attackDay must be in 0..${days - 1}, got ${attackDay}`);

  mkdirSync(dir, { recursive: true });
  const totals = new Totals(dir);
  const writer: LayoutWriter = opts.layout === 'by-hour' ? new ByHourWriter(totals) : new BySourceWriter(totals);
  if (opts.noise !== undefined && opts.noise !== 'full' && opts.noise !== 'light') throw new Error(`noise must be full or light, got ${String(opts.noise)}`);
  const world = new World(new Rng(seed), start, start + days * DAY, opts.noise === 'light' ? 0.2 : 1);
  const ciBuilds = { n: 0 };
  let expected: ExpectedFinding | undefined;

  for (let h = 0; h < days * 24; h++) {
    const h0 = start + h * HOUR;
    // CI first: the pushes it makes this hour may be rolled out by Argo CD within the hour.
    trailNoise(world, h0);
    ciKaniko(world, h0, ciBuilds);
    ciRunners(world, h0, ciBuilds);
    for (const cluster of CLUSTERS) {
      controlPlaneReads(world, cluster, h0);
      kubeletStatus(world, cluster, h0);
      cronJobs(world, cluster, h0, h);
      autoscale(world, cluster, h0);
      gitOps(world, cluster, h0);
      sreExec(world, cluster, h0);
      nodeChurn(world, cluster, h0);
      traffic(world, cluster, h0);
    }
    if (h === attackDay * 24 + 13) expected = attack(world, attackDay, seed);
    await writer.hour(world.flush(h));
  }
  await writer.close();

  const sum = (r: Record<SourceName, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  return {
    dir,
    layout: opts.layout,
    seed,
    startDate,
    days,
    attackDay,
    files: totals.files,
    records: { ...world.counts, total: sum(world.counts) },
    auditByCluster: world.auditByCluster,
    bytes: { ...totals.bytes, total: sum(totals.bytes) },
    ciBuilds: ciBuilds.n,
    expectedFindings: expected ? [expected] : [],
  };
}

function usage(): never {
  process.stderr.write('usage: npx tsx samples/two-weeks/generate.ts <dir> [--days N] [--layout by-hour|by-source] [--seed N] [--start YYYY-MM-DD] [--attack-day N] [--noise full|light]\n');
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let dir: string | undefined;
  const opts: TwoWeekOptions = { layout: 'by-hour' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => argv[++i] ?? usage();
    if (a === '--days') opts.days = Number(value());
    else if (a === '--layout') opts.layout = value() as Layout;
    else if (a === '--seed') opts.seed = Number(value());
    else if (a === '--start') opts.startDate = value();
    else if (a === '--attack-day') opts.attackDay = Number(value());
    else if (a === '--noise') opts.noise = value() as 'full' | 'light';
    else if (a.startsWith('-') || dir !== undefined) usage();
    else dir = a;
  }
  if (!dir) usage();
  const t = process.hrtime.bigint();
  const manifest = await writeTwoWeekEnvironment(dir, opts);
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const { files, ...rest } = manifest;
  process.stdout.write(`${JSON.stringify({ ...rest, fileCount: files.length, seconds: Math.round(seconds * 10) / 10 }, null, 2)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  });
}
