/**
 * EKS / Kubernetes audit normalizer: records of the `/aws/eks/<cluster>/cluster` log group (or
 * replayed audit files, or webhook EventLists) → build, deploy and link signals.
 *
 * Per batch: decode every record (JSON strings or objects), keep one event per auditID (the
 * stage with the response; failed requests dropped), gate out what no rule reads, then offer each
 * event to the rules. Every record ends as a signal source or a counted reason; nothing throws.
 */
import type { BatchContext, SourceRecord } from '../../model/batch';
import type { Tally } from '../../model/normalize-result';
import type { DetectionSettings } from '../../model/settings';
import { buildAuditRecord, requestKeyOf } from '../../records/eks-audit/audit-record';
import { strAt } from '../../records/eks-audit/json-fields';
import { clusterOfLogGroup, EKS_AUDIT_STREAM_PREFIX } from '../../records/eks-audit/log-group';
import { applyRules } from '../../rules/apply-rules';
import { EKS_AUDIT_RULES } from '../../rules/eks-audit';
import { auditPreFilter, type RuleContext } from '../../rules/rule';
import { decodeAuditData, invalidEventReason } from './decode-audit-data';
import { type StagedEvent, dedupeStages } from './stage-dedupe';
import { errorMessage } from '../../util/errors';

const AUDIT_REASONS = { noMatch: 'eks-audit:no-match', ruleError: 'eks-audit:rule-error' } as const;

/** Decodes records into staged events, counting what cannot be read. */
function stage(records: readonly SourceRecord[], tally: Tally): StagedEvent[] {
  const staged: StagedEvent[] = [];
  for (const r of records) {
    tally.records++;
    let decoded;
    try {
      decoded = decodeAuditData(r.data);
    } catch (e) {
      tally.reject('eks-audit:invalid-json', r.ref, errorMessage(e));
      continue;
    }
    if ('reject' in decoded) tally.reject(decoded.reject, r.ref, decoded.detail);
    else if ('ignore' in decoded) tally.ignore(decoded.ignore);
    else {
      for (const { event, suffix, inList } of decoded.events) {
        const ref = r.ref + suffix;
        const invalid = invalidEventReason(event, inList);
        if (invalid) tally.reject(invalid.reason, ref, invalid.detail);
        else staged.push({ event, auditId: strAt(event, 'auditID')!, ref, ...(typeof r.timestamp === 'number' ? { envelopeMs: r.timestamp } : {}) });
      }
    }
  }
  return staged;
}

function evaluate(e: StagedEvent, base: Omit<RuleContext, 'ref'>, tally: Tally): void {
  const key = requestKeyOf(e.event);
  const skip = auditPreFilter(key);
  if (skip) {
    tally.ignore(skip);
    return;
  }
  const rec = buildAuditRecord(e.event, key, e.envelopeMs);
  if (!rec) {
    tally.reject('eks-audit:invalid-time', e.ref, 'no usable stageTimestamp, timestamp, requestReceivedTimestamp or envelope time');
    return;
  }
  applyRules(EKS_AUDIT_RULES, rec, { ...base, ref: e.ref }, tally, AUDIT_REASONS);
}

/**
 * Normalizes a batch of EKS audit records into `tally`. `ctx.cluster` wins over the cluster named
 * by `ctx.logGroup`; records of a non-audit stream of the cluster log group (kube-apiserver-*,
 * authenticator-* …) are ignored as `eks-audit:not-audit-stream`.
 *
 * @example
 *   normalizeEksAudit([{ data: message, ref: 'cwl:…#1', timestamp }], { logGroup: '/aws/eks/prod/cluster',
 *     logStream: 'kube-apiserver-audit-0a1b…' }, settings, tally);
 */
export function normalizeEksAudit(records: SourceRecord[], ctx: BatchContext, _settings: DetectionSettings, tally: Tally): void {
  const stream = ctx.logStream;
  if (stream && !stream.startsWith(EKS_AUDIT_STREAM_PREFIX)) {
    tally.records += records.length;
    if (records.length > 0) tally.ignore('eks-audit:not-audit-stream', records.length);
    return;
  }
  const cluster = ctx.cluster ?? clusterOfLogGroup(ctx.logGroup);
  const base: Omit<RuleContext, 'ref'> = { ...ctx, ...(cluster ? { cluster } : {}), drop: (reason) => tally.drop(reason) };
  for (const e of dedupeStages(stage(records, tally), tally)) {
    try {
      evaluate(e, base, tally);
    } catch (err) {
      // Defensive: the readers are total, but one bad event must never cost the batch.
      tally.reject('eks-audit:internal-error', e.ref, errorMessage(err));
    }
  }
}
