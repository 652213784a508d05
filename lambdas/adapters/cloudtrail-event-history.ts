/**
 * Management events of a period from the CloudTrail event history (LookupEvents), for `an1261 replay
 * --from-cloudwatch`: ECR pushes (PutImage) and EC2 launches (RunInstances, each launched instance
 * with its private IPs) are not in CloudWatch Logs unless a trail or a rule puts them there, but
 * every account's event history keeps 90 days of management events of its Region. One page (≤ 50
 * events) at a time, processed before the next is asked for; LookupEvents allows 2 requests per
 * second per account and Region, so the client's adaptive retries slow down instead of failing.
 * Pages come newest first: the replay orders everything by event time anyway.
 */
import { type CloudTrailClient, paginateLookupEvents } from '@aws-sdk/client-cloudtrail';
import { toAwsCallError } from './account-reader-errors';

export interface LookedUpRecord {
  id: string;
  /** The CloudTrail record as CloudTrail wrote it (the `CloudTrailEvent` JSON string). */
  json: string;
}

/** A management event looked up by name; LookupEvents takes one attribute, so the source is checked on each event. */
export interface HistoryEvent {
  eventSource: string;
  eventName: string;
}

/** The records of `event` in the half-open range, one page at a time. */
export async function* pullHistoryEvents(client: CloudTrailClient, event: HistoryEvent, range: { startTime: number; endTime: number }): AsyncGenerator<LookedUpRecord[]> {
  const pages = paginateLookupEvents(
    { client, pageSize: 50 },
    {
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: event.eventName }],
      StartTime: new Date(range.startTime),
      // LookupEvents' EndTime is inclusive; the range is half-open like the log pulls.
      EndTime: new Date(range.endTime - 1),
    },
  );
  try {
    for await (const page of pages) {
      const records: LookedUpRecord[] = [];
      for (const e of page.Events ?? []) {
        // Another service's call of the same name (ECR Public's PutImage) is not this one.
        if (typeof e.CloudTrailEvent === 'string' && (e.EventSource === undefined || e.EventSource === event.eventSource)) records.push({ id: e.EventId ?? '', json: e.CloudTrailEvent });
      }
      yield records;
    }
  } catch (e) {
    throw toAwsCallError(e, 'cloudtrail:LookupEvents');
  }
}
