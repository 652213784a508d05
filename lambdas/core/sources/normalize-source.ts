/**
 * One entry point from decoded records of a known source to Signals (and counted rejects).
 * Envelope decoding decides the source; this dispatches to the source's normalizer.
 */
import type { BatchContext, SourceRecord } from '../model/batch';
import { Tally } from '../model/normalize-result';
import type { DetectionSettings } from '../model/settings';
import type { SourceKind } from '../model/signal';
import { normalizeEksAudit } from './eks-audit';
import { normalizeCloudTrail, normalizeEcrEvents } from './ecr';
import { normalizeHostLogs } from './host';
import { normalizeVpcFlow } from './vpc-flow';

export interface SourceBatchContext extends BatchContext {
  /** VPC flow-log format string (`${field} …` or space-separated names); default v2 or header line. */
  flowFormat?: string;
}

/** Normalizes records of one source into `tally` (a new one when omitted) and returns it. */
export function normalizeSource(
  source: SourceKind,
  records: SourceRecord[],
  ctx: SourceBatchContext,
  settings: DetectionSettings,
  tally: Tally = new Tally(),
): Tally {
  switch (source) {
    case 'eks-audit':
      normalizeEksAudit(records, ctx, settings, tally);
      break;
    case 'vpc-flow':
      normalizeVpcFlow(records as SourceRecord<string>[], ctx, settings, tally);
      break;
    case 'ecr-event':
      normalizeEcrEvents(records, ctx, settings, tally);
      break;
    case 'cloudtrail':
      normalizeCloudTrail(records, ctx, settings, tally);
      break;
    case 'dockerd':
    case 'auditd':
      normalizeHostLogs(records as SourceRecord<string>[], ctx, settings, tally);
      break;
  }
  return tally;
}
