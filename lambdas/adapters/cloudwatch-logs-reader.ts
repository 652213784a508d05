/**
 * Read-only CloudWatch Logs questions `an1261 doctor` and `replay --from-cloudwatch` ask: which log
 * groups match a name or glob, their retention and subscription filters, the newest event of a
 * source, and whether a group holds lines of a given kind.
 */
import {
  type CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  paginateDescribeLogGroups,
  paginateDescribeSubscriptionFilters,
} from '@aws-sdk/client-cloudwatch-logs';
import { globMatch } from '../core/util/glob';
import { awsCall, collectPages } from './account-reader-errors';

export interface LogGroupInfo {
  name: string;
  arn?: string;
  /** The account that owns the group (from its ARN). */
  account?: string;
  /** Undefined: events never expire. */
  retentionInDays?: number;
  storedBytes?: number;
  logGroupClass?: string;
}

export interface SubscriptionFilterInfo {
  name: string;
  pattern: string;
  destinationArn: string;
}

export interface StreamActivity {
  stream: string;
  /** Epoch ms of the newest event CloudWatch Logs reports for the stream (updated lazily, within about an hour). */
  lastEventTimestamp?: number;
  /** Epoch ms of the newest ingestion into the stream. */
  lastIngestionTime?: number;
}

export interface FoundEvent {
  stream: string;
  timestamp: number;
  message: string;
}

/** The literal start of a glob: what DescribeLogGroups can narrow by prefix. */
export function globPrefix(pattern: string): string {
  const i = pattern.search(/[*?]/);
  return i < 0 ? pattern : pattern.slice(0, i);
}

function accountOfArn(arn: string | undefined): string | undefined {
  const a = arn?.split(':')[4];
  return a && /^\d{12}$/.test(a) ? a : undefined;
}

export class CloudWatchLogsReader {
  constructor(readonly client: CloudWatchLogsClient) {}

  /** Log groups whose name equals `pattern`, or matches it when it holds `*` / `?`, sorted by name. */
  async findLogGroups(pattern: string): Promise<LogGroupInfo[]> {
    const prefix = globPrefix(pattern);
    const pages = paginateDescribeLogGroups({ client: this.client, pageSize: 50 }, prefix ? { logGroupNamePrefix: prefix } : {});
    const groups = await collectPages('logs:DescribeLogGroups', pages, (p) => p.logGroups);
    return groups
      .filter((g): g is typeof g & { logGroupName: string } => typeof g.logGroupName === 'string' && globMatch(pattern, g.logGroupName))
      .map((g) => {
        const account = accountOfArn(g.arn);
        return {
          name: g.logGroupName,
          ...(g.arn ? { arn: g.arn } : {}),
          ...(account ? { account } : {}),
          ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
          ...(g.storedBytes !== undefined ? { storedBytes: g.storedBytes } : {}),
          ...(g.logGroupClass ? { logGroupClass: g.logGroupClass } : {}),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async subscriptionFilters(logGroupName: string): Promise<SubscriptionFilterInfo[]> {
    const pages = paginateDescribeSubscriptionFilters({ client: this.client }, { logGroupName });
    const filters = await collectPages('logs:DescribeSubscriptionFilters', pages, (p) => p.subscriptionFilters);
    return filters.map((f) => ({ name: f.filterName ?? '', pattern: f.filterPattern ?? '', destinationArn: f.destinationArn ?? '' }));
  }

  /**
   * The stream with the newest event. DescribeLogStreams cannot order by event time and filter by
   * prefix at once, so with a prefix the newest-first pages are scanned (at most `maxPages` of 50).
   */
  async newestStream(logGroupName: string, streamPrefix?: string, maxPages = 4): Promise<StreamActivity | undefined> {
    let nextToken: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const out = await awsCall('logs:DescribeLogStreams', () =>
        this.client.send(new DescribeLogStreamsCommand({ logGroupName, orderBy: 'LastEventTime', descending: true, limit: 50, ...(nextToken ? { nextToken } : {}) })),
      );
      const hit = (out.logStreams ?? []).find((s) => s.logStreamName && (!streamPrefix || s.logStreamName.startsWith(streamPrefix)));
      if (hit) {
        return {
          stream: hit.logStreamName!,
          ...(hit.lastEventTimestamp !== undefined ? { lastEventTimestamp: hit.lastEventTimestamp } : {}),
          ...(hit.lastIngestionTime !== undefined ? { lastIngestionTime: hit.lastIngestionTime } : {}),
        };
      }
      nextToken = out.nextToken;
      if (!nextToken) return undefined;
    }
    return undefined;
  }

  /**
   * The first event since `startTime` that matches the CloudWatch filter pattern and `accept`.
   * FilterLogEvents may answer empty pages that still carry a nextToken, so up to `maxPages` are read.
   */
  async findEvent(logGroupName: string, q: { filterPattern: string; startTime: number; endTime?: number; accept: (message: string) => boolean; maxPages?: number }): Promise<FoundEvent | undefined> {
    let nextToken: string | undefined;
    for (let page = 0; page < (q.maxPages ?? 5); page++) {
      const out = await awsCall('logs:FilterLogEvents', () =>
        this.client.send(
          new FilterLogEventsCommand({
            logGroupName,
            filterPattern: q.filterPattern,
            startTime: q.startTime,
            ...(q.endTime !== undefined ? { endTime: q.endTime } : {}),
            limit: 100,
            ...(nextToken ? { nextToken } : {}),
          }),
        ),
      );
      const hit = (out.events ?? []).find((e) => typeof e.message === 'string' && q.accept(e.message));
      if (hit) return { stream: hit.logStreamName ?? '', timestamp: hit.timestamp ?? 0, message: hit.message! };
      nextToken = out.nextToken;
      if (!nextToken) return undefined;
    }
    return undefined;
  }
}
