/**
 * EventBridge events to push signals: "ECR Image Action" events of aws.ecr (rule ecr-image-push),
 * and "… via CloudTrail" events whose detail is a CloudTrail record (rule cloudtrail-put-image,
 * same signal id as the trail's copy of the record, so the two deliveries dedupe); and to scan
 * signals: "ECR Image Scan" (aws.ecr) and "Inspector2 Scan" (aws.inspector2) (rule ecr-image-scan).
 */
import type { BatchContext, SourceRecord } from '../../model/batch';
import type { Tally } from '../../model/normalize-result';
import type { DetectionSettings } from '../../model/settings';
import { applyRules } from '../../rules/apply-rules';
import { ECR_IMAGE_ACTION_RULES, ECR_IMAGE_SCAN_RULES } from '../../rules/ecr';
import { isCloudTrailObject, normalizeCloudTrailObject } from './cloudtrail';
import { IMAGE_SCAN_DETAIL_TYPES, parseImageScan } from './image-scan';
import { asObject, isAccountId, isoTime, isRegion, type JsonObject, parseData, preview, reasonValue, str } from '../../records/ecr/fields';
import type { EcrImageAction } from '../../records/ecr/types';
import { errorMessage } from '../../util/errors';

const IMAGE_ACTION_REASONS = { noMatch: 'ecr-event:no-match', ruleError: 'ecr-event:internal-error' } as const;
const IMAGE_SCAN_REASONS = { noMatch: 'ecr-event:scan-no-match', ruleError: 'ecr-event:internal-error' } as const;

type EventBridgeEvent = JsonObject & { readonly 'detail-type': string; readonly source: string; readonly detail: JsonObject };

function isEventBridgeObject(o: JsonObject | undefined): o is EventBridgeEvent {
  return o !== undefined && typeof o['detail-type'] === 'string' && typeof o.source === 'string' && asObject(o.detail) !== undefined;
}

/** Content sniffing: an EventBridge event (object or JSON string) has detail-type, source and a detail object. */
export function isEventBridgeEvent(x: unknown): boolean {
  const parsed = parseData(x);
  return 'value' in parsed && isEventBridgeObject(asObject(parsed.value));
}

/** The ECR Image Action's fields, or the reason it cannot be read. */
function parseImageAction(ev: EventBridgeEvent, ctx: BatchContext): EcrImageAction | { reject: string; detail?: string } {
  const d = ev.detail;
  const repositoryName = str(d, 'repository-name');
  if (repositoryName === undefined) return { reject: 'ecr-event:missing-repository-name' };
  const time = isoTime(str(ev, 'time'));
  if (time === undefined) return { reject: 'ecr-event:invalid-time', detail: preview(ev.time) };
  const account = str(ev, 'account') ?? ctx.account;
  const region = str(ev, 'region') ?? ctx.region;
  if (!isAccountId(account) || !isRegion(region)) return { reject: 'ecr-event:invalid-account-or-region', detail: `${account}/${region}` };
  // Optional fields stay undefined when absent or "" (ECR sends an empty image-tag for untagged pushes).
  return {
    time,
    account,
    region,
    repositoryName,
    eventId: str(ev, 'id'),
    actionType: str(d, 'action-type'),
    result: str(d, 'result'),
    imageTag: str(d, 'image-tag'),
    imageDigest: str(d, 'image-digest'),
    manifestMediaType: str(d, 'manifest-media-type'),
    artifactMediaType: str(d, 'artifact-media-type'),
  };
}

function normalizeOne(rec: SourceRecord, ctx: BatchContext, tally: Tally): void {
  const parsed = parseData(rec.data);
  if ('error' in parsed) return tally.reject('ecr-event:invalid-json', rec.ref, parsed.error);
  const ev = asObject(parsed.value);
  if (!isEventBridgeObject(ev)) return tally.reject('ecr-event:not-an-eventbridge-event', rec.ref, preview(parsed.value));
  const detailType = ev['detail-type'];

  if (detailType.endsWith('via CloudTrail')) {
    if (!isCloudTrailObject(ev.detail)) return tally.reject('ecr-event:invalid-cloudtrail-detail', rec.ref, preview(ev.detail));
    const account = str(ev, 'account') ?? ctx.account;
    const region = str(ev, 'region') ?? ctx.region;
    return normalizeCloudTrailObject(ev.detail, rec.ref, { ...ctx, account, region }, tally);
  }
  if (IMAGE_SCAN_DETAIL_TYPES[ev.source] === detailType) {
    const scan = parseImageScan(ev, ctx);
    if ('ignore' in scan) return tally.ignore(scan.ignore);
    if ('reject' in scan) return tally.reject(scan.reject, rec.ref, scan.detail);
    return void applyRules(ECR_IMAGE_SCAN_RULES, scan, { ...ctx, ref: rec.ref, drop: (reason) => tally.drop(reason) }, tally, IMAGE_SCAN_REASONS);
  }
  if (ev.source !== 'aws.ecr') return tally.ignore(`ecr-event:source-ignored:${reasonValue(ev.source)}`);
  if (detailType !== 'ECR Image Action') return tally.ignore(`ecr-event:detail-type-ignored:${reasonValue(detailType)}`);

  const action = parseImageAction(ev, ctx);
  if ('reject' in action) return tally.reject(action.reject, rec.ref, action.detail);
  applyRules(ECR_IMAGE_ACTION_RULES, action, { ...ctx, ref: rec.ref }, tally, IMAGE_ACTION_REASONS);
}

export function normalizeEcrEvents(records: SourceRecord[], ctx: BatchContext, _settings: DetectionSettings, tally: Tally): void {
  for (const rec of records) {
    tally.records++;
    try {
      normalizeOne(rec, ctx, tally);
    } catch (e) {
      // Defensive: a bug must cost one record, not the batch.
      tally.reject('ecr-event:internal-error', rec.ref, errorMessage(e));
    }
  }
}
