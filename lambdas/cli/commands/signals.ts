/** `an1261 signals <file|dir>…`: every input becomes Signals, one JSON object per line on stdout. */
import type { Command } from 'commander';
import { SourceRouter } from '../../core/envelopes/source-router';
import { Tally } from '../../core/model/normalize-result';
import { compileSettings } from '../../core/model/settings';
import { normalizeSource } from '../../core/sources/normalize-source';
import { terminalSafeJson } from '../../core/util/sanitize';
import { readInputFile } from '../input-files';
import { runInputs } from '../run-inputs';
import { loadConfigFile } from '../../contract';
import { type InputFlags, addInputFlags, inputOptions } from '../input-flags';
import { RunStatus, exitStatusHelp, isInputFailure } from '../run-status';
import { formatTallySummary } from '../summary';

export function registerSignals(program: Command): void {
  const cmd = program
    .command('signals')
    .description('Normalize log files (any supported format, detected by content) into AN1261 signals: one JSON object per line on stdout, a summary on stderr.')
    .argument('<paths...>', 'files or directories (recursed); gzip detected by content');
  addInputFlags(cmd)
    .addHelpText('after', exitStatusHelp('signals'))
    .action(async (paths: string[], flags: InputFlags) => {
      const config = loadConfigFile(flags.config);
      const settings = compileSettings(config);
      const opts = inputOptions(flags, new SourceRouter(config.sources));
      const status = new RunStatus();
      const { files, skipped } = await runInputs(paths, status);
      const total = new Tally();
      for (const reason of skipped) total.ignore(reason);
      for (const file of files) {
        // Per input: one that cannot be opened or decoded is listed and counted; the others still run.
        const own = new Tally();
        status.beginInput();
        try {
          for await (const chunk of readInputFile(file, opts)) {
            status.chunk(chunk, file);
            own.merge(chunk.tally);
            for (const batch of chunk.batches) {
              const t = normalizeSource(batch.source, batch.records, batch.ctx, settings);
              // JSON escapes C0 controls; terminalSafeJson also DEL, C1 and bidi marks (same value once parsed).
              for (const s of t.drainSignals()) process.stdout.write(`${terminalSafeJson(s)}\n`);
              own.merge(t);
            }
          }
        } catch (e) {
          if (!isInputFailure(e)) throw e;
          status.thrown(file, e);
          own.reject('input:unreadable', e.file ?? file, e.message);
        }
        status.endInput(file, own);
        total.merge(own);
      }
      process.stderr.write(status.lines());
      process.stderr.write(formatTallySummary(total));
      process.stderr.write(status.summaryLine());
      status.finish();
    });
}
