/**
 * `an1261 tune <file|dir>…`: learns the environment from a backtest. The inputs go through the
 * real pipeline under the current configuration (as `an1261 replay`); every signal feeds an
 * inventory of build activity (who builds where, what they push, where their hosts go, when
 * deploys happen); the proposal covers the recurring activity with the fewest allowlist entries;
 * the same signals are correlated again under the proposal, so the before/after table is measured,
 * not estimated. It never writes the configuration it read: `--apply-to` writes a new file for a
 * person to review, `--seed-baseline` gives a deployment's state table the backtest's first-seen
 * baseline of builders.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { loadConfigFileWithRaw } from '../../contract';
import { parseConfig } from '../../core/model/config';
import { BuildInventory } from '../../core/tune/inventory';
import { proposeConfig } from '../../core/tune/propose';
import { formatInventory, formatProposal } from '../../core/tune/format';
import { sanitizeForTerminal, terminalSafeJson } from '../../core/util/sanitize';
import { CloudWatchReplaySource, type CloudWatchFlags } from '../cloudwatch-source';
import { type InputFlags, addInputFlags } from '../input-flags';
import { checkOutWritable } from '../out-file';
import { RunStatus } from '../run-status';
import { runInputs } from '../run-inputs';
import { formatTallySummary } from '../summary';
import type { StoreFlags } from '../state-store-factory';
import { backtestInputs, backtestSignals } from '../tune/backtest';
import { beforeAfter, formatBeforeAfter, pageCounts } from '../tune/before-after';
import { BaselineSeed, openSeedTarget } from '../tune/seed-baseline';
import { SignalLog } from '../tune/signal-log';

interface TuneFlags extends InputFlags, CloudWatchFlags, StoreFlags {
  minDays: string;
  minSources: string;
  applyTo?: string;
  format: 'table' | 'json';
  seedBaseline: boolean;
  trustDestinations: boolean;
}

/** A whole number ≥ 1 from a flag, or a one-line error naming it. */
function count(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 365) throw new Error(`${flag} must be a whole number from 1 to 365, got ${sanitizeForTerminal(value, 40)}`);
  return n;
}

export function registerTune(program: Command): void {
  const cmd = program
    .command('tune')
    .description('Backtest logs, inventory who builds where, and propose the allowlists that cover the recurring activity; shows what would page before and after.')
    .argument('[paths...]', 'files or directories (recursed), as `an1261 replay` reads them (none with --from-cloudwatch)');
  const cloud = new CloudWatchReplaySource();
  addInputFlags(cmd)
    .option('--min-days <n>', 'an entry must cover activity on at least this many days', '3')
    .option('--min-sources <n>', 'a trusted destination must be reached from at least this many sources', '3')
    .option('--trust-destinations', 'also propose trustedDestinations CIDRs reached on --min-days days from --min-sources sources (never AWS address space, never what an unexplained build reached)', false)
    .option('--apply-to <file>', 'write the current config with the proposal applied to this new file (never the --config file)')
    .addOption(new Option('--format <format>', 'stdout format').choices(['table', 'json']).default('table'))
    .option('--seed-baseline', "write the backtest's first-seen baseline of builders to the deployment's state table (--table)", false)
    .option('--table <name>', 'the state table --seed-baseline writes to (standard AWS credentials and region)')
    .option('--endpoint <url>', 'DynamoDB endpoint for --seed-baseline (e.g. a DynamoDB Local)')
    .option('--create-table', 'create the --table when it does not exist', false)
    .action(async (paths: string[], flags: TuneFlags) => {
      cloud.checkInputs(paths, flags);
      const minDays = count('--min-days', flags.minDays);
      const minSources = count('--min-sources', flags.minSources);
      if (flags.seedBaseline && !flags.table && !flags.endpoint) throw new Error('--seed-baseline needs --table <name> (the deployment’s state table)');
      const { raw: file, config } = loadConfigFileWithRaw(flags.config);
      const raw: unknown = file ?? {};
      if (flags.applyTo) {
        if (flags.config && resolve(flags.applyTo) === resolve(flags.config)) throw new Error('--apply-to must name a new file: tune never rewrites the config it read');
        if (existsSync(flags.applyTo)) throw new Error(`--apply-to ${sanitizeForTerminal(flags.applyTo, 200)}: the file exists; name a new file to review`);
        checkOutWritable(flags.applyTo);
      }

      // The table to seed is opened first: a wrong table, region or credentials fail before the backtest.
      const target = flags.seedBaseline ? await openSeedTarget(flags) : undefined;
      const status = new RunStatus();
      const { files, skipped } = await runInputs(paths, status);
      const inventory = new BuildInventory();
      const seed = new BaselineSeed(config.baseline);
      const log = new SignalLog();
      try {
        const before = await backtestInputs({
          files, skipped, flags, config, cloud, status,
          tap: async (slice) => {
            for (const s of slice) {
              inventory.addSignal(s);
              if (s.kind === 'build') seed.add(s);
            }
            await log.append(slice);
          },
        });
        for (const f of before.findings) inventory.addFinding(f);
        const beforeCounts = pageCounts(before.findings, config);
        // The inventory keeps what the proposal needs of each finding: the whole findings (timelines
        // of up to 200 entries each) go before the second backtest, which holds its own.
        before.findings.length = 0;
        const snapshot = inventory.snapshot();
        const proposal = proposeConfig(snapshot, { raw, config }, { minDays, minSources, trustDestinations: flags.trustDestinations });
        const proposed = parseConfig(proposal.config, 'proposed config');
        const after = await backtestSignals(log, proposed);
        const table = beforeAfter(beforeCounts, after.findings, proposed);

        // The inventory without its compact events (the proposal's working set: up to 100,000 of them).
        const { events: _events, ...inventoryOut } = snapshot;
        if (flags.format === 'json') process.stdout.write(`${terminalSafeJson({ inventory: inventoryOut, proposal, beforeAfter: table }, 2)}\n`);
        else {
          process.stdout.write(`${formatInventory(snapshot)}\n${formatProposal(proposal)}\n${formatBeforeAfter(table, config.minNotifySeverity)}`);
          process.stdout.write(`\nJSON Patch against ${flags.config ? sanitizeForTerminal(flags.config, 200) : 'an empty config'}:\n${terminalSafeJson(proposal.patch, 2)}\n`);
        }
        if (flags.applyTo) {
          writeFileSync(flags.applyTo, `${JSON.stringify(proposal.config, null, 2)}\n`, { flag: 'wx' });
          process.stderr.write(`proposed config written to ${sanitizeForTerminal(flags.applyTo, 200)}: review it, then deploy it\n`);
        }
        if (target) {
          const seeded = await seed.write(target);
          process.stderr.write(`baseline: ${seeded.subjects} builder subject(s) on ${seeded.days} day(s) written to ${seeded.description} (${seeded.expired} day(s) already older than baseline.retentionDays skipped)\n`);
        }
        process.stderr.write(status.lines());
        process.stderr.write(formatTallySummary(before.tally));
        process.stderr.write(status.summaryLine());
        process.stderr.write(`tune: ${before.signals} signals backtested twice; findings ${table.before.findings} → ${table.after.findings}, would page ${table.before.pages} → ${table.after.pages}\n`);
        status.finish();
      } finally {
        log.close();
        await target?.close();
      }
    });
  cloud.addFlags(cmd);
}
