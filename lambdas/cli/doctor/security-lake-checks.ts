/**
 * Security Lake readiness, when `sources.securityLake` is configured: the subscriber role can be
 * assumed (with its external id), the subscriber's notification queue answers, the data lake bucket
 * lists under `aws/` and its first object reads (which also proves kms:Decrypt when the lake uses a
 * KMS key) — all with the identity the detector reads with. What Security Lake's OCSF records lose
 * for the configured sources is listed as notes: facts to know, not failures.
 */
import type { FirstObject } from '../../adapters/security-lake-reader';
import { AwsCallError } from '../../adapters/account-reader-errors';
import type { AwsAccess } from '../../adapters/aws-access';
import { ocsfGapsOf } from '../../core/sources/ocsf';
import { type CheckResult, fail, failFromError, pass, warn } from './check-result';
import type { DoctorContext } from './doctor-context';
import { formatAge } from './duration';

/** A fact about the setup shown after the checks; never changes the exit status. */
export interface DoctorNote {
  id: string;
  subject: string;
  text: string;
}

const CONSOLE = 'Security Lake console → Subscribers → the detector’s subscriber';

function roleFix(roleArn: string): string {
  return `check sources.securityLake.roleArn and externalId against the subscriber (${CONSOLE}: Role ARN, External ID), and allow the caller sts:AssumeRole on ${roleArn}`;
}

function describeFailure(e: unknown): { evidence: string; denied: boolean; missing: boolean } {
  if (e instanceof AwsCallError) {
    const missing = /NonExistentQueue|QueueDoesNotExist|NoSuchBucket/.test(e.code) || e.failure === 'not-found';
    return { evidence: e.message, denied: e.failure === 'access-denied' || /^KMS\./.test(e.code), missing };
  }
  return { evidence: e instanceof Error ? e.message : String(e), denied: false, missing: false };
}

async function queueCheck(lake: { queueArn: string }, who: string, url: string, attributes: () => Promise<{ approximateMessages?: number; kmsMasterKeyId?: string }>): Promise<CheckResult> {
  const id = 'security-lake.queue';
  try {
    const q = await attributes();
    const waiting = q.approximateMessages !== undefined ? `, ${q.approximateMessages} notification${q.approximateMessages === 1 ? '' : 's'} waiting` : '';
    return pass(id, lake.queueArn, `reachable as ${who}${waiting}${q.kmsMasterKeyId ? ` (encrypted with ${q.kmsMasterKeyId})` : ''}`);
  } catch (e) {
    const f = describeFailure(e);
    if (f.missing) return fail(id, lake.queueArn, `${f.evidence}: no queue at ${url}`, `copy the subscriber's SQS queue ARN (${CONSOLE}: Subscription endpoint) into sources.securityLake.queueArn`);
    if (f.denied) return fail(id, lake.queueArn, `${f.evidence} as ${who}`, `the queue policy must let ${who} call sqs:GetQueueAttributes, sqs:ReceiveMessage and sqs:DeleteMessage (Security Lake sets it for the subscriber; recreate the subscriber with SQS notification if it was changed)`);
    return failFromError(id, lake.queueArn, e);
  }
}

async function bucketChecks(bucket: string, who: string, kmsKeyArn: string | undefined, first: () => Promise<FirstObject>, head: (key: string) => Promise<string>, now: number): Promise<CheckResult[]> {
  let obj: FirstObject;
  try {
    obj = await first();
  } catch (e) {
    const f = describeFailure(e);
    if (f.missing) return [fail('security-lake.bucket', bucket, f.evidence, 'copy the data lake bucket (aws-security-data-lake-<region>-…) into sources.securityLake.bucketArn')];
    if (f.denied) return [fail('security-lake.bucket', bucket, `${f.evidence} as ${who}`, `create the subscriber with data access (access type S3) for the configured sources: Security Lake then grants its role s3:ListBucket and s3:GetObject on the source prefixes`)];
    return [failFromError('security-lake.bucket', bucket, e)];
  }
  if (!obj.key) {
    return [warn('security-lake.bucket', bucket, `listable as ${who}, but no object under aws/ yet: no AWS source has written to the lake`, 'add the sources in the Security Lake console (Sources → VPC Flow Logs, EKS Audit Logs, CloudTrail management events) for the accounts and Regions to watch')];
  }
  const age = obj.lastModified ? ` (written ${formatAge(obj.lastModified.getTime(), now)} ago)` : '';
  const out = [pass('security-lake.bucket', bucket, `listable as ${who}; first object under aws/: ${obj.key}${age}`)];
  try {
    const magic = await head(obj.key);
    out.push(
      magic === 'PAR1'
        ? pass('security-lake.read', bucket, `read the first bytes of ${obj.key}: Parquet${kmsKeyArn ? `, decrypted with ${kmsKeyArn}` : ''}`)
        : warn('security-lake.read', bucket, `${obj.key} does not start with the Parquet magic bytes (got ${JSON.stringify(magic)})`, 'check sources.securityLake.bucketArn names the Security Lake bucket'),
    );
  } catch (e) {
    const f = describeFailure(e);
    out.push(
      f.denied
        ? fail('security-lake.read', bucket, `${f.evidence} reading ${obj.key} as ${who}`, kmsKeyArn ? `the key policy of ${kmsKeyArn} must allow kms:Decrypt to ${who}, and the role s3:GetObject` : `the subscriber role needs s3:GetObject on the source prefixes (and kms:Decrypt when the lake uses a KMS key: set sources.securityLake.kmsKeyArn)`)
        : failFromError('security-lake.read', bucket, e),
    );
  }
  return out;
}

/** The Security Lake checks (none when `sources.securityLake` is not configured). */
export async function securityLakeChecks(ctx: DoctorContext): Promise<CheckResult[]> {
  const lake = ctx.config.sources.securityLake;
  if (!lake) return [];
  const { queueUrlOfArn, bucketOfArn, SecurityLakeReader } = await import('../../adapters/security-lake-reader');
  const queue = queueUrlOfArn(lake.queueArn);
  const bucket = bucketOfArn(lake.bucketArn);
  if (!queue || !bucket) return [fail('security-lake.config', 'sources.securityLake', `cannot read ${!queue ? `queueArn ${lake.queueArn}` : `bucketArn ${lake.bucketArn}`}`, 'give the ARNs as the Security Lake console shows them')];
  const out: CheckResult[] = [];
  let access: AwsAccess = ctx.reader.access;
  let who = ctx.callerArn;
  if (lake.roleArn) {
    try {
      access = { ...ctx.reader.access, credentials: await ctx.reader.assumeRole(lake.roleArn, 'an1261-doctor', lake.externalId) };
      who = `role ${lake.roleArn}`;
      out.push(pass('security-lake.role', lake.roleArn, `assumed by ${ctx.callerArn}${lake.externalId ? ' with the external id' : ''}`));
    } catch (e) {
      // Without the role the queue and bucket checks would test another identity than the detector's.
      return [fail('security-lake.role', lake.roleArn, describeFailure(e).evidence, roleFix(lake.roleArn))];
    }
  }
  const reader = new SecurityLakeReader(access, { queue: queue.region, bucket: bucket.region ?? queue.region });
  try {
    out.push(await queueCheck(lake, who, queue.url, () => reader.queueAttributes(queue.url)));
    out.push(...(await bucketChecks(bucket.bucket, who, lake.kmsKeyArn, () => reader.firstObject(bucket.bucket, 'aws/'), (key) => reader.firstBytes(bucket.bucket, key, 4), ctx.now)));
  } finally {
    reader.destroy();
  }
  return out;
}

/** What OCSF loses for the configured sources (OCSF_GAPS), as notes. */
export function securityLakeNotes(ctx: Pick<DoctorContext, 'config'>): DoctorNote[] {
  const lake = ctx.config.sources.securityLake;
  if (!lake) return [];
  return ocsfGapsOf(lake.sources).map((g) => ({ id: `security-lake.gap.${g.id}`, subject: g.source, text: `${g.field}: ${g.effect} (affects ${g.affects})` }));
}
