/** Flags shared by commands that read log files. */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { SourceRouter } from '../core/envelopes/source-router';
import type { SourceKind } from '../core/model/signal';
import type { InputOptions } from './input-files';

export interface InputFlags {
  config?: string;
  logGroup?: string;
  logStream?: string;
  source?: SourceKind;
  flowFormat?: string;
  cluster?: string;
  owner?: string;
}

export const SOURCE_CHOICES: SourceKind[] = ['eks-audit', 'vpc-flow', 'ecr-event', 'cloudtrail', 'dockerd', 'auditd'];

export function addInputFlags(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'JSON config (see `an1261 config check`); defaults apply when omitted')
    .option('--log-group <name>', 'log group plain files were exported from (routes them as the config says)')
    .option('--log-stream <name>', 'log stream plain files were exported from (e.g. an instance id)')
    .addOption(new Option('--source <kind>', 'force the source of plain files instead of detecting it').choices(SOURCE_CHOICES))
    .option('--flow-format <format>', 'VPC flow-log format string (`${version} ${account-id} …` or field names)')
    .option('--cluster <name>', 'EKS cluster name for audit events read from plain files')
    .option('--owner <account-id>', 'AWS account that owns plain files whose records name none (a host log or audit events without their CloudWatch Logs envelope), as a payload\'s owner does', accountId);
}

function accountId(value: string): string {
  if (!/^\d{12}$/.test(value)) throw new InvalidArgumentError('must be a 12-digit AWS account id');
  return value;
}

export function inputOptions(flags: InputFlags, router: SourceRouter): InputOptions {
  return {
    router,
    ...(flags.logGroup ? { logGroup: flags.logGroup } : {}),
    ...(flags.logStream ? { logStream: flags.logStream } : {}),
    ...(flags.source ? { source: flags.source } : {}),
    ...(flags.flowFormat ? { flowFormat: flags.flowFormat } : {}),
    ...(flags.cluster ? { cluster: flags.cluster } : {}),
    ...(flags.owner ? { account: flags.owner } : {}),
  };
}
