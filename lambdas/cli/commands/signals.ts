/** `an1261 signals <file|dir>…`: every input becomes Signals, one JSON object per line on stdout. */
import type { Command } from 'commander';
import { SourceRouter } from '../../core/envelopes/source-router';
import { Tally } from '../../core/model/normalize-result';
import { compileSettings } from '../../core/model/settings';
import { normalizeSource } from '../../core/sources/normalize-source';
import { listInputFiles, readInputFile } from '../input-files';
import { loadConfig } from '../load-config';
import { type InputFlags, addInputFlags, inputOptions } from '../input-flags';
import { formatTallySummary } from '../summary';

export function registerSignals(program: Command): void {
  const cmd = program
    .command('signals')
    .description('Normalize log files (any supported format, detected by content) into AN1261 signals: one JSON object per line on stdout, a summary on stderr.')
    .argument('<paths...>', 'files or directories (recursed); gzip detected by content');
  addInputFlags(cmd).action(async (paths: string[], flags: InputFlags) => {
    const config = loadConfig(flags.config);
    const settings = compileSettings(config);
    const opts = inputOptions(flags, new SourceRouter(config.sources));
    const total = new Tally();
    for (const file of await listInputFiles(paths)) {
      for await (const chunk of readInputFile(file, opts)) {
        total.merge(chunk.tally);
        for (const batch of chunk.batches) {
          const t = normalizeSource(batch.source, batch.records, batch.ctx, settings);
          for (const s of t.drainSignals()) process.stdout.write(`${JSON.stringify(s)}\n`);
          total.merge(t);
        }
      }
    }
    process.stderr.write(formatTallySummary(total));
  });
}
