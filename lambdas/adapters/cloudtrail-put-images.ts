/**
 * ECR pushes of a period from the CloudTrail event history (LookupEvents, EventName = PutImage), for
 * `an1261 replay --from-cloudwatch`: pushes are not in CloudWatch Logs unless a trail or a rule puts
 * them there, but every account's event history keeps 90 days of management events, PutImage
 * included. One page (≤ 50 events) at a time; LookupEvents allows 2 requests per second, so the
 * client's adaptive retries slow down instead of failing. Pages come newest first: the replay
 * orders everything by event time anyway.
 */
import { type CloudTrailClient, paginateLookupEvents } from '@aws-sdk/client-cloudtrail';
import { toAwsCallError } from './account-reader-errors';

export interface LookedUpRecord {
  id: string;
  /** The CloudTrail record as CloudTrail wrote it (the `CloudTrailEvent` JSON string). */
  json: string;
}

export async function* pullPutImageEvents(client: CloudTrailClient, range: { startTime: number; endTime: number }): AsyncGenerator<LookedUpRecord[]> {
  const pages = paginateLookupEvents(
    { client, pageSize: 50 },
    {
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'PutImage' }],
      StartTime: new Date(range.startTime),
      // LookupEvents' EndTime is inclusive; the range is half-open like the log pulls.
      EndTime: new Date(range.endTime - 1),
    },
  );
  try {
    for await (const page of pages) {
      const records: LookedUpRecord[] = [];
      for (const e of page.Events ?? []) {
        // LookupEvents takes one attribute: the source is checked here (PutImage is ECR's only).
        if (typeof e.CloudTrailEvent === 'string' && (e.EventSource === undefined || e.EventSource === 'ecr.amazonaws.com')) records.push({ id: e.EventId ?? '', json: e.CloudTrailEvent });
      }
      yield records;
    }
  } catch (e) {
    throw toAwsCallError(e, 'cloudtrail:LookupEvents');
  }
}
