/**
 * The --from-cloudwatch reader pulls one page at a time (memory does not grow with the period) — log
 * events and the CloudTrail event history alike —, rebuilds one subscription payload per log stream,
 * and shows progress only on a terminal.
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchReplaySource, pageToPayloads } from '../../lambdas/cli/cloudwatch-source';
import { parseConfig } from '../../lambdas/core/model/config';
import { type FilterInput, type LookupInput, type StoredEvent, describeGroups, filterPage, sampleRunInstances } from './from-cloudwatch-pages';

const START = Date.parse('2026-11-02T00:00:00Z');
const config = parseConfig({ sources: { hostLogs: [{ logGroup: '/ec2/docker' }] } });

/** 200 dockerd lines, one every minute, over 4 hosts: 50 pages of 4. */
const HOST_EVENTS: StoredEvent[] = Array.from({ length: 200 }, (_, i) => ({
  logStreamName: `i-0000000000000000${i % 4}`,
  timestamp: START + i * 60_000,
  message: `time="${new Date(START + i * 60_000).toISOString()}" level=debug msg="Calling GET /v1.45/containers/json"`,
  eventId: `e${i}`,
}));

function fakeStderr(tty: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY: tty, text: '', write: (chunk: string) => ((s.text += chunk), true) };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('CloudWatchReplaySource', () => {
  const logs = mockClient(CloudWatchLogsClient);
  const trail = mockClient(CloudTrailClient);
  beforeAll(() => {
    trail.on(LookupEventsCommand).resolves({ Events: [] });
    logs.on(DescribeLogGroupsCommand).callsFake((i: { logGroupNamePrefix?: string }) => describeGroups(['/ec2/docker'], i.logGroupNamePrefix));
    logs.on(FilterLogEventsCommand).callsFake((i: FilterInput) => filterPage({ '/ec2/docker': HOST_EVENTS }, i));
  });
  afterAll(() => {
    logs.restore();
    trail.restore();
  });
  beforeEach(() => logs.resetHistory());

  const flags = { fromCloudwatch: true, since: '2026-11-02T00:00:00Z', until: '2026-11-03T00:00:00Z', region: 'us-east-1' };

  it('asks for the next page only when the previous one has been processed', async () => {
    const chunks = new CloudWatchReplaySource().chunks(flags, config, fakeStderr(false));
    const first = await chunks.next();
    if (first.done) throw new Error('no page');
    expect(logs.commandCalls(FilterLogEventsCommand)).toHaveLength(1);
    let pages = 1;
    let records = first.value.batches.reduce((n, b) => n + b.records.length, 0);
    for await (const c of chunks) {
      pages++;
      records += c.batches.reduce((n, b) => n + b.records.length, 0);
    }
    expect(records).toBe(200);
    expect(pages).toBe(53); // 50 full pages, the empty one the service slips in, and the (empty) PutImage and RunInstances histories
    expect(logs.commandCalls(FilterLogEventsCommand)).toHaveLength(51);
  });

  it('decodes each page into one dockerd batch per log stream, carrying group, stream and account', async () => {
    const chunks = new CloudWatchReplaySource().chunks(flags, config, fakeStderr(false));
    const next = await chunks.next();
    await chunks.return(undefined);
    if (next.done) throw new Error('no page');
    const first = next.value;
    expect(first.batches.map((b) => [b.source, b.ctx.logGroup, b.ctx.logStream, b.ctx.account, b.records.length])).toEqual([
      ['dockerd', '/ec2/docker', 'i-00000000000000000', '111122223333', 1],
      ['dockerd', '/ec2/docker', 'i-00000000000000001', '111122223333', 1],
      ['dockerd', '/ec2/docker', 'i-00000000000000002', '111122223333', 1],
      ['dockerd', '/ec2/docker', 'i-00000000000000003', '111122223333', 1],
    ]);
    expect(first.batches[0]!.records[0]).toEqual({ data: HOST_EVENTS[0]!.message, ref: 'cwl:/ec2/docker/i-00000000000000000#e0', timestamp: START });
  });

  it('draws a progress bar on a terminal, and nothing else on a pipe but the summary', async () => {
    const tty = fakeStderr(true);
    for await (const _ of new CloudWatchReplaySource().chunks(flags, config, tty)) void _;
    expect(tty.text.startsWith(`\r[${'.'.repeat(30)}] 0% 1/1 /ec2/docker @ 2026-11-02T00:03:00Z 4 events\u001b[K\n`)).toBe(true);
    const pipe = fakeStderr(false);
    for await (const _ of new CloudWatchReplaySource().chunks(flags, config, pipe)) void _;
    expect(pipe.text).toBe(
      'cloudwatch: 200 events (0.0 MB) in 51 pages from 1 log group, 2026-11-02T00:00:00Z → 2026-11-03T00:00:00Z: /ec2/docker\n' +
        'cloudtrail: 0 ECR PutImage events from the event history (LookupEvents), 2026-11-02T00:00:00Z → 2026-11-03T00:00:00Z\n' +
        'cloudtrail: 0 EC2 RunInstances events from the event history (LookupEvents), 2026-11-02T00:00:00Z → 2026-11-03T00:00:00Z\n',
    );
  });

  it('pulls the RunInstances history one LookupEvents page at a time, after the PutImage history, each page decoded before the next is asked for', async () => {
    const launch = sampleRunInstances()[0]!;
    // 120 launches, newest first, 50 a page (the page size asked for).
    const launches = Array.from({ length: 120 }, (_, n) => ({ ...launch, EventId: `run-${n}`, CloudTrailEvent: launch.CloudTrailEvent.replace(launch.EventId, `run-${n}`) }));
    trail.on(LookupEventsCommand).callsFake((i: LookupInput & { MaxResults?: number }) => {
      if (i.LookupAttributes?.[0]?.AttributeValue !== 'RunInstances') return { Events: [] };
      const start = Number(i.NextToken ?? 0);
      const end = start + (i.MaxResults ?? 50);
      return { Events: launches.slice(start, end), ...(end < launches.length ? { NextToken: String(end) } : {}) };
    });
    try {
      trail.resetHistory();
      const err = fakeStderr(false);
      const seen: [number, number][] = [];
      for await (const c of new CloudWatchReplaySource().chunks(flags, config, err)) {
        const records = c.batches.filter((b) => b.source === 'cloudtrail').reduce((n, b) => n + b.records.length, 0);
        if (records > 0) seen.push([records, trail.commandCalls(LookupEventsCommand).length]);
      }
      // One PutImage call, then each RunInstances page is yielded before the next page is requested.
      expect(seen).toEqual([
        [50, 2],
        [50, 3],
        [20, 4],
      ]);
      expect(trail.commandCalls(LookupEventsCommand).map((c) => [c.args[0].input.LookupAttributes?.[0]?.AttributeValue, c.args[0].input.MaxResults])).toEqual([
        ['PutImage', 50],
        ['RunInstances', 50],
        ['RunInstances', 50],
        ['RunInstances', 50],
      ]);
      expect(err.text).toContain('cloudtrail: 120 EC2 RunInstances events from the event history (LookupEvents)');
    } finally {
      trail.reset();
      trail.on(LookupEventsCommand).resolves({ Events: [] });
    }
  });

  it('pageToPayloads groups interleaved events by stream in first-seen order', () => {
    const payloads = pageToPayloads({ logGroupName: '/g', account: '111122223333' }, [
      { stream: 'b', id: '1', timestamp: 1, message: 'x' },
      { stream: 'a', id: '2', timestamp: 2, message: 'y' },
      { stream: 'b', id: '3', timestamp: 3, message: 'z' },
    ]);
    expect(payloads).toEqual([
      { messageType: 'DATA_MESSAGE', owner: '111122223333', logGroup: '/g', logStream: 'b', subscriptionFilters: [], logEvents: [{ id: '1', timestamp: 1, message: 'x' }, { id: '3', timestamp: 3, message: 'z' }] },
      { messageType: 'DATA_MESSAGE', owner: '111122223333', logGroup: '/g', logStream: 'a', subscriptionFilters: [], logEvents: [{ id: '2', timestamp: 2, message: 'y' }] },
    ]);
  });
});
