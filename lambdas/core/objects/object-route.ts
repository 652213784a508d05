/**
 * Which announced objects the deployment reads: an object of a `sources.s3` bucket under its prefix
 * (VPC flow logs or CloudTrail by its key), or of the Security Lake bucket (a source of
 * `securityLake.sources`). Anything else is a counted ignore and is never read: the intake queue may
 * receive notifications for a whole bucket, and keys are written by whoever can write to it.
 */
import type { Config, SecurityLakeSource } from '../model/config';
import { type KeyRefusal, type ObjectKeyInfo, classifyObjectKey, isRefusal } from './object-key';
import type { ObjectRef } from './object-notification';

export interface ObjectRoute {
  info: ObjectKeyInfo;
  /** A Security Lake object (read with the subscriber's credentials when a role is configured). */
  lake: boolean;
}

export const ROUTE_REASONS = {
  notConfigured: 'object:not-configured',
  notALakeObject: 'object:not-a-lake-object',
  lakeSourceNotConfigured: 'object:lake-source-not-configured',
  wrongAccount: 'object:bucket-account-mismatch',
  notALogKey: 'object:not-a-log-key',
} as const;

/** The bucket name of `arn:aws:s3:::name`. */
export function bucketOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

type Sources = Pick<Config['sources'], 's3' | 'securityLake'>;

/**
 * The route of an announced object, or why it is not read.
 * @example routeObject({ bucket: 'org-logs', key: 'AWSLogs/…', via: 's3' }, config.sources)
 */
export function routeObject(ref: ObjectRef, sources: Sources): ObjectRoute | KeyRefusal {
  const lake = sources.securityLake;
  if (lake && bucketOfArn(lake.bucketArn) === ref.bucket) {
    const info = classifyObjectKey(ref.key);
    if (isRefusal(info)) return info;
    if (info.kind !== 'security-lake') return { refused: 'ignore', reason: ROUTE_REASONS.notALakeObject };
    if (!lake.sources.includes(info.lakeSource as SecurityLakeSource)) return { refused: 'ignore', reason: ROUTE_REASONS.lakeSourceNotConfigured, detail: info.lakeSource ?? '' };
    return { info, lake: true };
  }
  const source = sources.s3.find((s) => s.bucket === ref.bucket && ref.key.startsWith(s.prefix));
  if (!source) return { refused: 'ignore', reason: ROUTE_REASONS.notConfigured };
  if (source.account && ref.account && source.account !== ref.account) return { refused: 'reject', reason: ROUTE_REASONS.wrongAccount, detail: `bucket ${ref.bucket} owned by ${ref.account}, configured ${source.account}` };
  const info = classifyObjectKey(ref.key);
  if (isRefusal(info)) return info;
  if (info.kind === 'security-lake') return { refused: 'ignore', reason: ROUTE_REASONS.notALogKey };
  return { info, lake: false };
}
