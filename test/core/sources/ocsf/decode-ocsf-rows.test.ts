/** decodeOcsfRows on Security Lake-shaped rows: the native records it writes, and every row counted. */
import { BatchCollector } from '../../../../lambdas/core/envelopes/batch-collector';
import type { SecurityLakeSource } from '../../../../lambdas/core/model/config';
import { Tally } from '../../../../lambdas/core/model/normalize-result';
import { compileSettings } from '../../../../lambdas/core/model/settings';
import { parseConfig } from '../../../../lambdas/core/model/config';
import { normalizeSource } from '../../../../lambdas/core/sources/normalize-source';
import { OCSF_FLOW_FORMAT, OCSF_GAPS, decodeOcsfRows, ocsfGapsOf } from '../../../../lambdas/core/sources/ocsf';
import { auditEventOf, splitResourceType } from '../../../../lambdas/core/sources/ocsf/audit-from-ocsf';
import { cloudTrailRecordOf } from '../../../../lambdas/core/sources/ocsf/cloudtrail-from-ocsf';
import { unflattenUnder } from '../../../../lambdas/core/sources/ocsf/unflatten';
import { CLOUDTRAIL_V1_PUT_IMAGE, CLOUDTRAIL_V1_RUN_INSTANCES, CLOUDTRAIL_V2_OTHER_CALL, EKS_KANIKO_POD, EKS_NODE_CREATE, VPC_V1_REFUSED, VPC_V2_POD_EGRESS } from './ocsf-fixtures';

const settings = compileSettings(parseConfig({ internalCidrs: ['10.0.0.0/16'] }));

function decode(rows: unknown[], lakeSource: SecurityLakeSource, ctx: { account?: string; region?: string } = {}) {
  const collector = new BatchCollector();
  const tally = new Tally();
  decodeOcsfRows(rows, (i) => `obj#${i}`, { ...ctx, lakeSource }, collector, tally);
  return { collector, tally };
}

function normalized(rows: unknown[], lakeSource: SecurityLakeSource, ctx: { account?: string; region?: string } = {}) {
  const { collector, tally } = decode(rows, lakeSource, ctx);
  for (const b of collector.batches) normalizeSource(b.source, b.records, b.ctx, settings, tally);
  return tally;
}

const clone = <T>(x: T): T => structuredClone(x);

describe('VPC_FLOW rows → flow-log lines', () => {
  it('source version 1: the refused inbound attempt is the native line, interface ids from dst_endpoint (ingress)', () => {
    const { collector } = decode([VPC_V1_REFUSED], 'VPC_FLOW', { account: '111122223333', region: 'us-east-1' });
    expect(collector.batches).toHaveLength(1);
    expect(collector.batches[0]).toMatchObject({ source: 'vpc-flow', ctx: { account: '111122223333', region: 'us-east-1', flowFormat: OCSF_FLOW_FORMAT } });
    expect(collector.batches[0]!.records).toEqual([
      {
        data: '5 111122223333 eni-0c1d2e3f4a5b6c7d8 198.51.100.7 10.0.1.57 56858 22 6 1 40 1793585650 1793585710 REJECT OK vpc-0123456789abcdef0 subnet-0123456789abcdef0 i-0a1b2c3d4e5f60718 2 IPv4 198.51.100.7 10.0.1.57 us-east-1 use1-az2 - - ingress -',
        ref: 'obj#0',
      },
    ]);
    const tally = normalized([VPC_V1_REFUSED], 'VPC_FLOW');
    expect(tally.summary()).toMatchObject({ records: 1, ignored: { 'vpc-flow:not-accepted': 1 }, rejected: {} });
  });

  it('source version 2: BigInt counters, Date end time, pkt-srcaddr from ip and srcaddr from intermediate_ips', () => {
    const { collector } = decode([VPC_V2_POD_EGRESS], 'VPC_FLOW');
    expect(collector.batches[0]!.records[0]!.data).toBe(
      '5 111122223333 eni-0c1d2e3f4a5b6c7d8 10.0.1.23 185.220.101.47 45672 4444 6 61 48213 1793584860 1793584920 ACCEPT OK vpc-0123456789abcdef0 subnet-0123456789abcdef0 i-0a1b2c3d4e5f60718 2 IPv4 10.0.1.57 185.220.101.47 us-east-1 use1-az2 - - egress 8',
    );
    const tally = normalized([VPC_V2_POD_EGRESS], 'VPC_FLOW');
    const egress = tally.signals.find((s) => s.kind === 'egress');
    expect(egress).toMatchObject({ srcIp: '10.0.1.57', dstIp: '185.220.101.47', dstPort: 4444, bytes: 48213, packets: 61, account: '111122223333', region: 'us-east-1', firstSeen: '2026-11-02T02:01:00.000Z', lastSeen: '2026-11-02T02:02:00.000Z', nonStandardPort: true, ref: 'obj#0' });
    expect(egress).toMatchObject({ host: { instanceId: 'i-0a1b2c3d4e5f60718', eni: 'eni-0c1d2e3f4a5b6c7d8', ip: '10.0.1.57' } });
    // The node's own address (srcaddr) links the instance, never the pod's.
    expect(tally.signals.find((s) => s.rule === 'instance-ip')).toMatchObject({ instanceId: 'i-0a1b2c3d4e5f60718', ip: '10.0.1.23' });
  });

  it('numbers given as plain numbers or decimal strings read the same as BigInt', () => {
    const row = clone(VPC_V2_POD_EGRESS) as Record<string, unknown>;
    row.traffic = { bytes: '48213', packets: 61 };
    row.time = 1793584860000;
    expect(decode([row], 'VPC_FLOW').collector.batches[0]!.records[0]!.data).toBe(decode([VPC_V2_POD_EGRESS], 'VPC_FLOW').collector.batches[0]!.records[0]!.data);
  });

  it('a NODATA row (no addresses, disposition Unknown) is the native NODATA line', () => {
    const row = { ...clone(VPC_V2_POD_EGRESS), status_code: 'NODATA', src_endpoint: { ip: null, port: null, svc_name: '-' }, dst_endpoint: { ip: null, port: null, svc_name: '-' }, action: 'Unknown', action_id: 0, disposition: 'Unknown', traffic: { packets: null, bytes: null } };
    expect(normalized([row], 'VPC_FLOW').summary()).toMatchObject({ records: 1, ignored: { 'vpc-flow:nodata': 1 }, rejected: {} });
  });

  it('a field that would break the line into more columns is a counted reject', () => {
    const row = clone(VPC_V2_POD_EGRESS) as Record<string, unknown>;
    row.dst_endpoint = { ip: '185.220.101.47 ACCEPT', port: 4444, svc_name: '-' };
    const { tally, collector } = decode([row], 'VPC_FLOW');
    expect(collector.records).toBe(0);
    expect(tally.summary()).toMatchObject({ records: 1, rejected: { 'ocsf:invalid-flow-field': 1 } });
    expect(tally.rejectSamples[0]).toMatchObject({ ref: 'obj#0', detail: 'dst_endpoint.intermediate_ips/ip: "185.220.101.47 ACCEPT"' });
  });
});

describe('EKS_AUDIT rows → audit Events', () => {
  it('the documented sample shape: every mapped field back in place (user.extra.arn from cloud.account.uid)', () => {
    const out = auditEventOf(EKS_NODE_CREATE);
    expect(out).toEqual({
      cluster: 'prod-cluster',
      drops: [],
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'RequestResponse',
        auditID: 'f47c68f2-d3ac-4f96-b2f4-5d497bf79b64',
        stage: 'ResponseComplete',
        requestURI: '/api/v1/nodes',
        verb: 'create',
        user: {
          username: 'system:node:ip-10-0-1-23.ec2.internal',
          uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLENODE',
          groups: ['system:bootstrappers', 'system:nodes', 'system:authenticated'],
          extra: {
            arn: ['arn:aws:sts::111122223333:assumed-role/eks-node-role/i-0a1b2c3d4e5f60718'],
            canonicalArn: ['arn:aws:iam::111122223333:role/eks-node-role'],
            sessionName: ['i-0a1b2c3d4e5f60718'],
            accessKeyId: ['ASIAEXAMPLENODE0001'],
          },
        },
        sourceIPs: ['10.0.1.23'],
        userAgent: 'kubelet/v1.31.2 (linux/amd64) kubernetes/5864a46',
        objectRef: { resource: 'nodes', name: 'ip-10-0-1-23.ec2.internal', apiVersion: 'v1' },
        responseStatus: { code: 201 },
        requestObject: { spec: { providerID: 'aws:///us-east-1a/i-0a1b2c3d4e5f60718' }, status: { addresses: [{ address: '10.0.1.23', type: 'InternalIP' }, { address: 'ip-10-0-1-23.ec2.internal', type: 'Hostname' }] } },
        requestReceivedTimestamp: '2026-11-02T01:00:00.502Z',
        stageTimestamp: '2026-11-02T01:00:00.642Z',
      },
    });
    expect(normalized([EKS_NODE_CREATE], 'EKS_AUDIT').summary()).toMatchObject({ records: 1, ignored: { 'eks-audit:irrelevant-resource': 1 }, rejected: {} });
  });

  it('a kaniko pod: image from api.request.containers, args from unmapped, the cluster from eks_cluster_name, the account from the object', () => {
    const tally = normalized([EKS_KANIKO_POD], 'EKS_AUDIT', { account: '111122223333', region: 'us-east-1' });
    const build = tally.signals.find((s) => s.rule === 'builder-pod');
    expect(build).toMatchObject({
      kind: 'build',
      method: 'builder-pod',
      tool: 'kaniko',
      image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments-api:v2.3.1-hotfix',
      namespace: 'payments',
      workload: 'kaniko-debug-7f9c',
      cluster: 'prod-cluster',
      account: '111122223333',
      region: 'us-east-1',
      actor: { arn: 'arn:aws:iam::111122223333:role/dev-admin', sessionName: 'alice', k8sUser: 'arn:aws:sts::111122223333:assumed-role/dev-admin/alice' },
      ref: 'obj#0',
    });
    expect(tally.signals.map((s) => s.rule).sort()).toEqual(['builder-pod', 'workload-deploy']);
  });

  it('reads (get, list, watch) other than exec are not relevant, as the log group subscription filter would have dropped them', () => {
    const list = { ...clone(EKS_KANIKO_POD), api: { operation: 'list', request: { uid: 'a1' } } };
    const getExec = { ...clone(EKS_KANIKO_POD), api: { operation: 'get', request: { uid: 'a2' } }, resources: [{ name: 'p', namespace: 'n', type: 'podsexec' }], http_request: { url: { path: '/api/v1/namespaces/n/pods/p/exec?command=sh' } } };
    const { tally, collector } = decode([list, getExec], 'EKS_AUDIT');
    expect(tally.summary()).toMatchObject({ records: 1, ignored: { 'ocsf:not-relevant': 1 } });
    expect(collector.records).toBe(1);
  });

  it('rows of two clusters go to two batches, each with its cluster', () => {
    const other = clone(EKS_KANIKO_POD);
    other.unmapped.eks_cluster_name = 'staging';
    const { collector } = decode([EKS_KANIKO_POD, other, EKS_KANIKO_POD], 'EKS_AUDIT', { account: '111122223333' });
    expect(collector.batches.map((b) => [b.ctx.cluster, b.records.length])).toEqual([['prod-cluster', 1], ['staging', 1], ['prod-cluster', 1]]);
    expect(collector.batches[0]!.ctx).toBe(collector.batches[2]!.ctx);
  });

  it('api.request.data (the 1.5.0 mapping) is the requestObject itself', () => {
    const row = clone(EKS_KANIKO_POD) as Record<string, unknown> & { api: Record<string, unknown> };
    row.api = { ...row.api, request: { uid: 'x1', data: JSON.stringify({ spec: { containers: [{ name: 'b', image: 'moby/buildkit:v0.17.0', securityContext: { privileged: true } }] } }) } };
    const tally = normalized([row], 'EKS_AUDIT');
    expect(tally.signals.find((s) => s.kind === 'build')).toMatchObject({ rule: 'privileged-builder', tool: 'buildkit', privileged: true });
  });

  it('a row without auditID or verb is a counted reject naming the field', () => {
    const noId = clone(EKS_KANIKO_POD) as Record<string, unknown>;
    noId.api = { operation: 'create' };
    const noVerb = clone(EKS_KANIKO_POD) as Record<string, unknown>;
    noVerb.api = { request: { uid: 'x' } };
    const { tally } = decode([noId, noVerb], 'EKS_AUDIT');
    expect(tally.rejectSamples.map((r) => r.detail)).toEqual(['api.request.uid (auditID)', 'api.operation (verb)']);
    expect(tally.summary()).toMatchObject({ records: 2, rejected: { 'ocsf:missing-field': 2 } });
  });

  it('strings are capped: an oversized requestURI is cut to 64 KiB', () => {
    const row = clone(EKS_KANIKO_POD);
    row.http_request.url.path = `/api/v1/x?${'a'.repeat(200_000)}`;
    const out = auditEventOf(row);
    expect('event' in out && (out.event.requestURI as string).length).toBe(65_536);
  });
});

describe('CLOUD_TRAIL_MGMT rows → CloudTrail records (ECR PutImage, EC2 RunInstances)', () => {
  it('source version 1 (class 3005): the push signal, from requestParameters/responseElements flattened in unmapped', () => {
    const tally = normalized([CLOUDTRAIL_V1_PUT_IMAGE], 'CLOUD_TRAIL_MGMT');
    expect(tally.signals).toEqual([
      expect.objectContaining({
        kind: 'push',
        rule: 'cloudtrail-put-image',
        time: '2026-11-02T02:16:41.000Z',
        account: '111122223333',
        region: 'us-east-1',
        repository: 'payments-api',
        tag: 'v2.3.1-hotfix',
        digest: 'sha256:e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3e3',
        actor: { arn: 'arn:aws:iam::111122223333:role/dev-admin', sessionArn: 'arn:aws:sts::111122223333:assumed-role/dev-admin/alice', sessionName: 'alice' },
        ref: 'obj#0',
      }),
    ]);
  });

  it('other calls, and CloudTrail classes other than API Activity, are not relevant; a 6003 row in a version-1 object is not API Activity there', () => {
    const auth = { ...clone(CLOUDTRAIL_V2_OTHER_CALL), class_uid: 3002 };
    const misfiled = { ...clone(CLOUDTRAIL_V1_PUT_IMAGE), class_uid: 6003 };
    const { tally, collector } = decode([CLOUDTRAIL_V2_OTHER_CALL, auth, misfiled], 'CLOUD_TRAIL_MGMT');
    expect(collector.records).toBe(0);
    expect(tally.summary()).toMatchObject({ records: 3, ignored: { 'ocsf:not-relevant': 3 }, rejected: {} });
  });

  it('source version 1 RunInstances: each launched instance with its primary private IP, told apart by instanceId; the joined interface lists are dropped and counted', () => {
    const tally = normalized([CLOUDTRAIL_V1_RUN_INSTANCES], 'CLOUD_TRAIL_MGMT');
    expect(tally.signals.map((s) => (s.kind === 'link' && s.link === 'instance-ip' ? [s.rule, s.link, s.instanceId, s.ip, s.time, s.account, s.region, s.ref] : s.kind))).toEqual([
      ['cloudtrail-run-instances', 'instance-ip', 'i-0c1a2b3c4d5e6f701', '10.0.200.15', '2026-11-02T09:59:02.000Z', '111122223333', 'us-east-1', 'obj#0'],
      ['cloudtrail-run-instances', 'instance-ip', 'i-0c1a2b3c4d5e6f702', '10.0.200.37', '2026-11-02T09:59:02.000Z', '111122223333', 'us-east-1', 'obj#0'],
    ]);
    // 10.0.200.16 and the IPv6 address belong to one of the two instances: which one, the joined values do not say.
    expect(tally.summary()).toMatchObject({ records: 1, rejected: {}, ignored: {} });
    expect(Object.fromEntries(tally.dropped)).toEqual({ 'ocsf:ambiguous-unmapped': 1 });
    const out = cloudTrailRecordOf(CLOUDTRAIL_V1_RUN_INSTANCES);
    if (!('record' in out)) throw new Error('not mapped');
    // requestParameters is not read by the rule: not mapped, so its joined tag lists cost nothing.
    expect(out.record).not.toHaveProperty('requestParameters');
    expect(out.record).toMatchObject({ eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', sourceIPAddress: 'autoscaling.amazonaws.com', userIdentity: { invokedBy: 'autoscaling.amazonaws.com' } });
  });

  it('source version 1 RunInstances: the instances are counted by instanceId, so members only some have cost neither the others nor the pairing', () => {
    const row = clone(CLOUDTRAIL_V1_RUN_INSTANCES);
    // Most members given for one instance only: their most frequent count would say one instance.
    for (const k of ['imageId', 'instanceType', 'launchTime', 'subnetId', 'vpcId', 'privateDnsName', 'stateReason.message', 'instanceState.code', 'instanceState.name'] as const) {
      row.unmapped[`responseElements.instancesSet.items[].${k}`] = row.unmapped[`responseElements.instancesSet.items[].${k}`].split(',')[0]!;
    }
    const links = (r: typeof row) => normalized([r], 'CLOUD_TRAIL_MGMT').signals.map((s) => (s.kind === 'link' && s.link === 'instance-ip' ? `${s.instanceId} ${s.ip}` : s.kind));
    expect(links(row)).toEqual(['i-0c1a2b3c4d5e6f701 10.0.200.15', 'i-0c1a2b3c4d5e6f702 10.0.200.37']);
    // A primary address only one of the two instances reports is laid on neither: nothing is guessed, the row is a counted reject.
    row.unmapped['responseElements.instancesSet.items[].privateIpAddress'] = '10.0.200.37';
    const tally = normalized([row], 'CLOUD_TRAIL_MGMT');
    expect(tally.signals).toEqual([]);
    expect(tally.summary()).toMatchObject({ records: 1, rejected: { 'cloudtrail:run-instances-unreadable': 1 } });
    expect(Object.fromEntries(tally.dropped)).toEqual({ 'ocsf:ambiguous-unmapped': 1 });
  });

  it('RunInstances rows that launched nothing are counted as the native records are: refused, or without responseElements', () => {
    const refusedRow = clone(CLOUDTRAIL_V1_RUN_INSTANCES);
    refusedRow.api = { ...refusedRow.api, response: { error: 'Client.UnauthorizedOperation', message: 'You are not authorized to perform this operation.' } } as typeof refusedRow.api;
    const withoutResponse = clone(CLOUDTRAIL_V1_RUN_INSTANCES);
    withoutResponse.unmapped = Object.fromEntries(Object.entries(withoutResponse.unmapped).filter(([k]) => !k.startsWith('responseElements.'))) as typeof withoutResponse.unmapped;
    const tally = normalized([refusedRow, withoutResponse], 'CLOUD_TRAIL_MGMT');
    expect(tally.signals).toEqual([]);
    expect(tally.summary()).toMatchObject({ records: 2, rejected: {}, ignored: { 'cloudtrail:error-ignored:Client.UnauthorizedOperation': 1, 'cloudtrail:run-instances-without-instances': 1 } });
  });

  it('a PutImage row without a time is a counted reject', () => {
    const row = clone(CLOUDTRAIL_V1_PUT_IMAGE) as Record<string, unknown>;
    delete row.time;
    expect(decode([row], 'CLOUD_TRAIL_MGMT').tally.summary()).toMatchObject({ records: 1, rejected: { 'ocsf:invalid-time': 1 } });
  });
});

describe('every row is counted', () => {
  it('not an object, no class_uid, an unsupported OCSF version, another class: reject, reject, reject, ignore', () => {
    const v2 = { ...clone(VPC_V2_POD_EGRESS), metadata: { version: '2.0.0' } };
    const dns = { ...clone(VPC_V2_POD_EGRESS), class_uid: 4003 };
    const noClass = clone(VPC_V2_POD_EGRESS) as Record<string, unknown>;
    delete noClass.class_uid;
    const { tally, collector } = decode(['a line', null, noClass, v2, dns, VPC_V2_POD_EGRESS], 'VPC_FLOW');
    expect(collector.records).toBe(1);
    expect(tally.summary()).toMatchObject({
      records: 5,
      rejected: { 'ocsf:not-an-object': 2, 'ocsf:missing-class-uid': 1, 'ocsf:unsupported-version': 1 },
      ignored: { 'ocsf:not-relevant': 1 },
    });
    expect(tally.rejectSamples.find((r) => r.reason === 'ocsf:unsupported-version')?.detail).toBe('metadata.version "2.0.0"');
  });

  it('a failing refOf costs its row, not the object', () => {
    const collector = new BatchCollector();
    const tally = new Tally();
    decodeOcsfRows([VPC_V2_POD_EGRESS, VPC_V2_POD_EGRESS], (i) => {
      if (i === 0) throw new Error('no ref');
      return `obj#${i}`;
    }, { lakeSource: 'VPC_FLOW' }, collector, tally);
    expect(collector.records).toBe(1);
    expect(tally.summary()).toMatchObject({ records: 1, rejected: { 'ocsf:internal-error': 1 } });
  });
});

describe('unflattenUnder: the flattened `unmapped` back into objects, without guessing', () => {
  it('one element is rebuilt whole, nested lists included; booleans of known members are booleans', () => {
    const u = { 'r.spec.containers[].name': 'dind', 'r.spec.containers[].args[]': '--tls=false,--host=tcp://0.0.0.0:2375', 'r.spec.containers[].securityContext.privileged': 'true', 'r.metadata.labels.app': 'true' };
    expect(unflattenUnder(u, 'r')).toEqual({
      value: { spec: { containers: [{ name: 'dind', args: ['--tls=false', '--host=tcp://0.0.0.0:2375'], securityContext: { privileged: true } }] }, metadata: { labels: { app: 'true' } } },
      ambiguous: [],
      truncated: false,
    });
  });

  it('several elements: members every element has are laid back by index; the others are ambiguous, left out and named', () => {
    const u = { 'r.spec.volumes[].name': 'sock,config', 'r.spec.volumes[].hostPath.path': '/var/run/docker.sock', 'r.spec.containers[].name': 'a,b', 'r.spec.containers[].image': 'x:1,y:2', 'r.spec.containers[].command[]': 'sh,-c' };
    expect(unflattenUnder(u, 'r')).toEqual({
      value: { spec: { volumes: [{ name: 'sock' }, { name: 'config' }], containers: [{ name: 'a', image: 'x:1' }, { name: 'b', image: 'y:2' }] } },
      ambiguous: ['spec.volumes[].hostPath.path', 'spec.containers.command[]'],
      truncated: false,
    });
  });

  it('a JSON-patch body (an array at the root), podIPs lists, prototype keys ignored', () => {
    expect(unflattenUnder({ 'r[].op': 'replace', 'r[].path': '/spec/template/spec/containers/0/image', 'r[].value': 'nginx:1.27' }, 'r').value).toEqual([{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'nginx:1.27' }]);
    expect(unflattenUnder({ 'r.status.podIPs[].ip': '10.0.1.5,fd00::5', 'r.__proto__.x': '1' }, 'r').value).toEqual({ status: { podIPs: [{ ip: '10.0.1.5' }, { ip: 'fd00::5' }] } });
    expect(unflattenUnder({ other: 'x' }, 'r').value).toBeUndefined();
  });

  it('reads at most the capped size of unmapped, and says so', () => {
    const u = { 'r.a': 'x'.repeat(200_000), 'r.b': 'y'.repeat(200_000) };
    const out = unflattenUnder(u, 'r');
    expect(out.truncated).toBe(true);
    expect(out.value).toEqual({ a: 'x'.repeat(200_000) });
  });
});

describe('resources[].type: resource and subresource concatenated', () => {
  it.each([
    ['pods', { resource: 'pods' }],
    ['podsexec', { resource: 'pods', subresource: 'exec' }],
    ['pods/exec', { resource: 'pods', subresource: 'exec' }],
    ['podsbinding', { resource: 'pods', subresource: 'binding' }],
    ['podsstatus', { resource: 'pods', subresource: 'status' }],
    ['podsephemeralcontainers', { resource: 'pods', subresource: 'ephemeralcontainers' }],
    ['bindings', { resource: 'bindings' }],
    ['deploymentsscale', { resource: 'deployments', subresource: 'scale' }],
    ['serviceaccountstoken', { resource: 'serviceaccounts', subresource: 'token' }],
  ])('%s', (type, expected) => expect(splitResourceType(type)).toEqual(expected));
});

describe('OCSF_GAPS', () => {
  it('names each configured source’s losses, with stable ids', () => {
    expect(ocsfGapsOf(['CLOUD_TRAIL_MGMT']).map((g) => g.id)).toEqual(['cloudtrail.put-image-none-known', 'cloudtrail.run-instances-flattened']);
    expect(new Set(OCSF_GAPS.map((g) => g.id)).size).toBe(OCSF_GAPS.length);
    expect(ocsfGapsOf(['VPC_FLOW', 'EKS_AUDIT', 'CLOUD_TRAIL_MGMT'])).toHaveLength(OCSF_GAPS.length);
  });
});
