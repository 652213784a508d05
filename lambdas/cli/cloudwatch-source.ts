/**
 * `an1261 replay --from-cloudwatch`: backtests on the account's own log groups. Events are pulled
 * page by page (FilterLogEvents, adaptive retries) and each page is rebuilt into CloudWatch Logs
 * subscription payloads, one per log stream, so they go through the very decoder, router and
 * pipeline that files and the Lambdas use. Memory holds one page, whatever the period.
 */
import type { Command } from 'commander';
import type { CloudWatchLogsReader } from '../adapters/cloudwatch-logs-reader';
import { BatchCollector } from '../core/envelopes/batch-collector';
import type { CwlPayload } from '../core/envelopes/cwl-payload';
import type { DecodedBatch } from '../core/envelopes/decoded-batch';
import { JsonDecoder } from '../core/envelopes/decode-json';
import { EKS_AUDIT_STREAM_PREFIX, SourceRouter, clusterOfLogGroup } from '../core/envelopes/source-router';
import type { Config } from '../core/model/config';
import { Tally } from '../core/model/normalize-result';
import { isoSeconds, parseTimePoint } from './doctor/duration';
import { errorMessage } from '../core/util/errors';

export interface CloudWatchFlags {
  fromCloudwatch?: boolean;
  since?: string;
  until?: string;
  region?: string;
  profile?: string;
}

export interface PullTarget {
  logGroupName: string;
  /** Account owning the group: the `owner` of the rebuilt payloads. */
  account?: string;
  streamPrefix?: string;
}

export interface CloudWatchChunk {
  batches: DecodedBatch[];
  tally: Tally;
  /** The part of the account this chunk comes from, when it could not be read (the run is incomplete). */
  file?: string;
  inputError?: { file: string; reason: string };
}

/** Where the backtest's ECR pushes come from when the config's sources are pulled. */
export const PUSH_HISTORY = 'cloudtrail:LookupEvents(PutImage)';
/** Where the backtest's EC2 launches (instance ↔ private IP at launch) come from. */
export const LAUNCH_HISTORY = 'cloudtrail:LookupEvents(RunInstances)';

/** What is pulled from the CloudTrail event history, in this order, and what the backtest lacks without it. */
const HISTORY = [
  { eventSource: 'ecr.amazonaws.com', eventName: 'PutImage', input: PUSH_HISTORY, label: 'ECR PutImage', what: 'ECR pushes', lost: 'the backtest has no push stage (grant cloudtrail:LookupEvents, or pass the log group your pushes are copied to with --log-group)' },
  {
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    input: LAUNCH_HISTORY,
    label: 'EC2 RunInstances',
    what: 'EC2 launches',
    lost: 'launched instances’ private IPs come from their flow logs only, so a CI runner named by instance id may miss approvedBuilders.hosts (grant cloudtrail:LookupEvents)',
  },
] as const;

export const DEFAULT_SINCE = '24h';

/** Log groups to pull: the `--log-group` values (names or globs), else the config's sources. */
export async function resolvePullTargets(reader: CloudWatchLogsReader, config: Config, named: readonly string[], note: (line: string) => void): Promise<PullTarget[]> {
  const wanted = named.length > 0 ? [...named] : [...config.sources.eksClusters.map((c) => `/aws/eks/${c}/cluster`), ...config.sources.flowLogs.map((f) => f.logGroup), ...config.sources.hostLogs.map((h) => h.logGroup)];
  if (wanted.length === 0) throw new Error('--from-cloudwatch: nothing to pull — name log groups with --log-group (repeatable) or list sources in --config');
  const targets = new Map<string, PullTarget>();
  for (const pattern of wanted) {
    const groups = await reader.findLogGroups(pattern);
    if (groups.length === 0) {
      if (named.length > 0) throw new Error(`--log-group ${pattern}: no such log group in this region`);
      note(`cloudwatch: config names ${pattern}, but no log group matches it; skipped`);
      continue;
    }
    for (const g of groups) {
      if (targets.has(g.name)) continue;
      // An EKS control-plane group also holds authenticator, scheduler … streams: only audit is read, as the subscription does.
      const prefix = clusterOfLogGroup(g.name) ? EKS_AUDIT_STREAM_PREFIX : undefined;
      targets.set(g.name, { logGroupName: g.name, ...(g.account ? { account: g.account } : {}), ...(prefix ? { streamPrefix: prefix } : {}) });
    }
  }
  return [...targets.values()];
}

/** One page of pulled events as subscription payloads, one per log stream, in first-seen order. */
export function pageToPayloads(target: PullTarget, events: readonly { stream: string; id: string; timestamp: number; message: string }[]): CwlPayload[] {
  const byStream = new Map<string, CwlPayload>();
  for (const e of events) {
    let p = byStream.get(e.stream);
    if (!p) {
      p = { messageType: 'DATA_MESSAGE', owner: target.account ?? '', logGroup: target.logGroupName, logStream: e.stream, subscriptionFilters: [], logEvents: [] };
      byStream.set(e.stream, p);
    }
    p.logEvents.push({ id: e.id, timestamp: e.timestamp, message: e.message });
  }
  return [...byStream.values()];
}

/** A one-line progress meter on stderr, only when it is a terminal: log group, time covered, events. */
class PullProgress {
  private last = 0;
  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly groups: number,
    private readonly since: number,
    private readonly until: number,
  ) {}

  update(groupIndex: number, group: string, newest: number, events: number): void {
    if (!this.out.isTTY || Date.now() - this.last < 200) return;
    this.last = Date.now();
    const within = Math.min(1, Math.max(0, (newest - this.since) / Math.max(1, this.until - this.since)));
    const frac = (groupIndex + within) / this.groups;
    const filled = Math.round(frac * 30);
    this.out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${(frac * 100).toFixed(0)}% ${groupIndex + 1}/${this.groups} ${group.slice(-40)} @ ${isoSeconds(newest)} ${events} events\x1b[K`);
  }

  done(): void {
    if (this.out.isTTY && this.last > 0) this.out.write('\n');
  }
}

/**
 * Wires `--from-cloudwatch`, `--since`, `--until` (and `--profile` unless present) into `replay`.
 * With --from-cloudwatch, `--log-group` names a group to pull and may be repeated; commander keeps
 * only the last value of an option, so every occurrence is collected from its parse event.
 */
export class CloudWatchReplaySource {
  private readonly logGroups: string[] = [];

  addFlags(cmd: Command): void {
    cmd
      .option('--from-cloudwatch', 'pull the events from the account’s CloudWatch Logs instead of files: the config’s sources, or each --log-group (repeatable, globs allowed); region from --region or the SDK chain')
      .option('--since <when>', `with --from-cloudwatch: start of the period, a duration back from now (24h, 7d) or an ISO time (default ${DEFAULT_SINCE})`)
      .option('--until <when>', 'with --from-cloudwatch: end of the period, a duration back from now or an ISO time (default now)');
    if (!cmd.options.some((o) => o.long === '--profile')) cmd.option('--profile <name>', 'named AWS profile from ~/.aws/config');
    cmd.on('option:log-group', (value: string) => this.logGroups.push(value));
  }

  /** Throws a usage error when the inputs do not fit the mode. */
  checkInputs(paths: readonly string[], flags: CloudWatchFlags): void {
    if (flags.fromCloudwatch && paths.length > 0) throw new Error(`--from-cloudwatch reads the account's log groups; do not also name files (${paths[0]})`);
    if (!flags.fromCloudwatch && paths.length === 0) throw new Error('replay: name files or directories to replay, or use --from-cloudwatch');
    if (!flags.fromCloudwatch && (flags.since || flags.until)) throw new Error('--since and --until apply only with --from-cloudwatch');
    if (!flags.fromCloudwatch && this.logGroups.length > 1) throw new Error(`--log-group given ${this.logGroups.length} times: plain files come from one log group (repeat it only with --from-cloudwatch)`);
  }

  /** The pulled events, page by page, decoded into batches exactly as subscription payloads are. */
  async *chunks(flags: CloudWatchFlags, config: Config, err: NodeJS.WriteStream = process.stderr, now = Date.now()): AsyncGenerator<CloudWatchChunk> {
    const since = parseTimePoint(flags.since ?? DEFAULT_SINCE, now, '--since');
    const until = flags.until ? parseTimePoint(flags.until, now, '--until') : now;
    if (since >= until) throw new Error(`--since (${isoSeconds(since)}) must be before --until (${isoSeconds(until)})`);
    // Loaded when a backtest runs: a file replay does not carry the CloudWatch Logs client.
    const [{ createLogsClient }, { pullLogEvents }, { CloudWatchLogsReader }] = await Promise.all([import('../adapters/aws-access'), import('../adapters/cloudwatch-logs-events'), import('../adapters/cloudwatch-logs-reader')]);
    const client = createLogsClient({ ...(flags.region ? { region: flags.region } : {}), ...(flags.profile ? { profile: flags.profile } : {}) });
    try {
      await client.config.region().catch((e: unknown) => {
        throw new Error('--from-cloudwatch: no AWS region: pass --region, set AWS_REGION, or give the profile a region', { cause: e });
      });
      const targets = await resolvePullTargets(new CloudWatchLogsReader(client), config, this.logGroups, (l) => err.write(`${l}\n`));
      const decoder = new JsonDecoder({ router: new SourceRouter(config.sources) });
      const progress = new PullProgress(err, targets.length, since, until);
      let events = 0;
      let bytes = 0;
      let pages = 0;
      try {
        for (const [i, target] of targets.entries()) {
          for await (const page of pullLogEvents(client, { logGroupName: target.logGroupName, startTime: since, endTime: until, ...(target.streamPrefix ? { streamPrefix: target.streamPrefix } : {}) })) {
            pages++;
            events += page.events.length;
            bytes += page.bytes;
            const collector = new BatchCollector();
            const tally = new Tally();
            for (const payload of pageToPayloads(target, page.events)) decoder.decodeCwlPayload(payload, collector, tally);
            yield { batches: collector.batches, tally };
            progress.update(i, target.logGroupName, page.events[page.events.length - 1]?.timestamp ?? since, events);
          }
        }
      } finally {
        progress.done();
      }
      err.write(`cloudwatch: ${events} events (${(bytes / 1048576).toFixed(1)} MB) in ${pages} pages from ${targets.length} log group${targets.length === 1 ? '' : 's'}, ${isoSeconds(since)} → ${isoSeconds(until)}: ${targets.map((t) => t.logGroupName).join(', ')}\n`);
      // ECR pushes join chains by image: without them a backtest finds "deployed" where the file
      // replay finds "pushed and deployed"; EC2 launches name a CI runner's IP before its flow logs
      // do (approvedBuilders.hosts). With named --log-group values the list is the user's.
      if (this.logGroups.length === 0) yield* this.history(flags, decoder, since, until, err);
    } finally {
      client.destroy();
    }
  }

  /**
   * The period's ECR pushes and EC2 launches from the CloudTrail event history (one Region, 2
   * requests a second: one page at a time, adaptive retries); a refusal makes the run incomplete, not failed.
   */
  private async *history(flags: CloudWatchFlags, decoder: JsonDecoder, since: number, until: number, err: NodeJS.WritableStream): AsyncGenerator<CloudWatchChunk> {
    const [{ CloudTrailClient }, { sdkClientConfig }, { pullHistoryEvents }] = await Promise.all([import('@aws-sdk/client-cloudtrail'), import('../adapters/aws-access'), import('../adapters/cloudtrail-event-history')]);
    const client = new CloudTrailClient(sdkClientConfig({ ...(flags.region ? { region: flags.region } : {}), ...(flags.profile ? { profile: flags.profile } : {}) }));
    try {
      for (const h of HISTORY) {
        let count = 0;
        try {
          for await (const records of pullHistoryEvents(client, h, { startTime: since, endTime: until })) {
            const collector = new BatchCollector();
            const tally = new Tally();
            for (const r of records) decoder.decodeJsonText(r.json, `cloudtrail:${r.id}`, collector, tally);
            count += records.length;
            yield { batches: collector.batches, tally };
          }
          err.write(`cloudtrail: ${count} ${h.label} events from the event history (LookupEvents), ${isoSeconds(since)} → ${isoSeconds(until)}\n`);
        } catch (e) {
          const reason = errorMessage(e);
          err.write(`cloudtrail: cannot read ${h.what} from the event history: ${reason}; ${h.lost}\n`);
          const tally = new Tally();
          tally.reject('input:unreadable', h.input, reason);
          yield { batches: [], tally, file: h.input, inputError: { file: h.input, reason } };
        }
      }
    } finally {
      client.destroy();
    }
  }
}
