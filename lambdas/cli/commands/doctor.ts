/**
 * `an1261 doctor`: is the telemetry AN1261 needs produced, retained and reaching the detector?
 * Read-only AWS calls; a table of PASS / WARN / FAIL checks with evidence and the exact fix.
 * Exit status 0 all PASS, 1 any WARN, 2 any FAIL.
 */
import { type Command, CommanderError } from 'commander';
import { parseDuration } from '../doctor/duration';
import { loadConfigFile } from '../../contract';

interface DoctorFlags {
  config?: string;
  region?: string;
  profile?: string;
  json: boolean;
  vpc?: string[];
  staleAfter: string;
  marker: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

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
    .option('--json', 'machine-readable report on stdout', false)
    .action(async (flags: DoctorFlags) => {
      const config = loadConfigFile(flags.config);
      const staleAfterMs = parseDuration(flags.staleAfter, '--stale-after');
      // Loaded when doctor runs: its seven SDK clients are not every command's start-up cost.
      const [{ AccountReader }, { runDoctor }, { formatDoctorJson, formatDoctorTable }] = await Promise.all([import('../../adapters/account-reader'), import('../doctor/run-doctor'), import('../doctor/report-format')]);
      const reader = new AccountReader({ ...(flags.region ? { region: flags.region } : {}), ...(flags.profile ? { profile: flags.profile } : {}) });
      try {
        const report = await runDoctor(reader, { config, now: Date.now(), staleAfterMs, marker: flags.marker, vpcIds: flags.vpc ?? [] });
        process.stdout.write(flags.json ? formatDoctorJson(report) : formatDoctorTable(report));
        // The exit status carries the verdict; CommanderError is how a command sets it in this CLI.
        if (report.exitCode !== 0) throw new CommanderError(report.exitCode, 'an1261.doctor', `doctor: ${report.summary.WARN} WARN, ${report.summary.FAIL} FAIL`);
      } finally {
        reader.destroy();
      }
    });
}
