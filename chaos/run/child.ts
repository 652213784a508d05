/**
 * One chaos run in its own process (fresh handler modules, its own dynalite and moto_server):
 * `node --import tsx chaos/run/child.ts '<PipelineRunOptions as JSON>' <result.json>`. Started by
 * chaos/run.ts, twice per seed (the fault-free reference and the faulty run), in parallel.
 */
import { writeFileSync } from 'node:fs';
import { type PipelineRunOptions, runPipeline } from './pipeline-run';

async function main(): Promise<void> {
  const [optionsJson, out] = process.argv.slice(2);
  if (!optionsJson || !out) throw new Error('usage: child.ts <options JSON> <result file>');
  const result = await runPipeline(JSON.parse(optionsJson) as PipelineRunOptions);
  writeFileSync(out, JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`chaos run failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
