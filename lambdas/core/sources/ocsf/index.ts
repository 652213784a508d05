/**
 * Amazon Security Lake as a source: its OCSF rows (Parquet, read by the S3/SQS handler and the CLI
 * with hyparquet) mapped back to the native records the normalizers already read, so that one
 * attack yields the same signals — same ids, severities and stages — whether it is read from the
 * EKS audit log group, flow logs and CloudTrail, or from Security Lake:
 *  - VPC_FLOW (Network Activity 4001) → flow-log lines in OCSF_FLOW_FORMAT (source `vpc-flow`);
 *  - EKS_AUDIT (API Activity 6003) → Kubernetes audit Events (source `eks-audit`, ctx.cluster from
 *    the row);
 *  - CLOUD_TRAIL_MGMT (API Activity 3005 in OCSF 1.0.0-rc.2, 6003 in 1.1.0) → CloudTrail records,
 *    ECR PutImage and EC2 RunInstances only (source `cloudtrail`).
 * Security Lake source version 1 writes OCSF 1.0.0-rc.2, version 2 OCSF 1.1.0; both are read (the
 * differences: cloud.account_uid vs cloud.account.uid, class 3005 vs 6003 for CloudTrail API
 * activity, actor.user.uuid vs actor.user.uid for the caller's ARN, requestParameters flattened in
 * `unmapped` vs api.request.data, start_time/end_time vs start_time_dt/end_time_dt).
 *
 * Every row ends as a record in `collector` (then counted by its normalizer), a counted ignore
 * (`ocsf:not-relevant`: another class, another CloudTrail call, an EKS read) or a counted reject
 * (`ocsf:…` with a reason). Values the mapping lost are counted as dropped (OCSF_GAPS says which).
 * Pure: no AWS SDK, no I/O.
 */
import type { BatchCollector } from '../../envelopes/batch-collector';
import type { SecurityLakeSource } from '../../model/config';
import type { Tally } from '../../model/normalize-result';
import { errorMessage } from '../../util/errors';
import type { SourceBatchContext } from '../normalize-source';
import { auditEventOf } from './audit-from-ocsf';
import { cloudTrailRecordOf } from './cloudtrail-from-ocsf';
import { OCSF_FLOW_FORMAT, flowLineOf } from './flow-from-ocsf';
import { type Row, accountOrUndefined, asRow, cloudAccountOf, describe, intAt, isRcVersion, ocsfVersionOf, regionOrUndefined, strAt } from './ocsf-values';

export { OCSF_GAPS, type OcsfGap, ocsfGapsOf } from './ocsf-gaps';
export { OCSF_FLOW_FORMAT } from './flow-from-ocsf';

export interface OcsfContext {
  /** The account of the object (Security Lake key `…/accountId=<id>/…`): used when a row names none. */
  account?: string;
  /** The region of the object (`…/region=<region>/…`): used when a row names none. */
  region?: string;
  lakeSource: SecurityLakeSource;
}

const NETWORK_ACTIVITY = 4001;
/** API Activity: 6003 from OCSF 1.0.0 on; 3005 in 1.0.0-rc.2 (Security Lake source version 1). */
const API_ACTIVITY = 6003;
const API_ACTIVITY_RC = 3005;

function expectedClass(source: SecurityLakeSource, version: string): number {
  if (source === 'VPC_FLOW') return NETWORK_ACTIVITY;
  return source === 'CLOUD_TRAIL_MGMT' && isRcVersion(version) ? API_ACTIVITY_RC : API_ACTIVITY;
}

/** Batch contexts shared by identity, so the collector keeps one batch per account/region/cluster. */
class Contexts {
  private readonly byKey = new Map<string, SourceBatchContext>();
  get(ctx: SourceBatchContext): SourceBatchContext {
    const key = `${ctx.account ?? ''}|${ctx.region ?? ''}|${ctx.cluster ?? ''}|${ctx.flowFormat ?? ''}`;
    let c = this.byKey.get(key);
    if (!c) this.byKey.set(key, (c = ctx));
    return c;
  }
}

function base(account: string | undefined, region: string | undefined): SourceBatchContext {
  return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

/**
 * Maps Security Lake OCSF rows of one object into native records in `collector`, counting in `tally`
 * what is ignored or rejected. `refOf(i)` names row i for evidence and reject samples.
 *
 * @example
 *   decodeOcsfRows(rows, (i) => `s3://bucket/key#${i}`, { account: '111122223333', region: 'us-east-1', lakeSource: 'VPC_FLOW' }, collector, tally);
 *   for (const b of collector.batches) normalizeSource(b.source, b.records, b.ctx, settings, tally);
 */
export function decodeOcsfRows(
  rows: readonly unknown[],
  refOf: (i: number) => string,
  ctx: { account?: string; region?: string; lakeSource: SecurityLakeSource },
  collector: BatchCollector,
  tally: Tally,
): void {
  const contexts = new Contexts();
  const fallbackAccount = accountOrUndefined(ctx.account);
  const fallbackRegion = regionOrUndefined(ctx.region);
  for (let i = 0; i < rows.length; i++) {
    let ref = `row ${i}`;
    try {
      ref = refOf(i);
      decodeRow(rows[i], ref, ctx.lakeSource, fallbackAccount, fallbackRegion, contexts, collector, tally);
    } catch (e) {
      // Defensive: the readers are total, but one bad row must never cost the object.
      tally.records++;
      tally.reject('ocsf:internal-error', ref, errorMessage(e));
    }
  }
}

function decodeRow(
  value: unknown,
  ref: string,
  source: SecurityLakeSource,
  account: string | undefined,
  region: string | undefined,
  contexts: Contexts,
  collector: BatchCollector,
  tally: Tally,
): void {
  const reject = (reason: string, detail?: string) => {
    tally.records++;
    tally.reject(reason, ref, detail);
  };
  const ignore = (reason: string) => {
    tally.records++;
    tally.ignore(reason);
  };
  /** A mapping's record, or its reject or ignore counted; the values a record lost are counted as dropped. */
  const mapped = <T extends { drops: readonly string[] }>(out: T | { reject: string; detail: string } | { ignore: string }): out is T => {
    if ('reject' in out) reject(out.reject, out.detail);
    else if ('ignore' in out) ignore(out.ignore);
    else for (const d of out.drops) tally.drop(d);
    return !('reject' in out) && !('ignore' in out);
  };
  const row = asRow(value);
  if (!row) return reject('ocsf:not-an-object', describe(value));
  const classUid = intAt(row, 'class_uid');
  if (classUid === undefined) return reject('ocsf:missing-class-uid', describe(row['class_uid']));
  const version = ocsfVersionOf(row);
  if (version === undefined) return reject('ocsf:unsupported-version', `metadata.version ${describe(asRow(row['metadata'])?.['version'])}`);
  if (classUid !== expectedClass(source, version)) return ignore('ocsf:not-relevant');
  const rowRegion = regionOrUndefined(strAt(row, 'cloud.region', 64)) ?? region;
  switch (source) {
    case 'VPC_FLOW': {
      const out = flowLineOf(row);
      if ('reject' in out) return reject(out.reject, out.detail);
      // The line carries its own account-id and region; the context fills in what a row lacks.
      collector.add('vpc-flow', contexts.get({ ...base(account, region), flowFormat: OCSF_FLOW_FORMAT }), { data: out.line, ref });
      return;
    }
    case 'EKS_AUDIT': {
      const out = auditEventOf(row);
      if (!mapped(out)) return;
      // cloud.account.uid of EKS rows is the caller's ARN (user.extra.arn): the account is the object's.
      const ctx = base(cloudAccountOf(row) ?? account, rowRegion);
      collector.add('eks-audit', contexts.get(out.cluster ? { ...ctx, cluster: out.cluster } : ctx), { data: out.event, ref });
      return;
    }
    case 'CLOUD_TRAIL_MGMT': {
      const out = cloudTrailRecordOf(row);
      if (!mapped(out)) return;
      collector.add('cloudtrail', contexts.get(base(cloudAccountOf(row) ?? account, rowRegion)), { data: out.record, ref });
      return;
    }
  }
}

export type { Row };
