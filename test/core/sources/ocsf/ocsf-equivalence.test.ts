/**
 * The same attack read natively and from Security Lake gives the same signals. The repo's sample
 * attack (samples/logs: the EKS audit CloudWatch Logs export and the VPC flow-log file) is converted
 * into the OCSF rows Security Lake documents for it (test/support/ocsf-from-native.ts, written from
 * the published mappings), written as Parquet with hyparquet-writer, read back with hyparquet, mapped
 * by decodeOcsfRows and normalized; the signals must equal the native ones but for `ref` (where a
 * record was read) and exactly the losses OCSF_GAPS documents.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { BatchCollector } from '../../../../lambdas/core/envelopes/batch-collector';
import { parseConfig } from '../../../../lambdas/core/model/config';
import { Tally } from '../../../../lambdas/core/model/normalize-result';
import { compileSettings } from '../../../../lambdas/core/model/settings';
import type { Signal } from '../../../../lambdas/core/model/signal';
import type { SourceRecord } from '../../../../lambdas/core/model/batch';
import { normalizeSource } from '../../../../lambdas/core/sources/normalize-source';
import { decodeOcsfRows } from '../../../../lambdas/core/sources/ocsf';
import type { SecurityLakeSource } from '../../../../lambdas/core/model/config';
import { type NativeJson, type OcsfVersion, ocsfFromAuditEvent, ocsfFromCloudTrail, ocsfFromFlowLine } from '../../../support/ocsf-from-native';
import { readOcsfParquet, writeOcsfParquet } from '../../../support/ocsf-parquet';
import { runBatches } from '../../../support/correlate-run';
import { useEmbeddedStore } from '../../../support/embedded-store';
import type { Finding } from '../../../../lambdas/core/model/finding';

const LOGS = join(__dirname, '../../../../samples/logs');
const settings = compileSettings(parseConfig(JSON.parse(readFileSync(join(__dirname, '../../../../samples/config.json'), 'utf8'))));
const ACCOUNT = '111122223333';

const withoutRef = (signals: readonly Signal[]) => signals.map(({ ref: _ref, ...s }) => s).sort((a, b) => a.id.localeCompare(b.id));

/** Parquet round trip, then decodeOcsfRows → normalizeSource of every batch. */
async function viaSecurityLake(rows: NativeJson[], lakeSource: SecurityLakeSource, ctx: { account?: string; region?: string } = {}): Promise<Tally> {
  const read = await readOcsfParquet(writeOcsfParquet(rows));
  const collector = new BatchCollector();
  const tally = new Tally();
  decodeOcsfRows(read, (i) => `s3://aws-security-data-lake-us-east-1-x/ext/${lakeSource}/part.parquet#${i}`, { ...ctx, lakeSource }, collector, tally);
  for (const b of collector.batches) normalizeSource(b.source, b.records, b.ctx, settings, tally);
  return tally;
}

// ------------------------------------------------------------------------------------- EKS audit

interface CwlExport {
  owner: string;
  logGroup: string;
  logStream: string;
  logEvents: Array<{ id: string; timestamp: number; message: string }>;
}
const eksExport = JSON.parse(readFileSync(join(LOGS, 'eks-audit-prod-cluster.cwl.json'), 'utf8')) as CwlExport;
const sampleEvents = eksExport.logEvents.map((e) => JSON.parse(e.message) as NativeJson);

function nativeAudit(events: NativeJson[]): Tally {
  const records: SourceRecord[] = events.map((e, i) => ({ data: e, ref: `eks#${i}` }));
  return normalizeSource('eks-audit', records, { logGroup: eksExport.logGroup, logStream: eksExport.logStream, account: eksExport.owner }, settings);
}

const auditEvent = (over: NativeJson): NativeJson => ({
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'RequestResponse',
  stage: 'ResponseComplete',
  user: {
    username: 'arn:aws:sts::111122223333:assumed-role/dev-admin/alice',
    uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLEDEVADMIN',
    groups: ['system:authenticated'],
    extra: { arn: ['arn:aws:sts::111122223333:assumed-role/dev-admin/alice'], canonicalArn: ['arn:aws:iam::111122223333:role/dev-admin'], sessionName: ['alice'], accessKeyId: ['ASIAEXAMPLEALICE0001'] },
  },
  sourceIPs: ['203.0.113.10'],
  userAgent: 'kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46',
  responseStatus: { metadata: {}, code: 201 },
  requestReceivedTimestamp: '2026-11-02T01:50:00.120000Z',
  stageTimestamp: '2026-11-02T01:50:00.180000Z',
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
  ...over,
});

/** Beyond the sample: an exec build (command in the requestURI query) and a two-container builder pod. */
const EXEC_BUILD = auditEvent({
  auditID: 'e0c0ffee-0000-4000-8000-00000000e0e0',
  verb: 'create',
  requestURI: '/api/v1/namespaces/payments/pods/kaniko-debug-7f9c/exec?command=docker&command=build&command=-t&command=111122223333.dkr.ecr.us-east-1.amazonaws.com%2Fpayments-api%3Av9&command=.&container=kaniko&stderr=true&stdout=true',
  objectRef: { resource: 'pods', subresource: 'exec', namespace: 'payments', name: 'kaniko-debug-7f9c', apiVersion: 'v1' },
  responseStatus: { metadata: {}, code: 101 },
});
const TWO_CONTAINER_DIND = auditEvent({
  auditID: 'd1d1d1d1-0000-4000-8000-0000000d1d1d',
  verb: 'create',
  requestURI: '/api/v1/namespaces/payments/pods',
  objectRef: { resource: 'pods', namespace: 'payments', name: 'ci-dind', apiVersion: 'v1' },
  requestObject: {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: 'ci-dind', namespace: 'payments' },
    spec: {
      containers: [
        { name: 'shipper', image: 'busybox:1.36', args: ['tail', '-f', '/var/log/app.log'] },
        { name: 'dind', image: 'docker:27-dind', securityContext: { privileged: true } },
      ],
    },
  },
});

describe('Security Lake EKS_AUDIT (OCSF 1.1.0) gives the native signals', () => {
  it('the sample attack: every signal equal but for ref', async () => {
    const native = nativeAudit(sampleEvents);
    const lake = await viaSecurityLake(sampleEvents.map((e) => ocsfFromAuditEvent(e, 'prod-cluster')), 'EKS_AUDIT', { account: ACCOUNT });
    expect(native.signals.length).toBeGreaterThan(5);
    expect(withoutRef(lake.signals)).toEqual(withoutRef(native.signals));
    expect(new Set(native.signals.map((s) => s.rule))).toEqual(new Set(['builder-pod', 'runtime-socket-mount', 'workload-deploy', 'pod-binding', 'pod-status', 'pod-end']));
    // The native side never receives reads (the log group's subscription filter drops them); OCSF counts them.
    expect(lake.ignored.get('ocsf:not-relevant')).toBe(2);
    expect(lake.rejected.size).toBe(0);
    expect(lake.dropped.size).toBe(0);
  });

  it('exec-build: the command survives in http_request.url.path, the subresource in the concatenated resources[].type', async () => {
    const native = nativeAudit([EXEC_BUILD]);
    const lake = await viaSecurityLake([ocsfFromAuditEvent(EXEC_BUILD, 'prod-cluster')], 'EKS_AUDIT', { account: ACCOUNT });
    expect(native.signals.map((s) => s.rule)).toEqual(['exec-build']);
    expect(withoutRef(lake.signals)).toEqual(withoutRef(native.signals));
  });

  it('gap eks-audit.request-object-flattened: privilege on one of two containers is lost, so privileged-builder becomes builder-pod', async () => {
    const native = nativeAudit([TWO_CONTAINER_DIND]);
    const lake = await viaSecurityLake([ocsfFromAuditEvent(TWO_CONTAINER_DIND, 'prod-cluster')], 'EKS_AUDIT', { account: ACCOUNT });
    expect(native.signals.map((s) => s.rule)).toEqual(['privileged-builder', 'workload-deploy']);
    expect(lake.signals.map((s) => s.rule)).toEqual(['builder-pod', 'workload-deploy']);
    const [nativeBuild, nativeDeploy] = withoutRef(native.signals.filter((s) => s.rule === 'privileged-builder').concat(native.signals.filter((s) => s.rule === 'workload-deploy')));
    const [lakeBuild, lakeDeploy] = withoutRef(lake.signals.filter((s) => s.rule === 'builder-pod').concat(lake.signals.filter((s) => s.rule === 'workload-deploy')));
    expect(lakeDeploy).toEqual(nativeDeploy);
    // Exactly these differences: the rule (so the id), the method and the privilege.
    const strip = (s: Record<string, unknown>) => {
      const { id: _i, rule: _r, method: _m, privileged: _p, ...rest } = s;
      return rest;
    };
    expect(strip(lakeBuild as unknown as Record<string, unknown>)).toEqual(strip(nativeBuild as unknown as Record<string, unknown>));
    expect(lakeBuild).toMatchObject({ rule: 'builder-pod', method: 'builder-pod', privileged: false });
    expect(nativeBuild).toMatchObject({ rule: 'privileged-builder', method: 'privileged-builder', privileged: true });
    expect(lake.dropped.get('ocsf:ambiguous-unmapped')).toBe(1);
  });

  it('gap eks-audit.cluster-name: a row without unmapped.eks_cluster_name gives signals without cluster, nothing else differs', async () => {
    const native = nativeAudit(sampleEvents);
    const lake = await viaSecurityLake(sampleEvents.map((e) => ocsfFromAuditEvent(e)), 'EKS_AUDIT', { account: ACCOUNT });
    expect(withoutRef(lake.signals)).toEqual(withoutRef(native.signals).map(({ cluster: _c, ...s }) => s));
  });
});

// -------------------------------------------------------------------------------------- VPC flow

const flowFile = readFileSync(join(LOGS, 'vpc-flow-111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261102T0200Z.log.gz'));
const flowLines = gunzipSync(flowFile).toString('utf8').split('\n').filter((l) => l.trim().length > 0);
const [header, ...records] = flowLines as [string, ...string[]];
const fields = header.split(/\s+/);

describe.each<OcsfVersion>(['1.0.0-rc.2', '1.1.0'])('Security Lake VPC_FLOW (OCSF %s) gives the native signals', (version) => {
  it('the sample flow log: every egress and instance-ip signal equal but for ref', async () => {
    const native = normalizeSource('vpc-flow', flowLines.map((data, i) => ({ data, ref: `flow:${i + 1}` })), {}, settings);
    const rows = records.map((l) => ocsfFromFlowLine(fields, l, version)!);
    const lake = await viaSecurityLake(rows, 'VPC_FLOW');
    expect(native.signals.length).toBeGreaterThan(3);
    expect(withoutRef(lake.signals)).toEqual(withoutRef(native.signals));
    expect(lake.rejected.size).toBe(0);
    // The native file's header line is counted as a record; OCSF has none.
    const nativeIgnored = new Map(native.ignored);
    nativeIgnored.delete('vpc-flow:header');
    expect(lake.ignored).toEqual(nativeIgnored);
  });
});

// ------------------------------------------------------------------------------------ CloudTrail

const putImage = JSON.parse(readFileSync(join(__dirname, '../../../corpus/cloudtrail/awsdocs-ecr-cloudtrail-PutImage.json'), 'utf8')) as NativeJson;
const batchGetImage = JSON.parse(readFileSync(join(__dirname, '../../../corpus/cloudtrail/awsdocs-ecr-cloudtrail-BatchGetImage.json'), 'utf8')) as NativeJson;

describe.each<OcsfVersion>(['1.0.0-rc.2', '1.1.0'])('Security Lake CLOUD_TRAIL_MGMT (OCSF %s) gives the native PutImage signal', (version) => {
  it('PutImage → the same push signal; other calls are not relevant', async () => {
    const native = normalizeSource('cloudtrail', [{ data: putImage, ref: 'trail#0' }], {}, settings);
    const lake = await viaSecurityLake([ocsfFromCloudTrail(putImage, version), ocsfFromCloudTrail(batchGetImage, version)], 'CLOUD_TRAIL_MGMT');
    expect(native.signals.map((s) => s.rule)).toEqual(['cloudtrail-put-image']);
    expect(withoutRef(lake.signals)).toEqual(withoutRef(native.signals));
    expect(lake.ignored.get('ocsf:not-relevant')).toBe(1);
    expect(lake.dropped.size).toBe(0);
  });
});

// ---------------------------------------------------------------------------- CloudTrail RunInstances

/** The rule's own examples: an Auto Scaling launch of two CI runners (primary, secondary and IPv6 addresses), a refused launch. */
const runInstancesExamples = (JSON.parse(readFileSync(join(__dirname, '../../../../lambdas/core/rules/ec2/cloudtrail-run-instances.events.json'), 'utf8')) as { events: { name: string; input: NativeJson }[] }).events;
const twoRunners = runInstancesExamples[0]!.input;
const refused = runInstancesExamples.find((e) => (e.input as { errorCode?: string }).errorCode !== undefined)!.input;
/** The same launch with its first instance only. */
function oneRunner(): NativeJson {
  const r = structuredClone(twoRunners) as { responseElements: { instancesSet: { items: unknown[] } } };
  r.responseElements.instancesSet.items = r.responseElements.instancesSet.items.slice(0, 1);
  return r as unknown as NativeJson;
}
const links = (signals: readonly Signal[]) => signals.map((s) => (s.kind === 'link' && s.link === 'instance-ip' ? `${s.instanceId} ${s.ip}` : s.kind));

describe('Security Lake CLOUD_TRAIL_MGMT: EC2 RunInstances → the instance ↔ private IP links', () => {
  it('OCSF 1.1.0 (source version 2): api.response.data is the whole responseElements, every address of every instance is kept', async () => {
    const native = normalizeSource('cloudtrail', [{ data: twoRunners, ref: 'trail#0' }, { data: refused, ref: 'trail#1' }], {}, settings);
    const lake = await viaSecurityLake([ocsfFromCloudTrail(twoRunners, '1.1.0'), ocsfFromCloudTrail(refused, '1.1.0')], 'CLOUD_TRAIL_MGMT');
    expect(links(native.signals)).toEqual(['i-0c1a2b3c4d5e6f701 10.0.200.15', 'i-0c1a2b3c4d5e6f701 10.0.200.16', 'i-0c1a2b3c4d5e6f701 2600:1f18:4e2:9a00::1c', 'i-0c1a2b3c4d5e6f702 10.0.200.37']);
    expect(withoutRef(lake.signals)).toEqual(withoutRef(native.signals));
    expect(lake.ignored).toEqual(native.ignored);
    expect(lake.dropped.size).toBe(0);
  });

  it('OCSF 1.0.0-rc.2 (source version 1), one instance launched: its flattened response is rebuilt whole, the same links', async () => {
    const native = normalizeSource('cloudtrail', [{ data: oneRunner(), ref: 'trail#0' }], {}, settings);
    const lake = await viaSecurityLake([ocsfFromCloudTrail(oneRunner(), '1.0.0-rc.2')], 'CLOUD_TRAIL_MGMT');
    expect(links(lake.signals)).toEqual(['i-0c1a2b3c4d5e6f701 10.0.200.15', 'i-0c1a2b3c4d5e6f701 10.0.200.16', 'i-0c1a2b3c4d5e6f701 2600:1f18:4e2:9a00::1c']);
    expect(withoutRef(lake.signals)).toEqual(withoutRef(native.signals));
    // What the flattening does lose here is a member only some addresses have (the primary's
    // privateDnsName), which no rule reads: counted, not guessed.
    expect(Object.fromEntries(lake.dropped)).toEqual({ 'ocsf:ambiguous-unmapped': 1 });
  });

  it('OCSF 1.0.0-rc.2, several instances: each instance keeps its primary private IP (by instanceId index); its interfaces’ lists are lost and counted', async () => {
    const native = normalizeSource('cloudtrail', [{ data: twoRunners, ref: 'trail#0' }], {}, settings);
    const lake = await viaSecurityLake([ocsfFromCloudTrail(twoRunners, '1.0.0-rc.2')], 'CLOUD_TRAIL_MGMT');
    expect(links(lake.signals)).toEqual(['i-0c1a2b3c4d5e6f701 10.0.200.15', 'i-0c1a2b3c4d5e6f702 10.0.200.37']);
    // Exactly the native links of the primary addresses, same ids; secondary and IPv6 addresses are the documented loss.
    const primary = new Set(['10.0.200.15', '10.0.200.37']);
    expect(withoutRef(lake.signals)).toEqual(withoutRef(native.signals.filter((s) => s.kind === 'link' && s.link === 'instance-ip' && primary.has(s.ip))));
    expect(Object.fromEntries(lake.dropped)).toEqual({ 'ocsf:ambiguous-unmapped': 1 });
  });
});

// -------------------------------------------------------------------------------------- findings

describe('the sample attack correlated: the same findings (id, severity, stages) natively and from Security Lake', () => {
  const store = useEmbeddedStore();
  const config = JSON.parse(readFileSync(join(__dirname, '../../../../samples/config.json'), 'utf8')) as unknown;
  // Security Lake has no EventBridge "ECR Image Action": the pushes come natively in both runs.
  const ecrEvents = readFileSync(join(LOGS, 'ecr-events.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l, i) => ({ data: JSON.parse(l) as unknown, ref: `ecr:${i + 1}` }));
  const pushes = () => normalizeSource('ecr-event', ecrEvents, {}, settings).signals;
  const summary = (fs: Finding[]) => fs.map((f) => ({ id: f.id, severity: f.severity, stages: f.stages, images: f.images, account: f.account, cluster: f.cluster })).sort((a, b) => a.id.localeCompare(b.id));

  it('same finding ids, severities and stages', async () => {
    const nativeSignals = [...nativeAudit(sampleEvents).signals, ...normalizeSource('vpc-flow', flowLines.map((data, i) => ({ data, ref: `flow:${i + 1}` })), {}, settings).signals, ...pushes()];
    const lakeSignals = [
      ...(await viaSecurityLake(sampleEvents.map((e) => ocsfFromAuditEvent(e, 'prod-cluster')), 'EKS_AUDIT', { account: ACCOUNT })).signals,
      ...(await viaSecurityLake(records.map((l) => ocsfFromFlowLine(fields, l, '1.1.0')!), 'VPC_FLOW')).signals,
      ...pushes(),
    ];
    const byTime = (ss: Signal[]) => [...ss].sort((a, b) => a.time.localeCompare(b.time));
    const native = await runBatches(await store.fresh(), [byTime(nativeSignals)], config);
    const lake = await runBatches(await store.fresh(), [byTime(lakeSignals)], config);
    expect(native.findings.length).toBeGreaterThan(0);
    expect(summary(lake.findings)).toEqual(summary(native.findings));
  });
});
