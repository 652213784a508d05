/**
 * CloudTrail records to push signals: one record per SourceRecord (a trail file's `Records[]` item,
 * or a CloudWatch Logs message string). Only ECR PutImage becomes a signal; everything else is
 * counted by reason. Also used for the `detail` of EventBridge "… via CloudTrail" events.
 */
import type { BatchContext, SourceRecord } from '../../model/batch';
import type { Tally } from '../../model/normalize-result';
import type { DetectionSettings } from '../../model/settings';
import { applyRules } from '../../rules/apply-rules';
import { CLOUDTRAIL_RULES } from '../../rules/ecr';
import { asObject, type JsonObject, parseData, preview } from '../../records/ecr/fields';
import type { CloudTrailRecord } from '../../records/ecr/types';
import { errorMessage } from '../../util/errors';

const CLOUDTRAIL_REASONS = { noMatch: 'cloudtrail:no-match', ruleError: 'cloudtrail:internal-error' } as const;

export function isCloudTrailObject(o: JsonObject | undefined): o is CloudTrailRecord {
  return o !== undefined && typeof o.eventSource === 'string' && typeof o.eventName === 'string' && typeof o.eventTime === 'string';
}

/** Content sniffing: a CloudTrail record (object or JSON string) has eventSource, eventName and eventTime. */
export function isCloudTrailRecord(x: unknown): boolean {
  const parsed = parseData(x);
  return 'value' in parsed && isCloudTrailObject(asObject(parsed.value));
}

/** One CloudTrail record already parsed; `ctx` supplies account/region the record lacks. */
export function normalizeCloudTrailObject(record: CloudTrailRecord, ref: string, ctx: BatchContext, tally: Tally): void {
  applyRules(CLOUDTRAIL_RULES, record, { ...ctx, ref }, tally, CLOUDTRAIL_REASONS);
}

function normalizeOne(rec: SourceRecord, ctx: BatchContext, tally: Tally): void {
  const parsed = parseData(rec.data);
  if ('error' in parsed) return tally.reject('cloudtrail:invalid-json', rec.ref, parsed.error);
  const o = asObject(parsed.value);
  if (isCloudTrailObject(o)) return normalizeCloudTrailObject(o, rec.ref, ctx, tally);
  // A whole trail file is the envelope's to split; say so rather than "not a record".
  const reason = Array.isArray(o?.Records) ? 'cloudtrail:log-file-not-split' : 'cloudtrail:not-a-cloudtrail-record';
  tally.reject(reason, rec.ref, preview(parsed.value));
}

export function normalizeCloudTrail(records: SourceRecord[], ctx: BatchContext, _settings: DetectionSettings, tally: Tally): void {
  for (const rec of records) {
    tally.records++;
    try {
      normalizeOne(rec, ctx, tally);
    } catch (e) {
      // Defensive: a bug must cost one record, not the batch.
      tally.reject('cloudtrail:internal-error', rec.ref, errorMessage(e));
    }
  }
}
