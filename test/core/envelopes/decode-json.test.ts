/**
 * Envelope decoding: every accepted JSON shape becomes batches of one source, and what cannot be
 * read is counted with a reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BatchCollector } from '../../../lambdas/core/envelopes/batch-collector';
import { JsonDecoder } from '../../../lambdas/core/envelopes/decode-json';
import { SourceRouter } from '../../../lambdas/core/envelopes/source-router';
import { DEFAULT_CONFIG, parseConfig } from '../../../lambdas/core/model/config';
import { Tally } from '../../../lambdas/core/model/normalize-result';
import { CORPUS_DIR } from '../../support/corpus';

const CORPUS = CORPUS_DIR;
const corpus = (p: string) => JSON.parse(readFileSync(join(CORPUS, p), 'utf8'));

const AUDIT_EVENT = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'RequestResponse',
  auditID: '6b1d5e0a-1f52-4b1e-9e43-3c1f0c1f2a11',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/namespaces/default/pods',
  verb: 'create',
  user: { username: 'kubernetes-admin' },
  objectRef: { resource: 'pods', namespace: 'default', name: 'x', apiVersion: 'v1' },
  responseStatus: { code: 201 },
  stageTimestamp: '2026-11-02T10:00:00.000000Z',
};

function cwlPayload(logGroup: string, logStream: string, messages: string[], messageType = 'DATA_MESSAGE') {
  return {
    messageType,
    owner: '111122223333',
    logGroup,
    logStream,
    subscriptionFilters: ['an1261'],
    logEvents: messages.map((message, i) => ({ id: `e${i}`, timestamp: 1793613600000 + i, message })),
  };
}

const awslogs = (payload: unknown) => ({ awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } });

function decode(value: unknown, config = DEFAULT_CONFIG) {
  const out = new BatchCollector();
  const tally = new Tally();
  new JsonDecoder({ router: new SourceRouter(config.sources) }).decode(value, 'test', out, tally);
  return { batches: out.batches, tally };
}

describe('JsonDecoder', () => {
  it('decodes the Lambda CloudWatch Logs envelope of aws-lambda-go and routes by content', () => {
    const { batches, tally } = decode(corpus('cwl-subscription/aws-lambda-go-cloudwatch-logs-event.lambda-envelope.json'));
    // "[ERROR] First test message" is neither a flow log, dockerd nor auditd line: counted, not lost.
    expect(batches).toHaveLength(0);
    expect(tally.summary().rejected).toEqual({ 'envelope:unrecognized-text': 2 });
  });

  it('routes an EKS control-plane log group to the audit normalizer with the cluster from its name', () => {
    const { batches } = decode(awslogs(cwlPayload('/aws/eks/prod-cluster/cluster', 'kube-apiserver-audit-0a1b2c', [JSON.stringify(AUDIT_EVENT)])));
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({
      source: 'eks-audit',
      ctx: { cluster: 'prod-cluster', logGroup: '/aws/eks/prod-cluster/cluster', logStream: 'kube-apiserver-audit-0a1b2c', account: '111122223333' },
      records: [{ ref: 'cwl:/aws/eks/prod-cluster/cluster/kube-apiserver-audit-0a1b2c#e0', timestamp: 1793613600000 }],
    });
  });

  it('skips CONTROL_MESSAGE reachability checks, counting them', () => {
    const { batches, tally } = decode(awslogs(cwlPayload('/aws/eks/p/cluster', 's', ['CWL CONTROL MESSAGE: Checking health of destination'], 'CONTROL_MESSAGE')));
    expect(batches).toHaveLength(0);
    expect(tally.summary().ignored).toEqual({ 'envelope:control-message': 1 });
  });

  it('routes configured flow-log groups with their format string', () => {
    const config = parseConfig({ sources: { flowLogs: [{ logGroup: '/vpc/flow/*', format: '${srcaddr} ${dstaddr} ${action} ${log-status}' }] } });
    const { batches } = decode(cwlPayload('/vpc/flow/prod', 'eni-0a1b2c3d-all', ['10.0.0.1 8.8.8.8 ACCEPT OK']), config);
    expect(batches[0]).toMatchObject({ source: 'vpc-flow', ctx: { flowFormat: '${srcaddr} ${dstaddr} ${action} ${log-status}' } });
  });

  it('decodes CloudWatch Logs payloads inside Kinesis records (gzipped, base64)', () => {
    const payload = cwlPayload('/aws/eks/prod/cluster', 'kube-apiserver-audit-1', [JSON.stringify(AUDIT_EVENT)]);
    const event = { Records: [{ kinesis: { data: gzipSync(JSON.stringify(payload)).toString('base64'), sequenceNumber: '1' }, eventSource: 'aws:kinesis' }] };
    const { batches } = decode(event);
    expect(batches.map((b) => [b.source, b.ctx.cluster, b.records.length])).toEqual([['eks-audit', 'prod', 1]]);
  });

  it('counts a Kinesis record that is not gzip+base64 JSON, and still decodes its neighbours', () => {
    const good = { kinesis: { data: gzipSync(JSON.stringify(cwlPayload('/aws/eks/a/cluster', 'kube-apiserver-audit-1', [JSON.stringify(AUDIT_EVENT)]))).toString('base64') } };
    const bad = { kinesis: { data: Buffer.from([0x1f, 0x8b, 1, 2, 3]).toString('base64') } };
    const { batches, tally } = decode({ Records: [bad, good] });
    expect(batches).toHaveLength(1);
    expect(tally.summary().rejected).toEqual({ 'envelope:invalid-gzip': 1 });
  });

  it('reads the CloudTrail payload of the CloudWatch Logs docs by content (log group "CloudTrail" is not configured)', () => {
    const { batches, tally } = decode(corpus('cwl-subscription/awsdocs-cwl-SubscriptionFilters-lambda-decoded.json'));
    // The docs truncate every message: each is counted as invalid JSON.
    expect(batches).toHaveLength(0);
    expect(tally.summary().rejected['envelope:invalid-json']).toBe(3);
  });

  it('takes EventBridge events alone or in arrays, and CloudTrail log files', () => {
    const push = corpus('ecr/awsdocs-ecr-eventbridge-ImageAction-PUSH.json');
    expect(decode(push).batches.map((b) => b.source)).toEqual(['ecr-event']);
    expect(decode([push, push]).batches[0]!.records).toHaveLength(2);
    const put = corpus('cloudtrail/awsdocs-ecr-cloudtrail-PutImage.json');
    const file = { Records: [put, put] };
    expect(decode(file).batches.map((b) => [b.source, b.records.length])).toEqual([['cloudtrail', 2]]);
  });

  it('expands audit EventLists and rejects unknown documents with their keys', () => {
    expect(decode({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [AUDIT_EVENT] }).batches[0]!.source).toBe('eks-audit');
    const { tally } = decode({ kind: 0 });
    expect(tally.rejectSamples[0]).toMatchObject({ reason: 'envelope:unrecognized-json', detail: 'kind' });
  });
});
