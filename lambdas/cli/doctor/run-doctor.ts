/**
 * `an1261 doctor`'s run: who am I, then each telemetry source and destination in turn (EKS audit,
 * VPC flow logs, host logs, CloudTrail/ECR, EventBridge rules, Security Hub). Calls are sequential
 * to stay gentle on API rate limits; a failing area yields FAIL rows and the run goes on.
 */
import type { AccountReader } from '../../adapters/account-reader';
import type { Config } from '../../core/model/config';
import { type CheckResult, type CheckStatus, exitCodeOf, failFromError, pass } from './check-result';
import { cloudTrailChecks } from './cloudtrail-checks';
import type { DoctorContext } from './doctor-context';
import { ecrRuleChecks } from './ecr-rule-checks';
import { eksChecks } from './eks-checks';
import { flowLogChecks } from './flow-log-checks';
import { hostLogChecks } from './host-log-checks';
import { securityHubChecks } from './security-hub-checks';

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
}

function report(region: string, now: number, checks: CheckResult[], who?: { account: string; arn: string }): DoctorReport {
  const summary: Record<CheckStatus, number> = { PASS: 0, WARN: 0, FAIL: 0 };
  for (const c of checks) summary[c.status]++;
  return { ...(who ? { account: who.account, caller: who.arn } : {}), region, generatedAt: new Date(now).toISOString(), summary, exitCode: exitCodeOf(checks), checks };
}

export async function runDoctor(reader: AccountReader, opts: DoctorOptions): Promise<DoctorReport> {
  const region = await reader.region();
  let who;
  try {
    who = await reader.identity();
  } catch (e) {
    // Without working credentials every other call fails the same way: one row says it all.
    return report(region, opts.now, [failFromError('aws.credentials', region, e)]);
  }
  const ctx: DoctorContext = { reader, config: opts.config, account: who.account, region, callerArn: who.arn, now: opts.now, staleAfterMs: opts.staleAfterMs, marker: opts.marker, vpcIds: opts.vpcIds };
  const checks: CheckResult[] = [pass('aws.credentials', region, `${who.arn} in account ${who.account}`)];
  for (const section of [eksChecks, flowLogChecks, hostLogChecks, cloudTrailChecks, ecrRuleChecks, securityHubChecks]) {
    checks.push(...(await section(ctx)));
  }
  return report(region, opts.now, checks, who);
}
