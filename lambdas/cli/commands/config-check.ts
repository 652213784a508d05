/** `an1261 config check <file>`: validates a config and prints the effective config (defaults filled). */
import type { Command } from 'commander';
import { loadConfig } from '../load-config';

export function registerConfig(program: Command): void {
  const config = program.command('config').description('Work with the detector configuration file.');
  config
    .command('check')
    .description('Validate a config file; print the effective configuration (every default filled in) or the keys that are wrong.')
    .argument('<file>', 'JSON config file')
    .action((file: string) => {
      const effective = loadConfig(file);
      process.stdout.write(`${JSON.stringify(effective, null, 2)}\n`);
      process.stderr.write(`${file}: valid\n`);
    });
}
