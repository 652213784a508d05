/**
 * `an1261 replay` against the emulator, through the CLI's own SDK clients (AWS_ENDPOINT_URL points
 * them at moto): a replay onto a real table twice, `--publish` twice (one page on-call, Security
 * Hub holding exactly the ASFF of `--out`), and `--from-cloudwatch` on log groups holding the
 * sample scenario (paged) giving the finding of the file replay.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Finding } from '../../lambdas/core/model/finding';
import type { AsffFinding } from '../../lambdas/core/publish/asff';
import { SAMPLE_GROUPS, type StoredEvent } from '../cli/from-cloudwatch-pages';
import { runCli } from '../cli/run-cli';
import { receivedNotifications, topicWithQueue } from './emulator-aws';
import { clientConfig, describeIfEmulator, emulatorEndpoint, emulatorEnv, useProcessEnv } from './emulator';

const REGION = 'ap-southeast-2';
const SAMPLES = join(__dirname, '../../samples');
const CONFIG = join(SAMPLES, 'config.json');
const tmp = mkdtempSync(join(tmpdir(), 'replay-emulator-'));

const replay = (...args: string[]) => runCli('replay', ...args, '--config', CONFIG, '--format', 'json', '--no-details');
const fileFindings = async () => JSON.parse((await replay(join(SAMPLES, 'logs'))).stdout) as Finding[];
/** What the same chain keeps whatever it was read from (the id is not compared where the events were moved in time: it names the chain's day). */
const essence = (fs: Finding[]) => fs.map((f) => [f.severity, f.stages, f.image, f.firstSeen, f.lastSeen, f.hosts]);

describeIfEmulator('an1261 replay against the emulator', () => {
  useProcessEnv(() => emulatorEnv(REGION));

  it('onto a table it creates (with TTL): the second replay shows the finding unchanged, not "findings: 0"', async () => {
    const table = ['--endpoint', emulatorEndpoint()!, '--table', 'replay-twice', '--create-table'];
    const first = await replay(join(SAMPLES, 'logs'), ...table);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^state: DynamoDB table replay-twice at http:\/\/127\.0\.0\.1:\d+ \(created, TTL enabled\)/m);
    expect(first.stderr).toContain('findings: 1 (1 new)\n');
    const second = await replay(join(SAMPLES, 'logs'), ...table);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('findings: 1 (1 unchanged (already in the table, nothing new))\n');
    expect(JSON.parse(second.stdout)).toEqual(JSON.parse(first.stdout));
  });

  it('--publish twice: Security Hub holds exactly the ASFF of --out, and on-call gets one message', async () => {
    const sns = new SNSClient(clientConfig(REGION));
    const sqs = new SQSClient(clientConfig(REGION));
    const hub = new SecurityHubClient(clientConfig(REGION));
    try {
      const { topicArn, queueUrl } = await topicWithQueue(sns, sqs, 'an1261-replay-publish');
      const out = join(tmp, 'findings.asff.json');
      for (const run of [1, 2]) {
        const { code, stderr } = await replay(join(SAMPLES, 'logs'), '--publish', '--topic-arn', topicArn, '--out', out);
        expect({ run, code }).toEqual({ run, code: 0 });
        expect(stderr).toContain(run === 1 ? '1 accepted, 0 failed, 1 notifications sent\n' : '1 accepted, 0 failed, 0 notifications sent (1 already in Security Hub: paged again only if the severity rose)\n');
      }
      const written = JSON.parse(readFileSync(out, 'utf8')) as AsffFinding[];
      expect(written).toHaveLength(1);
      const stored = (await hub.send(new GetFindingsCommand({ Filters: { Id: [{ Value: written[0]!.Id, Comparison: 'EQUALS' }] } }))).Findings ?? [];
      expect(stored.filter((f) => f.Id === written[0]!.Id)).toHaveLength(1);
      expect(stored.find((f) => f.Id === written[0]!.Id)).toMatchObject(JSON.parse(JSON.stringify(written[0])) as object);
      const received = await receivedNotifications(sqs, queueUrl);
      expect(received.map((m) => m.subject)).toEqual(['[CRITICAL] AN1261 image built on host i-0a1b2c3d4e5f60718 pushed and deployed (prod/payments-api)']);
    } finally {
      sns.destroy();
      sqs.destroy();
      hub.destroy();
    }
  });

  it('--from-cloudwatch on the groups holding the sample (10,000 events a page, followed) finds the file replay’s finding, push stage included', async () => {
    const logs = new CloudWatchLogsClient(clientConfig(REGION));
    try {
      // CloudWatch Logs (and moto) refuse events older than 14 days: the sample is moved to the
      // latest same weekday, whole weeks later, so release windows judge it the same.
      const shift = recentWeeks(SAMPLE_GROUPS['/aws/eks/prod-cluster/cluster']![0]!.timestamp);
      const shifted = Object.fromEntries(Object.entries(SAMPLE_GROUPS).map(([g, es]) => [g, es.map((e) => shiftEvent(e, shift, g === '/vpc/flow/prod'))]));
      // 10,500 ordinary dockerd lines beside the sample's: FilterLogEvents answers that group in two pages.
      const t0 = shifted['/ec2/docker']![0]!.timestamp - 3_600_000;
      const noise: StoredEvent[] = Array.from({ length: 10_500 }, (_, i) => ({ logStreamName: 'i-0e0e0e0e0e0e0e0e0', timestamp: t0 + i * 100, message: `time="${new Date(t0 + i * 100).toISOString()}" level=debug msg="Calling GET /v1.45/containers/json"`, eventId: `n${i}` }));
      const groups: Record<string, StoredEvent[]> = { ...shifted, '/ec2/docker': [...shifted['/ec2/docker']!, ...noise] };
      for (const [group, events] of Object.entries(groups)) await putEvents(logs, group, events);
      const day = new Date(Date.parse('2026-11-02T00:00:00Z') + shift).toISOString();
      const until = new Date(Date.parse(day) + 86_400_000).toISOString();
      const { code, stdout, stderr } = await runCli('replay', '--from-cloudwatch', '--region', REGION, '--since', day, '--until', until, '--config', CONFIG, '--format', 'json', ...Object.keys(groups).flatMap((g) => ['--log-group', g]));
      expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
      expect(stderr).toMatch(/^cloudwatch: 10\d{3} events \([\d.]+ MB\) in \d+ pages from 4 log groups/m);
      expect(Number(/in (\d+) pages/.exec(stderr)![1])).toBeGreaterThan(4);
      const findings = JSON.parse(stdout) as Finding[];
      const moved = (await fileFindings()).map((f) => ({ ...f, firstSeen: new Date(Date.parse(f.firstSeen) + shift).toISOString(), lastSeen: new Date(Date.parse(f.lastSeen) + shift).toISOString() }));
      expect(essence(findings)).toEqual(essence(moved));
      expect(findings[0]!.stages).toEqual(['build', 'egress', 'push', 'deploy']);
    } finally {
      logs.destroy();
    }
  }, 120_000);
});

const WEEK = 7 * 86_400_000;

/** Whole weeks that bring `t` to its latest same weekday and hour before now. */
function recentWeeks(t: number): number {
  return Math.floor((Date.now() - 3_600_000 - t) / WEEK) * WEEK;
}

/** An event moved by `ms` (whole days): its timestamp, every ISO date in its text, and a flow record's start and end. */
function shiftEvent(e: StoredEvent, ms: number, flow: boolean): StoredEvent {
  let message = e.message.replace(/(\d{4}-\d{2}-\d{2})T/g, (_, d: string) => `${new Date(Date.parse(`${d}T00:00:00Z`) + ms).toISOString().slice(0, 10)}T`);
  if (flow) {
    const f = message.split(' ');
    for (const i of [10, 11]) if (/^\d{10}$/.test(f[i] ?? '')) f[i] = String(Number(f[i]) + ms / 1000);
    message = f.join(' ');
  }
  return { ...e, timestamp: e.timestamp + ms, message };
}

async function putEvents(logs: CloudWatchLogsClient, group: string, events: StoredEvent[]): Promise<void> {
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  const streams = new Map<string, StoredEvent[]>();
  for (const e of events) streams.set(e.logStreamName, [...(streams.get(e.logStreamName) ?? []), e]);
  for (const [stream, es] of streams) {
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    const sorted = [...es].sort((a, b) => a.timestamp - b.timestamp);
    for (let i = 0; i < sorted.length; i += 5000) {
      const put = await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: sorted.slice(i, i + 5000).map((e) => ({ timestamp: e.timestamp, message: e.message })) }));
      expect(put.rejectedLogEventsInfo ?? {}).toEqual({});
    }
  }
}
