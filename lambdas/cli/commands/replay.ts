/**
 * `an1261 replay <file|dir>…`: the product's main job on one machine. Exported logs go through
 * normalize → state → correlate exactly as on AWS, on event time: the signals of all inputs are
 * merged in one event-time order whatever the layout of the files (see replay/replay-phases.ts), on
 * the embedded DynamoDB unless `--table`/`--endpoint` name a real one.
 */
import { writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { Correlator } from '../../core/correlate/correlator';
import { Tally } from '../../core/model/normalize-result';
import { compileSettings } from '../../core/model/settings';
import { toAsff } from '../../core/publish/asff';
import { IngestPipeline } from '../../core/pipeline/ingest';
import { type CloudWatchFlags, CloudWatchReplaySource } from '../cloudwatch-source';
import { runInputs } from '../run-inputs';
import { checkOutWritable } from '../out-file';
import { type InputFlags, addInputFlags } from '../input-flags';
import { loadConfigFile } from '../../contract';
import { findingDetails, findingsTable, sortFindings } from '../replay-output';
import { type StoreFlags, openStateStore } from '../state-store-factory';
import { exitStatusHelp, RunStatus } from '../run-status';
import { correlatePhase, orderLine, readPhase } from '../replay/replay-phases';
import { ReplayFindings } from '../replay/replay-findings';
import { SignalSorter } from '../replay/signal-sorter';
import { formatTallySummary } from '../summary';
import { sanitizeForTerminal, terminalSafeJson } from '../../core/util/sanitize';
import { type PublishFlags, ReplayPublisher, addPublishFlags, checkPublishFlags } from './replay-publish';
import { errorMessage } from '../../core/util/errors';

interface ReplayFlags extends InputFlags, StoreFlags, CloudWatchFlags, PublishFlags {
  out?: string;
  format: 'table' | 'asff' | 'json';
  account?: string;
  region?: string;
  details: boolean;
}

export function registerReplay(program: Command): void {
  const cmd = program
    .command('replay')
    .description('Replay exported logs through the detection pipeline (normalize → DynamoDB state → correlate) on event time; print AN1261 findings.')
    .argument('[paths...]', 'files or directories (recursed): any format `an1261 signals` reads (none with --from-cloudwatch)');
  const cloud = new CloudWatchReplaySource();
  addPublishFlags(addInputFlags(cmd))
    .option('--table <name>', 'use this DynamoDB table instead of the embedded store (standard AWS credentials and region)')
    .option('--endpoint <url>', 'DynamoDB endpoint (e.g. a DynamoDB Local on http://localhost:8000)')
    .option('--create-table', 'create the --table when it does not exist', false)
    .option('-o, --out <file>', 'write the findings as ASFF JSON (BatchImportFindings shape) to this file')
    .addOption(new Option('--format <format>', 'stdout format').choices(['table', 'asff', 'json']).default('table'))
    .option('--account <id>', 'AWS account for ASFF when the logs do not name one')
    .option('--region <region>', 'AWS region for ASFF when the logs do not name one')
    .option('--no-details', 'table only, without each finding’s timeline and allowlist checks')
    .addHelpText('after', exitStatusHelp('replay'))
    .action(async (paths: string[], flags: ReplayFlags) => {
      cloud.checkInputs(paths, flags);
      checkPublishFlags(flags);
      const config = loadConfigFile(flags.config);
      const settings = compileSettings(config);
      // Before any input is read: a bad --out path fails now (exit 2), not after the whole replay.
      if (flags.out) checkOutWritable(flags.out);
      // So is an account that cannot be reached for --publish; its target is also the ASFF of --out.
      const publisher = flags.publish ? await ReplayPublisher.open(flags) : undefined;
      try {
        const status = new RunStatus();
        // Each path on its own: a missing one is an unreadable input, the others still run.
        const { files, skipped } = await runInputs(paths, status);
        const sizes = await Promise.all(files.map((f) => stat(f).then((st) => st.size, () => 0)));
        // Opened first: an unreachable store or table fails the run before any input is read.
        const opened = await openStateStore(flags, Correlator.retentionFor(settings));
        const correlator = new Correlator(opened.store, settings);
        const sink = new ReplayFindings();
        const pipeline = new IngestPipeline(correlator, settings, sink, { kind: 'event-time', wallNow: () => Date.now() });
        const tally = new Tally();
        for (const reason of skipped) tally.ignore(reason);
        const sorter = new SignalSorter();
        let tooLate: number;
        try {
          await readPhase({ files, sizes, flags, config, cloud, status, pipeline, sorter, tally });
          tooLate = (await correlatePhase(sorter, pipeline, opened, settings, tally)).tooLate;
        } finally {
          sorter.close();
          await opened.close();
        }
        const sorted = sortFindings(sink.findings());
        // ASFF names the importing account: with --publish the account published to, else --account,
        // else the account the logs came from.
        let unknownAccount = false;
        const asff = sorted.map((f) => {
          if (publisher) return toAsff(f, publisher.target);
          const account = flags.account ?? process.env.AWS_ACCOUNT_ID ?? f.account;
          if (!account) unknownAccount = true;
          return toAsff(f, { account: account ?? '000000000000', region: flags.region ?? process.env.AWS_REGION ?? f.region ?? 'us-east-1' });
        });
        if (unknownAccount && (flags.out || flags.format === 'asff')) process.stderr.write('warning: the logs name no AWS account: ASFF uses 000000000000; pass --account for Security Hub\n');
        // Findings first, whatever happened to the inputs: stdout, then --out.
        if (flags.format === 'asff') process.stdout.write(`${terminalSafeJson(asff, 2)}\n`);
        else if (flags.format === 'json') process.stdout.write(`${terminalSafeJson(sorted, 2)}\n`);
        else {
          process.stdout.write(findingsTable(sorted));
          if (flags.details) for (const f of sorted) process.stdout.write(`\n${findingDetails(f)}`);
        }
        let outError: string | undefined;
        if (flags.out) {
          try {
            writeFileSync(flags.out, `${JSON.stringify(asff, null, 2)}\n`);
          } catch (e) {
            outError = `--out ${sanitizeForTerminal(flags.out, 200)}: cannot write: ${sanitizeForTerminal(errorMessage(e), 200)}`;
          }
        }
        const s = opened.store.counters;
        process.stderr.write(status.lines());
        process.stderr.write(formatTallySummary(tally));
        process.stderr.write(status.summaryLine());
        process.stderr.write(orderLine(sorter));
        process.stderr.write(`state: ${opened.description}; ${s.itemsWritten} items in ${s.writeRequests} write requests, ${s.readRequests} reads${opened.readsSkipped() ? ` (${opened.readsSkipped()} more answered without a request: the embedded store holds nothing there)` : ''}${tooLate ? `; ${tooLate} signals too late to join (older than the state retention)` : ''}\n`);
        const breakdown = sink.breakdown();
        process.stderr.write(`findings: ${sorted.length}${breakdown ? ` (${breakdown})` : ''}${flags.out && !outError ? `; ASFF written to ${sanitizeForTerminal(flags.out, 200)}` : ''}\n`);
        if (outError) throw new Error(outError);
        if (publisher) await publisher.publish(sorted, config);
        status.finish();
      } finally {
        publisher?.close();
      }
    });
  cloud.addFlags(cmd);
}
