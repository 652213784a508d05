/**
 * Read-only CloudTrail questions for `an1261 doctor`: the trails that apply to the region, whether
 * each is logging and which events its selectors record, and the newest ECR PutImage in the
 * event history (the recency of the push source).
 */
import { type CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { awsCall } from './account-reader-errors';

export interface TrailInfo {
  name: string;
  arn: string;
  homeRegion?: string;
  multiRegion: boolean;
  organization: boolean;
  cloudWatchLogsGroupArn?: string;
}

export interface FieldSelectorInfo {
  field: string;
  equals?: string[];
  notEquals?: string[];
  startsWith?: string[];
  notStartsWith?: string[];
}

export interface TrailSelectors {
  basic: { readWriteType?: string; includeManagementEvents?: boolean; excludeManagementEventSources?: string[] }[];
  advanced: { name?: string; fields: FieldSelectorInfo[] }[];
}

export interface LookedUpEvent {
  name: string;
  source?: string;
  time: Date;
  username?: string;
}

export class CloudTrailReader {
  constructor(readonly client: CloudTrailClient) {}

  /** Trails visible from this region, including multi-Region trails homed elsewhere (shadow trails). */
  async trails(): Promise<TrailInfo[]> {
    const out = await awsCall('cloudtrail:DescribeTrails', () => this.client.send(new DescribeTrailsCommand({ includeShadowTrails: true })));
    return (out.trailList ?? [])
      .filter((t) => t.TrailARN)
      .map((t) => ({
        name: t.Name ?? t.TrailARN!,
        arn: t.TrailARN!,
        ...(t.HomeRegion ? { homeRegion: t.HomeRegion } : {}),
        multiRegion: t.IsMultiRegionTrail === true,
        organization: t.IsOrganizationTrail === true,
        ...(t.CloudWatchLogsLogGroupArn ? { cloudWatchLogsGroupArn: t.CloudWatchLogsLogGroupArn } : {}),
      }));
  }

  /** Whether the trail is logging now (trails can exist and be stopped). The ARN works for shadow trails. */
  async isLogging(trailArn: string): Promise<boolean> {
    const out = await awsCall('cloudtrail:GetTrailStatus', () => this.client.send(new GetTrailStatusCommand({ Name: trailArn })));
    return out.IsLogging === true;
  }

  async selectors(trailArn: string): Promise<TrailSelectors> {
    const out = await awsCall('cloudtrail:GetEventSelectors', () => this.client.send(new GetEventSelectorsCommand({ TrailName: trailArn })));
    return {
      basic: (out.EventSelectors ?? []).map((s) => ({
        ...(s.ReadWriteType ? { readWriteType: s.ReadWriteType } : {}),
        ...(s.IncludeManagementEvents !== undefined ? { includeManagementEvents: s.IncludeManagementEvents } : {}),
        ...(s.ExcludeManagementEventSources ? { excludeManagementEventSources: s.ExcludeManagementEventSources } : {}),
      })),
      advanced: (out.AdvancedEventSelectors ?? []).map((a) => ({
        ...(a.Name ? { name: a.Name } : {}),
        fields: (a.FieldSelectors ?? []).map((f) => ({
          field: f.Field ?? '',
          ...(f.Equals ? { equals: f.Equals } : {}),
          ...(f.NotEquals ? { notEquals: f.NotEquals } : {}),
          ...(f.StartsWith ? { startsWith: f.StartsWith } : {}),
          ...(f.NotStartsWith ? { notStartsWith: f.NotStartsWith } : {}),
        })),
      })),
    };
  }

  /**
   * The newest management event named `eventName` from `eventSource` in the 90-day event history.
   * LookupEvents takes one attribute, so the source is checked on the events returned.
   */
  async newestEvent(eventName: string, eventSource: string): Promise<LookedUpEvent | undefined> {
    const out = await awsCall('cloudtrail:LookupEvents', () =>
      this.client.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }], MaxResults: 50 })),
    );
    const hit = (out.Events ?? []).find((e) => e.EventSource === eventSource && e.EventTime);
    if (!hit) return undefined;
    return { name: hit.EventName ?? eventName, source: eventSource, time: hit.EventTime!, ...(hit.Username ? { username: hit.Username } : {}) };
  }
}
