/**
 * A monitoring agent rolls out on 200 nodes: its DaemonSet pods mount /var/run/docker.sock to read
 * container metadata and ship metrics to their SaaS intake (untrusted egress from every pod). Through
 * the real ingest Lambdas (raw audit and flow-log events, dynalite, mocked SQS), that is 200
 * capabilities and 200 egress signals, and no finding: nothing reaches the findings queue, so the
 * publisher sends no SNS message.
 */
import type { CloudWatchLogsEvent, Context } from 'aws-lambda';
import type { IngestSummary } from '../../lambdas/handlers/ingest/ingest-report';
import { FLOW_GROUP, cwlEvent, cwlPayload, handlerPath, lambdaContext, loadHandler, useFrozenClockAndCapture, useIngestEnv } from './ingest-support';

type CwlHandler = (event: CloudWatchLogsEvent, context: Context) => Promise<IngestSummary>;
const NODES = 200;
const T = Date.parse('2026-11-02T02:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const node = (i: number) => `ip-10-0-${8 + (i >> 7)}-${(i & 127) + 1}.ec2.internal`;
const podIp = (i: number) => `10.0.${16 + (i >> 7)}.${(i & 127) + 1}`;
const pod = (i: number) => `datadog-agent-${i.toString(36).padStart(5, 'x')}`;

function audit(i: number, n: number, at: number, user: string, verb: string, subresource: string | undefined, requestObject: object): { id: string; timestamp: number; message: string } {
  const event = {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'RequestResponse', auditID: `da7a${String(i).padStart(4, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`, stage: 'ResponseComplete',
    requestURI: `/api/v1/namespaces/datadog/pods${subresource ? `/${pod(i)}/${subresource}` : ''}`, verb, user: { username: user, groups: ['system:authenticated'] },
    objectRef: { resource: 'pods', namespace: 'datadog', name: pod(i), apiVersion: 'v1', ...(subresource ? { subresource } : {}) },
    responseStatus: { metadata: {}, code: verb === 'create' ? 201 : 200 }, requestObject, requestReceivedTimestamp: iso(at - 20), stageTimestamp: iso(at),
  };
  return { id: `${i}-${n}`, timestamp: at, message: JSON.stringify(event) };
}

function rollout(): Array<{ id: string; timestamp: number; message: string }> {
  return Array.from({ length: NODES }, (_, i) => {
    const at = T + i * 1000;
    const spec = {
      kind: 'Pod', apiVersion: 'v1',
      metadata: { name: pod(i), generateName: 'datadog-agent-', namespace: 'datadog', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'datadog-agent', uid: 'u-1', controller: true }] },
      spec: { nodeName: node(i), containers: [{ name: 'agent', image: 'gcr.io/datadoghq/agent:7.59.0', volumeMounts: [{ name: 'dockersocket', mountPath: '/host/var/run/docker.sock' }] }], volumes: [{ name: 'dockersocket', hostPath: { path: '/var/run/docker.sock' } }] },
    };
    return [
      audit(i, 1, at, 'system:serviceaccount:kube-system:daemon-set-controller', 'create', undefined, spec),
      audit(i, 2, at + 3000, `system:node:${node(i)}`, 'patch', 'status', { status: { podIP: podIp(i), podIPs: [{ ip: podIp(i) }], phase: 'Running' } }),
    ];
  }).flat();
}

/** The agents' metrics to the SaaS intake, in the sample config's v5 flow-log format. */
function agentEgress(): Array<{ id: string; timestamp: number; message: string }> {
  const start = Math.floor(T / 1000) + 300;
  return Array.from({ length: NODES }, (_, i) => ({
    id: `f-${i}`,
    timestamp: (start + 60) * 1000,
    message: `5 111122223333 eni-0a${String(i).padStart(15, '0')} ${podIp(i)} 3.233.146.9 4${String(i).padStart(4, '0')} 443 6 88 61220 ${start} ${start + 60} ACCEPT OK vpc-0123456789abcdef0 subnet-0123456789abcdef0 i-0d${String(i).padStart(15, '0')} 3 IPv4 ${podIp(i)} 3.233.146.9 us-east-1 use1-az2 - - egress 8`,
  }));
}

describe('A 200-node monitoring DaemonSet rollout with docker.sock mounts', () => {
  const env = useIngestEnv();
  useFrozenClockAndCapture('2026-11-02T02:10:00.000Z');

  it('yields 200 capabilities, no finding and nothing for the publisher to page', async () => {
    const lambdaEnv = await env.freshEnv();
    const eks = loadHandler<CwlHandler>(handlerPath('eks-audit'), lambdaEnv);
    const audit = await eks.handler(cwlEvent(cwlPayload('/aws/eks/prod-cluster/cluster', 'kube-apiserver-audit-0a1b2c3d', rollout())), lambdaContext('an1261-eks-audit'));
    expect(audit).toMatchObject({ records: 2 * NODES, rejected: 0, findings: [] });
    expect(audit.signals).toMatchObject({ capability: NODES, build: 0 });

    const flow = loadHandler<CwlHandler>(handlerPath('flow-logs'), lambdaEnv);
    const egress = await flow.handler(cwlEvent(cwlPayload(FLOW_GROUP, 'eni-all', agentEgress())), lambdaContext('an1261-flow-logs'));
    expect(egress).toMatchObject({ rejected: 0, findings: [] });
    expect(egress.signals.egress).toBe(NODES);

    expect([...eks.sentUpdates(), ...flow.sentUpdates()]).toEqual([]);
    expect(eks.sqs.calls()).toHaveLength(0);
    expect(flow.sqs.calls()).toHaveLength(0);
  }, 60_000);
});
