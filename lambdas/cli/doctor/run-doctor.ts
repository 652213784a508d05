/**
 * `an1261 doctor`'s run: who am I, then each telemetry source and destination in turn (EKS audit,
 * VPC flow logs, host logs, CloudTrail/ECR, EventBridge rules, Security Hub). Calls are sequential
 * to stay gentle on API rate limits; a failing area yields FAIL rows and the run goes on.
 */
import { AccountReader } from '../../adapters/account-reader';
import type { Config } from '../../core/model/config';
import { type CheckResult, type CheckStatus, exitCodeOf, fail, failFromError, pass } from './check-result';
import { cloudTrailChecks } from './cloudtrail-checks';
import type { DoctorContext } from './doctor-context';
import { ecrRuleChecks } from './ecr-rule-checks';
import { eksChecks } from './eks-checks';
import { flowLogChecks } from './flow-log-checks';
import { hostLogChecks } from './host-log-checks';
import { securityHubChecks } from './security-hub-checks';
import { type DoctorNote, securityLakeChecks, securityLakeNotes } from './security-lake-checks';

export interface DoctorOptions {
  config: Config;
  now: number;
  staleAfterMs: number;
  marker: string;
  vpcIds: string[];
}

export interface DoctorReport {
  account?: string;
  region: string;
  caller?: string;
  generatedAt: string;
  summary: Record<CheckStatus, number>;
  /** 0 all PASS, 1 any WARN, 2 any FAIL. */
  exitCode: 0 | 1 | 2;
  checks: CheckResult[];
  /** Facts to know about the setup (what Security Lake's OCSF records lose); never change the exit status. */
  notes?: DoctorNote[];
}

export interface MemberDoctorOptions extends DoctorOptions {
  /** The member account to check (`--account`). */
  memberAccount: string;
  /** The role to assume in it (`--role-arn`, or accounts.members[].doctorRoleArn). */
  roleArn: string;
}

function report(region: string, now: number, checks: CheckResult[], who?: { account: string; arn: string }, notes: DoctorNote[] = []): DoctorReport {
  const summary: Record<CheckStatus, number> = { PASS: 0, WARN: 0, FAIL: 0 };
  for (const c of checks) summary[c.status]++;
  return { ...(who ? { account: who.account, caller: who.arn } : {}), region, generatedAt: new Date(now).toISOString(), summary, exitCode: exitCodeOf(checks), checks, ...(notes.length > 0 ? { notes } : {}) };
}

/** Who calls, with its PASS row; or, without working credentials, the one-row report (every other call would fail the same way). */
async function callerOf(reader: AccountReader, region: string, now: number): Promise<{ who: { account: string; arn: string }; row: CheckResult } | { failed: DoctorReport }> {
  try {
    const who = await reader.identity();
    return { who, row: pass('aws.credentials', region, `${who.arn} in account ${who.account}`) };
  } catch (e) {
    return { failed: report(region, now, [failFromError('aws.credentials', region, e)]) };
  }
}

export async function runDoctor(reader: AccountReader, opts: DoctorOptions): Promise<DoctorReport> {
  const region = await reader.region();
  const caller = await callerOf(reader, region, opts.now);
  if ('failed' in caller) return caller.failed;
  const { who } = caller;
  const ctx: DoctorContext = { reader, config: opts.config, account: who.account, region, callerArn: who.arn, now: opts.now, staleAfterMs: opts.staleAfterMs, marker: opts.marker, vpcIds: opts.vpcIds };
  const checks: CheckResult[] = [caller.row];
  for (const section of [eksChecks, flowLogChecks, hostLogChecks, cloudTrailChecks, ecrRuleChecks, securityHubChecks, securityLakeChecks]) {
    checks.push(...(await section(ctx)));
  }
  return report(region, opts.now, checks, who, securityLakeNotes(ctx));
}

/**
 * `an1261 doctor --account <id>`: from the detector's (central) account, assume the member's
 * read-only role, then check the member's EKS audit and host log groups — logging, retention,
 * recency — and that each is subscribed to a CloudWatch Logs destination of the central account.
 */
export async function runMemberDoctor(central: AccountReader, opts: MemberDoctorOptions): Promise<DoctorReport> {
  const region = await central.region();
  const caller = await callerOf(central, region, opts.now);
  if ('failed' in caller) return caller.failed;
  const { who } = caller;
  const checks: CheckResult[] = [caller.row];
  let member: AccountReader;
  try {
    const credentials = await central.assumeRole(opts.roleArn, 'an1261-doctor');
    member = new AccountReader({ ...central.access, credentials });
  } catch (e) {
    const failed = failFromError('member.role', opts.roleArn, e);
    checks.push({ ...failed, fix: `create ${opts.roleArn} in account ${opts.memberAccount} with a trust policy for ${who.arn} (or account ${who.account}) and the read-only actions of docs/doctor.md; or pass --role-arn` });
    return report(region, opts.now, checks, who);
  }
  try {
    const mine = await member.identity();
    if (mine.account !== opts.memberAccount) {
      checks.push(fail('member.role', opts.roleArn, `the role is in account ${mine.account}, not ${opts.memberAccount}`, `set accounts.members[id=${opts.memberAccount}].doctorRoleArn to a role of account ${opts.memberAccount}, or pass --role-arn`));
      return report(region, opts.now, checks, mine);
    }
    checks.push(pass('member.role', opts.roleArn, `assumed: ${mine.arn}`));
    const ctx: DoctorContext = {
      reader: member,
      config: opts.config,
      account: mine.account,
      region,
      callerArn: mine.arn,
      now: opts.now,
      staleAfterMs: opts.staleAfterMs,
      marker: opts.marker,
      vpcIds: opts.vpcIds,
      crossAccount: { centralAccount: who.account },
    };
    for (const section of [eksChecks, hostLogChecks]) checks.push(...(await section(ctx)));
    return report(region, opts.now, checks, mine);
  } catch (e) {
    checks.push(failFromError('member.role', opts.roleArn, e));
    return report(region, opts.now, checks, who);
  } finally {
    member.destroy();
  }
}
