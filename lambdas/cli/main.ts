/** The `an1261` command line: thin wiring of commands; errors print one clear line and exit non-zero. */
import { Command, CommanderError } from 'commander';
import { registerConfig } from './commands/config-check';
import { registerDoctor } from './commands/doctor';
import { registerReplay } from './commands/replay';
import { registerSignals } from './commands/signals';
import { registerTune } from './commands/tune';
import { errorMessage } from '../core/util/errors';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('an1261')
    .description('Detect MITRE ATT&CK AN1261 (T1612 Build Image on Host) in AWS logs: EKS audit, VPC flow, ECR/CloudTrail, dockerd and auditd.')
    .version(require('../../package.json').version as string)
    .showHelpAfterError()
    .addHelpText(
      'after',
      `
Exit status (replay, signals): 0 complete; 1 finished and printed its findings, but an input was
unreadable or had no usable record; 2 could not run (usage, config, --out not writable …).
Each command's --help gives its exact rules.`,
    )
    .exitOverride();
  registerSignals(program);
  registerReplay(program);
  registerTune(program);
  registerConfig(program);
  registerDoctor(program);
  return program;
}

/** Runs the CLI; resolves to the exit status. */
export async function run(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    process.stderr.write(`an1261: ${errorMessage(e)}\n`);
    return 2;
  }
}
