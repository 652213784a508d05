/**
 * Pulls a log group's events for a time range, one FilterLogEvents page at a time, for
 * `an1261 replay --from-cloudwatch`. The generator asks for the next page only when the caller
 * wants it, so memory holds one page (≤ 10,000 events / 1 MB) whatever the period.
 */
import { type CloudWatchLogsClient, paginateFilterLogEvents } from '@aws-sdk/client-cloudwatch-logs';
import { toAwsCallError } from './account-reader-errors';

export interface PulledEvent {
  stream: string;
  id: string;
  timestamp: number;
  message: string;
}

export interface PulledPage {
  events: PulledEvent[];
  /** Bytes of the messages in this page (UTF-16 length is close enough for progress and summaries). */
  bytes: number;
}

export interface PullRange {
  logGroupName: string;
  /** Epoch ms, inclusive. */
  startTime: number;
  /** Epoch ms, exclusive. */
  endTime: number;
  /** Only streams starting with this (EKS audit: `kube-apiserver-audit-`). */
  streamPrefix?: string;
}

export async function* pullLogEvents(client: CloudWatchLogsClient, range: PullRange): AsyncGenerator<PulledPage> {
  const pages = paginateFilterLogEvents(
    { client },
    {
      logGroupName: range.logGroupName,
      startTime: range.startTime,
      // FilterLogEvents treats endTime as inclusive; the range is half-open so consecutive runs do not overlap.
      endTime: range.endTime - 1,
      ...(range.streamPrefix ? { logStreamNamePrefix: range.streamPrefix } : {}),
    },
  );
  try {
    for await (const page of pages) {
      const events: PulledEvent[] = [];
      let bytes = 0;
      for (const e of page.events ?? []) {
        if (typeof e.message !== 'string' || typeof e.timestamp !== 'number') continue;
        events.push({ stream: e.logStreamName ?? '', id: e.eventId ?? `${e.timestamp}`, timestamp: e.timestamp, message: e.message });
        bytes += e.message.length;
      }
      // Empty pages with a nextToken are normal (the service scans in time slices): keep going.
      yield { events, bytes };
    }
  } catch (e) {
    throw toAwsCallError(e, 'logs:FilterLogEvents');
  }
}
