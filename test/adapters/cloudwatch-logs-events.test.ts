/** pullLogEvents: FilterLogEvents page by page — the exact request, nextToken through empty pages, throttling mid-way, access denied. */
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { sdkClientConfig } from '../../lambdas/adapters/account-reader';
import { AwsCallError } from '../../lambdas/adapters/account-reader-errors';
import { type PulledPage, pullLogEvents } from '../../lambdas/adapters/cloudwatch-logs-events';

const RANGE = { logGroupName: '/aws/eks/prod/cluster', startTime: 1_793_577_600_000, endTime: 1_793_664_000_000, streamPrefix: 'kube-apiserver-audit-' };
const ev = (n: number) => ({ logStreamName: 'kube-apiserver-audit-1', timestamp: RANGE.startTime + n, message: `{"n":${n}}`, eventId: `id${n}`, ingestionTime: RANGE.startTime + n + 1000 });

async function collect(pages: AsyncGenerator<PulledPage>): Promise<PulledPage[]> {
  const out: PulledPage[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

describe('pullLogEvents (mocked client)', () => {
  const logs = mockClient(CloudWatchLogsClient);
  afterAll(() => logs.restore());
  beforeEach(() => logs.reset());

  it('sends the range half-open, the stream prefix, and follows nextToken through an empty page', async () => {
    const inputs: object[] = [];
    logs
      .on(FilterLogEventsCommand)
      .callsFakeOnce((i: object) => (inputs.push({ ...i }), { events: [ev(1), ev(2)], nextToken: 't1' }))
      .callsFakeOnce((i: object) => (inputs.push({ ...i }), { events: [], nextToken: 't2' }))
      .callsFakeOnce((i: object) => (inputs.push({ ...i }), { events: [ev(3), { logStreamName: 'kube-apiserver-audit-1', timestamp: 5 }] }));
    const pages = await collect(pullLogEvents(new CloudWatchLogsClient({ region: 'us-east-1' }), RANGE));
    expect(inputs).toEqual([
      { logGroupName: '/aws/eks/prod/cluster', startTime: RANGE.startTime, endTime: RANGE.endTime - 1, logStreamNamePrefix: 'kube-apiserver-audit-' },
      { logGroupName: '/aws/eks/prod/cluster', startTime: RANGE.startTime, endTime: RANGE.endTime - 1, logStreamNamePrefix: 'kube-apiserver-audit-', nextToken: 't1' },
      { logGroupName: '/aws/eks/prod/cluster', startTime: RANGE.startTime, endTime: RANGE.endTime - 1, logStreamNamePrefix: 'kube-apiserver-audit-', nextToken: 't2' },
    ]);
    expect(pages.map((p) => p.events.map((e) => e.id))).toEqual([['id1', 'id2'], [], ['id3']]); // an event without message is skipped
    expect(pages[0]!.events[0]).toEqual({ stream: 'kube-apiserver-audit-1', id: 'id1', timestamp: RANGE.startTime + 1, message: '{"n":1}' });
    expect(pages[0]!.bytes).toBe(14);
  });

  it('access denied surfaces as an AwsCallError naming logs:FilterLogEvents', async () => {
    logs.on(FilterLogEventsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }));
    const err = await collect(pullLogEvents(new CloudWatchLogsClient({ region: 'us-east-1' }), RANGE)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsCallError);
    expect(err).toMatchObject({ action: 'logs:FilterLogEvents', failure: 'access-denied', message: 'missing IAM permission logs:FilterLogEvents (AccessDeniedException)' });
  });
});

describe('pullLogEvents (real SDK retry, scripted HTTP)', () => {
  it('a throttled page in the middle is retried and the pull goes on', async () => {
    const script = [
      { status: 200, body: { events: [ev(1)], nextToken: 't1' } },
      { status: 400, type: 'ThrottlingException', body: { __type: 'ThrottlingException', message: 'Rate exceeded' } },
      { status: 200, body: { events: [ev(2)] } },
    ];
    const tokens: (string | undefined)[] = [];
    const handler = {
      handle: async (req: { body: Uint8Array | string }) => {
        tokens.push((JSON.parse(typeof req.body === 'string' ? req.body : new TextDecoder().decode(req.body)) as { nextToken?: string }).nextToken);
        const s = script.shift()!;
        return { response: { statusCode: s.status, headers: { 'content-type': 'application/x-amz-json-1.1', ...(s.type ? { 'x-amzn-errortype': s.type } : {}) }, body: Buffer.from(JSON.stringify(s.body)) } };
      },
    };
    const client = new CloudWatchLogsClient({ ...sdkClientConfig({ region: 'us-east-1' }), credentials: { accessKeyId: 'AKID', secretAccessKey: 's' }, requestHandler: handler as never });
    const pages = await collect(pullLogEvents(client, RANGE));
    expect(pages.map((p) => p.events.map((e) => e.id))).toEqual([['id1'], ['id2']]);
    expect(tokens).toEqual([undefined, 't1', 't1']);
  });
});
