/**
 * `an1261 replay <file|dir>…`: the product's main job on one machine. Exported logs go through
 * normalize → state → correlate exactly as on AWS, on event time (the replay clock is the newest
 * event time seen), on the embedded DynamoDB unless `--table`/`--endpoint` name a real one.
 */
import { writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { Correlator } from '../../core/correlate/correlator';
import { SourceRouter } from '../../core/envelopes/source-router';
import type { Finding, FindingUpdate } from '../../core/model/finding';
import { Tally } from '../../core/model/normalize-result';
import { compileSettings } from '../../core/model/settings';
import { toAsff } from '../../core/publish/asff';
import { IngestPipeline } from '../../core/pipeline/ingest';
import { type CloudWatchFlags, CloudWatchReplaySource } from '../cloudwatch-source';
import { listInputFiles, readInputFile } from '../input-files';
import { type InputFlags, addInputFlags, inputOptions } from '../input-flags';
import { loadConfig } from '../load-config';
import { Progress } from '../progress';
import { findingDetails, findingsTable, sortFindings } from '../replay-output';
import { type StoreFlags, openStateStore } from '../state-store-factory';
import { formatTallySummary } from '../summary';
import { type PublishFlags, addPublishFlags, checkPublishFlags, publishReplayFindings } from './replay-publish';

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
    .action(async (paths: string[], flags: ReplayFlags) => {
      cloud.checkInputs(paths, flags);
      checkPublishFlags(flags);
      const config = loadConfig(flags.config);
      const settings = compileSettings(config);
      const files = await listInputFiles(paths);
      const totalBytes = (await Promise.all(files.map((f) => stat(f).then((s) => s.size)))).reduce((a, b) => a + b, 0);
      const progress = new Progress(totalBytes, process.stderr);
      const opened = await openStateStore(flags, Correlator.retentionFor(settings));
      const correlator = new Correlator(opened.store, settings);
      const findings = new Map<string, Finding>();
      const sink = { send: async (updates: readonly FindingUpdate[]) => updates.forEach((u) => findings.set(u.finding.id, u.finding)) };
      const pipeline = new IngestPipeline(correlator, settings, sink, { kind: 'event-time' });
      const tally = new Tally();
      let tooLate = 0;
      let doneBytes = 0;
      try {
        if (flags.fromCloudwatch) {
          for await (const chunk of cloud.chunks(flags, config)) {
            tally.merge(chunk.tally);
            const totals = await pipeline.process(chunk.batches, tally);
            tooLate += totals.tooLate;
            await opened.afterChunk(totals.clockMs);
          }
        }
        for (const file of files) {
          for await (const chunk of readInputFile(file, inputOptions(flags, new SourceRouter(config.sources)))) {
            tally.merge(chunk.tally);
            const totals = await pipeline.process(chunk.batches, tally);
            tooLate += totals.tooLate;
            await opened.afterChunk(totals.clockMs);
            progress.update(doneBytes + chunk.bytesRead);
          }
          doneBytes += (await stat(file)).size;
        }
      } finally {
        progress.done();
        await opened.close();
      }
      const sorted = sortFindings(findings.values());
      // ASFF names the importing account: --account, else the account the logs came from.
      let unknownAccount = false;
      const asff = sorted.map((f) => {
        const account = flags.account ?? process.env.AWS_ACCOUNT_ID ?? f.account;
        if (!account) unknownAccount = true;
        return toAsff(f, { account: account ?? '000000000000', region: flags.region ?? process.env.AWS_REGION ?? f.region ?? 'us-east-1' });
      });
      if (unknownAccount && (flags.out || flags.format === 'asff')) process.stderr.write('warning: the logs name no AWS account: ASFF uses 000000000000; pass --account for Security Hub\n');
      if (flags.out) writeFileSync(flags.out, `${JSON.stringify(asff, null, 2)}\n`);
      if (flags.format === 'asff') process.stdout.write(`${JSON.stringify(asff, null, 2)}\n`);
      else if (flags.format === 'json') process.stdout.write(`${JSON.stringify(sorted, null, 2)}\n`);
      else {
        process.stdout.write(findingsTable(sorted));
        if (flags.details) for (const f of sorted) process.stdout.write(`\n${findingDetails(f)}`);
      }
      const s = opened.store.counters;
      process.stderr.write(formatTallySummary(tally));
      process.stderr.write(`state: ${opened.description}; ${s.itemsWritten} items in ${s.writeRequests} write requests, ${s.readRequests} reads${tooLate ? `; ${tooLate} signals too late to join (older than the state retention)` : ''}\n`);
      process.stderr.write(`findings: ${sorted.length}${flags.out ? ` (ASFF written to ${flags.out})` : ''}\n`);
      if (flags.publish) await publishReplayFindings(sorted, flags, config);
    });
  cloud.addFlags(cmd);
}
