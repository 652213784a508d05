/**
 * `an1261 doctor`: is the telemetry AN1261 needs produced, retained and reaching the detector?
 * Read-only AWS calls; a table of PASS / WARN / FAIL checks with evidence and the exact fix.
 * Exit status 0 all PASS, 1 any WARN, 2 any FAIL.
 */
import { type Command, CommanderError } from 'commander';
import { parseDuration } from '../doctor/duration';
import { loadConfigFile } from '../../contract';
import type { Config } from '../../core/model/config';

interface DoctorFlags {
  config?: string;
  region?: string;
  profile?: string;
  json: boolean;
  vpc?: string[];
  staleAfter: string;
  marker: string;
  account?: string;
  roleArn?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The member account `--account` names and the role to assume there; a usage error when there is none. */
function memberTarget(config: Config, account: string, roleArn: string | undefined): { memberAccount: string; roleArn: string } {
  if (!/^\d{12}$/.test(account)) throw new Error(`--account "${account}": expected a 12-digit AWS account id`);
  if (roleArn !== undefined && !/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(roleArn)) throw new Error(`--role-arn "${roleArn}": expected an IAM role ARN`);
  const role = roleArn ?? config.accounts.members.find((m) => m.id === account)?.doctorRoleArn;
  if (!role) {
    const listed = config.accounts.members.some((m) => m.id === account);
    throw new Error(`no role to check account ${account}: ${listed ? 'its entry in accounts.members has no doctorRoleArn' : 'it is not in accounts.members'}; pass --role-arn <arn>`);
  }
  return { memberAccount: account, roleArn: role };
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('Check the account is ready for AN1261: EKS audit logs, VPC flow logs, host logs, CloudTrail, ECR EventBridge rules, Security Hub — PASS/WARN/FAIL with evidence and the fix. Read-only (the import check sends Security Hub an empty batch).')
    .option('-c, --config <file>', 'the detector config (clusters, flow-log and host-log groups to check); defaults apply when omitted')
    .option('--region <region>', 'AWS region (default: the SDK chain — AWS_REGION, the profile …)')
    .option('--profile <name>', 'named profile from ~/.aws/config (default: the SDK chain)')
    .option('--vpc <id>', 'check this VPC only (repeatable); default: every VPC of the region', collect)
    .option('--stale-after <duration>', 'a source whose newest event is older is reported silent', '1h')
    .option('--marker <text>', 'text in the names/ARNs of the product’s subscription filters and rule targets (the stack name)', 'an1261')
    .option('--account <id>', 'check a member account instead (accounts.members): assume its doctorRoleArn, then check its EKS audit and host log groups and their subscription to the central CloudWatch Logs destination')
    .option('--role-arn <arn>', 'with --account: the role to assume in the member account (default: accounts.members[].doctorRoleArn)')
    .option('--json', 'machine-readable report on stdout', false)
    .action(async (flags: DoctorFlags) => {
      const config = loadConfigFile(flags.config);
      const staleAfterMs = parseDuration(flags.staleAfter, '--stale-after');
      const member = flags.account !== undefined ? memberTarget(config, flags.account, flags.roleArn) : undefined;
      if (flags.roleArn !== undefined && member === undefined) throw new Error('--role-arn needs --account <id>');
      // Loaded when doctor runs: its seven SDK clients are not every command's start-up cost.
      const [{ AccountReader }, { runDoctor, runMemberDoctor }, { formatDoctorJson, formatDoctorTable }] = await Promise.all([import('../../adapters/account-reader'), import('../doctor/run-doctor'), import('../doctor/report-format')]);
      const reader = new AccountReader({ ...(flags.region ? { region: flags.region } : {}), ...(flags.profile ? { profile: flags.profile } : {}) });
      try {
        const opts = { config, now: Date.now(), staleAfterMs, marker: flags.marker, vpcIds: flags.vpc ?? [] };
        const report = member ? await runMemberDoctor(reader, { ...opts, ...member }) : await runDoctor(reader, opts);
        process.stdout.write(flags.json ? formatDoctorJson(report) : formatDoctorTable(report));
        // The exit status carries the verdict; CommanderError is how a command sets it in this CLI.
        if (report.exitCode !== 0) throw new CommanderError(report.exitCode, 'an1261.doctor', `doctor: ${report.summary.WARN} WARN, ${report.summary.FAIL} FAIL`);
      } finally {
        reader.destroy();
      }
    });
}
