/**
 * `an1261 config check <file> [--strict]`: validates a config and prints the effective config
 * (defaults filled); then warns, on stderr, about valid but unsafe settings (config-warnings.ts).
 */
import { type Command, CommanderError } from 'commander';
import { configWarnings, formatConfigWarning } from '../../core/model/config-warnings';
import { loadConfigFile } from '../../contract';

export function registerConfig(program: Command): void {
  const config = program.command('config').description('Work with the detector configuration file.');
  config
    .command('check')
    .description(
      'Validate a config file; print the effective configuration (every default filled in) or the keys that are wrong. ' +
        'Valid but unsafe settings (e.g. trusting the AMAZON or EC2 service, a public /8 as trusted destination, "*" as approved builder) are printed as warnings on stderr; they do not change the exit status unless --strict.',
    )
    .argument('<file>', 'JSON config file')
    .option('--strict', 'exit with status 1 when there are warnings (for CI)')
    .addHelpText(
      'after',
      `
Exit status:
  0  the file is valid (warnings, if any, are on stderr)
  1  --strict and there are warnings
  2  the file cannot be read, is not JSON, or has wrong keys`,
    )
    .action((file: string, opts: { strict?: boolean }) => {
      const effective = loadConfigFile(file);
      process.stdout.write(`${JSON.stringify(effective, null, 2)}\n`);
      const warnings = configWarnings(effective);
      for (const w of warnings) process.stderr.write(`warning: ${formatConfigWarning(w)}\n`);
      const count = `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
      const failed = opts.strict === true && warnings.length > 0;
      process.stderr.write(`${file}: valid${warnings.length > 0 ? `, ${count}` : ''}${failed ? ' (--strict: exit status 1)' : ''}\n`);
      // The exit status carries the verdict; CommanderError is how a command sets it in this CLI.
      if (failed) throw new CommanderError(1, 'an1261.configWarnings', `${file}: ${count} (--strict)`);
    });
}
