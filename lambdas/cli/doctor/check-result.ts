/**
 * What one doctor check reports: PASS / WARN / FAIL, on what, the evidence seen in the account and
 * the exact fix. A failed AWS call becomes a FAIL naming the IAM action it needed, never a crash.
 */
import { AwsCallError } from '../../adapters/account-reader-errors';
import { errorMessage } from '../../core/util/errors';

export type CheckStatus = 'PASS' | 'WARN' | 'FAIL';

export interface CheckResult {
  /** Stable id, `<area>.<aspect>`, e.g. `eks.audit-logging`. */
  id: string;
  /** What was checked: a cluster, log group, VPC, flow log, trail, region … */
  subject: string;
  status: CheckStatus;
  /** What the account showed. */
  evidence: string;
  /** The exact command or console step that fixes a WARN or FAIL. */
  fix?: string;
}

export const pass = (id: string, subject: string, evidence: string): CheckResult => ({ id, subject, status: 'PASS', evidence });
export const warn = (id: string, subject: string, evidence: string, fix: string): CheckResult => ({ id, subject, status: 'WARN', evidence, fix });
export const fail = (id: string, subject: string, evidence: string, fix: string): CheckResult => ({ id, subject, status: 'FAIL', evidence, fix });

/** The IAM policy doc users are pointed to when a permission is missing. */
export const POLICY_HINT = 'docs/doctor.md lists the whole read-only policy';

/** A FAIL for a check that could not run, saying why and what to do. */
export function failFromError(id: string, subject: string, e: unknown): CheckResult {
  if (e instanceof AwsCallError) {
    switch (e.failure) {
      case 'access-denied':
        return fail(id, subject, `${e.message}: the check could not run`, `allow ${e.action} for the caller (${POLICY_HINT})`);
      case 'throttled':
        return fail(id, subject, e.message, 'run doctor again in a few minutes, or ask for a higher API quota (Service Quotas console)');
      case 'credentials':
        return fail(id, subject, e.message, 'refresh the credentials (e.g. `aws sso login --profile <p>`) or pass --profile');
      default:
        return fail(id, subject, e.message, 'check the error above; run again with the same --region and --profile');
    }
  }
  return fail(id, subject, `check failed unexpectedly: ${errorMessage(e)}`, 'report this as a bug with the output of `an1261 doctor --json`');
}

/** Runs a group of checks; if the group throws, one FAIL row takes its place and the run goes on. */
export async function guarded(id: string, subject: string, run: () => Promise<CheckResult[]>): Promise<CheckResult[]> {
  try {
    return await run();
  } catch (e) {
    return [failFromError(id, subject, e)];
  }
}

export function worstStatus(results: readonly CheckResult[]): CheckStatus {
  if (results.some((r) => r.status === 'FAIL')) return 'FAIL';
  if (results.some((r) => r.status === 'WARN')) return 'WARN';
  return 'PASS';
}

/** 0 all PASS, 1 any WARN, 2 any FAIL. */
export function exitCodeOf(results: readonly CheckResult[]): 0 | 1 | 2 {
  const w = worstStatus(results);
  return w === 'FAIL' ? 2 : w === 'WARN' ? 1 : 0;
}
