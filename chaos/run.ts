/**
 * `npm run chaos [-- --seed N --chains K --fault-rate R --redrive-after MIN --no-perturb --json FILE]`
 *
 * Drives K generated chains through the real Lambda handlers twice, in two processes at once: a
 * fault-free reference (no faults, no perturbations) and the faulty run (every SDK call faulted at
 * rate R, duplicated, reordered and crashed deliveries, the operator redriving every DLQ per
 * docs/redrive.md). Then compares what reached Security Hub and SNS, prints the spend of each run,
 * and ends with one line:
 *
 *   chaos: seed S, K chains, fault rate R: lost 0, different 0, duplicate pages D, dlq N (redriven N)
 *
 * Exit status 0 when nothing was lost or different, every DLQ item was redriven and every page the
 * reference sent was sent; 1 otherwise; 2 when a run failed. Without moto_server: one line, status 0.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchConfigJson } from '../bench/bench-config';
import { type ChaosComparison, chaosLine, chaosPassed, compareRuns, differentCount } from './run/compare';
import type { PipelineRunOptions, PipelineRunResult } from './run/pipeline-run';
import { missingEmulator } from './run/world';

export interface ChaosOptions {
  readonly seed: number;
  readonly chains: number;
  readonly faultRate: number;
  readonly perturb: boolean;
  readonly redriveAfterMinutes: number;
}

export interface ChaosOutcome {
  readonly reference: PipelineRunResult;
  readonly faulty: PipelineRunResult;
  readonly comparison: ChaosComparison;
  readonly line: string;
  readonly passed: boolean;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function numberArg(name: string, fallback: number, valid: (n: number) => boolean, what: string): number {
  const raw = arg(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!valid(n)) throw new Error(`--${name}: ${what}, got ${JSON.stringify(raw)}`);
  return n;
}

const children = new Set<ReturnType<typeof spawn>>();

/** Ctrl-C or a timeout's SIGTERM stops both runs (each then stops its own moto_server). */
function stopChildrenOnSignal(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const c of children) c.kill(signal);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

function runChild(options: PipelineRunOptions, out: string): Promise<PipelineRunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'run', 'child.ts'), JSON.stringify(options), out], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-8000);
    });
    children.add(child);
    child.on('error', reject);
    child.on('close', (code) => {
      children.delete(child);
      if (code === 0) resolve(JSON.parse(readFileSync(out, 'utf8')) as PipelineRunResult);
      else reject(new Error(`the ${options.faultRate > 0 ? 'faulty' : 'reference'} run exited with status ${code}:\n${stderr.trim()}`));
    });
  });
}

/** Both runs of one seed, in parallel, and their comparison. */
export async function chaos(opts: ChaosOptions): Promise<ChaosOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'an1261-chaos-'));
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(benchConfigJson(), null, 2));
  const base = { seed: opts.seed, chains: opts.chains, redriveAfterMs: opts.redriveAfterMinutes * 60_000, configFile };
  const [reference, faulty] = await Promise.all([
    runChild({ ...base, faultRate: 0, perturb: false }, join(dir, 'reference.json')),
    runChild({ ...base, faultRate: opts.faultRate, perturb: opts.perturb }, join(dir, 'faulty.json')),
  ]);
  const comparison = compareRuns(reference, faulty);
  return { reference, faulty, comparison, line: chaosLine(opts.seed, opts.chains, opts.faultRate, comparison), passed: chaosPassed(comparison) };
}

function sum(r: PipelineRunResult, key: 'invocations' | 'retries' | 'duplicates' | 'reorders' | 'crashes'): number {
  return Object.values(r.triggers).reduce((n, t) => n + t[key], 0);
}

/** The report printed before the last line. */
export function report(o: ChaosOutcome): string {
  const { reference: r, faulty: f, comparison: c } = o;
  const row = (label: string, a: string | number, b: string | number) => `  ${label.padEnd(34)}${String(a).padStart(12)}${String(b).padStart(12)}`;
  const kinds = Object.entries(f.kinds).map(([k, n]) => `${k} ${n}`).join(', ');
  const lines = [
    `chaos: seed ${f.seed}, ${f.chains} chains (${kinds}), fault rate ${f.faultRate}, perturbations ${f.perturb ? 'on' : 'off'}`,
    row('', 'reference', 'faulty'),
    row('findings in Security Hub', r.findings.length, f.findings.length),
    row('pages (SNS messages)', r.pages.length, f.pages.length),
    row('Lambda invocations', sum(r, 'invocations'), sum(f, 'invocations')),
    row('  redeliveries and retries', sum(r, 'retries'), sum(f, 'retries')),
    row('  duplicated / reordered / crashed', `${sum(r, 'duplicates')}/${sum(r, 'reorders')}/${sum(r, 'crashes')}`, `${sum(f, 'duplicates')}/${sum(f, 'reorders')}/${sum(f, 'crashes')}`),
    row('SDK calls', r.sdk.calls, f.sdk.calls),
    row('  SDK retries (extra attempts)', r.sdk.retries, f.sdk.retries),
    row('  calls failed after retries', r.sdk.failedCalls, f.sdk.failedCalls),
    row('faults injected', r.sdk.faultsInjected, f.sdk.faultsInjected),
    row('simulated hours', (r.simulatedMs / 3_600_000).toFixed(1), (f.simulatedMs / 3_600_000).toFixed(1)),
    row('wall seconds', (r.wallMs / 1000).toFixed(1), (f.wallMs / 1000).toFixed(1)),
    '  per trigger (faulty): invocations / retries / duplicated / reordered / crashed',
    ...Object.entries(f.triggers).map(([name, t]) => `    ${name.padEnd(26)}${t.invocations} / ${t.retries} / ${t.duplicates} / ${t.reorders} / ${t.crashes}`),
    "  DLQs (faulty; the operator redrives them, docs/redrive.md): items / redriven",
    ...f.dlqs.map((d) => `    ${d.dlq.padEnd(62)}${d.items} / ${d.redriven}`),
    `  final redrive rounds after the last delivery: ${f.redriveRounds}`,
    `  duplicate pages ${c.duplicatePages}; window (published, idempotency record not saved, docs/redrive.md): ${c.duplicateWindow}`,
  ];
  if (c.lost.length > 0) lines.push(`  LOST: ${c.lost.slice(0, 10).join(', ')}${c.lost.length > 10 ? ' …' : ''}`);
  if (c.extra.length > 0) lines.push(`  EXTRA (faulty only): ${c.extra.slice(0, 10).join(', ')}`);
  for (const d of c.changed.slice(0, 10)) lines.push(`  DIFFERENT ${d.id}: ${d.reference.severity} ${d.reference.stages} → ${d.faulty.severity} ${d.faulty.stages}`);
  for (const d of c.duplicated.slice(0, 10)) lines.push(`  DUPLICATE PAGE ${d.findingId} version ${d.version}: ${d.copies} messages`);
  for (const m of c.missedPages.slice(0, 10)) lines.push(`  MISSED PAGE ${m.findingId}: the reference paged ${m.severity}`);
  if (c.notStored.length > 0) lines.push(`  NOT IN SECURITY HUB (emulator): ${c.notStored.slice(0, 10).join(', ')}`);
  if (c.redriven !== c.dlqItems) lines.push(`  DLQ ITEMS NOT REDRIVEN: ${c.dlqItems - c.redriven}`);
  if (c.duplicatePages > c.duplicateWindow) lines.push(`  DUPLICATE PAGES BEYOND THE WINDOW: ${c.duplicatePages - c.duplicateWindow}`);
  if (differentCount(c) === 0 && c.lost.length === 0) lines.push('  Security Hub after redrive equals the fault-free run (ids, severities, stages).');
  return lines.join('\n');
}

async function main(): Promise<number> {
  stopChildrenOnSignal();
  const missing = missingEmulator();
  if (missing) {
    process.stdout.write(`chaos: skipped: ${missing}\n`);
    return 0;
  }
  const opts: ChaosOptions = {
    seed: numberArg('seed', 1, Number.isSafeInteger, 'an integer'),
    chains: numberArg('chains', 500, (n) => Number.isInteger(n) && n >= 1 && n <= 4096, 'an integer from 1 to 4096'),
    faultRate: numberArg('fault-rate', 0.3, (n) => Number.isFinite(n) && n >= 0 && n <= 0.9, 'a number from 0 to 0.9'),
    perturb: !process.argv.includes('--no-perturb'),
    redriveAfterMinutes: numberArg('redrive-after', 15, (n) => Number.isFinite(n) && n >= 1 && n <= 1440, 'minutes from 1 to 1440 (redrive within a day: docs/redrive.md)'),
  };
  const outcome = await chaos(opts);
  const json = arg('json');
  if (json) writeFileSync(json, JSON.stringify(outcome, null, 2));
  process.stdout.write(`${report(outcome)}\n${outcome.line}\n`);
  return outcome.passed ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`chaos: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(2);
    },
  );
}
