/**
 * `npm run fuzz [-- --cases N --seed S --source NAME --jobs J --case I]`: a mutation + grammar
 * fuzz campaign over every decoder and normalizer (see fuzz/README.md). Sources run in parallel
 * child processes (one per core by default); exit 1 when any case crashed or dropped a record.
 */
import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { type CampaignResult, runCampaign } from './campaign';
import { SOURCES } from './sources';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const cases = Number(arg('cases') ?? 100_000);
const seed = Number(arg('seed') ?? 1);
const only = arg('case') !== undefined ? Number(arg('case')) : undefined;
const names = (arg('source') ?? SOURCES.map((s) => s.name).join(',')).split(',');
const jobs = Number(arg('jobs') ?? Math.max(1, cpus().length));

function runInChild(name: string): Promise<CampaignResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--worker', name, '--cases', String(cases), '--seed', String(seed), ...(only !== undefined ? ['--case', String(only)] : [])], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: CampaignResult | undefined;
    child.on('message', (m) => (result = m as CampaignResult));
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`fuzz worker ${name} exited with ${code} and no result`))));
  });
}

function table(results: readonly CampaignResult[]): string {
  const head = ['source', 'cases', 'crashes', 'uncounted drops', 'invariant violations', 'input errors', 'gen errors', 'slowest ms', '>100 ms', 'slowest case', 'wall s', 'cpu s'];
  const rows = results.map((r) => [r.source, String(r.cases), String(r.crashes), String(r.drops), String(r.violations), String(r.inputErrors), String(r.harnessErrors), r.slowestMs.toFixed(1), String(r.over100ms), `#${r.slowestIndex} ${r.slowestFile}`, (r.elapsedMs / 1000).toFixed(1), (r.cpuMs / 1000).toFixed(1)]);
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(w[i]!)).join(' | ')} |`;
  return [line(head), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const worker = arg('worker');
  if (worker) {
    process.send!(runCampaign(worker, cases, seed, only));
    return;
  }
  const t0 = performance.now();
  const queue = [...names];
  const results: CampaignResult[] = [];
  await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
      const r = await runInChild(n);
      results.push(r);
      process.stderr.write(`fuzz: ${n} done, ${r.cases} cases in ${(r.elapsedMs / 1000).toFixed(1)} s\n`);
    }
  }));
  results.sort((a, b) => names.indexOf(a.source) - names.indexOf(b.source));
  console.log(`fuzz campaign: seed ${seed}, ${cases} cases per source, ${jobs} jobs\n`);
  console.log(table(results));
  for (const r of results) {
    for (const f of r.findings) console.log(`\n[${r.source}] ${f.kind} ×${f.count} (first: case #${f.index}, ${f.delivery})\n  ${f.message}\n  input: ${f.file}`);
    if (r.slowestMs > 100) console.log(`\n[${r.source}] slowest case #${r.slowestIndex}: ${r.slowestMs.toFixed(1)} ms (${r.slowestFile})`);
  }
  const cpu = results.reduce((n, r) => n + r.cpuMs, 0) / 1000;
  console.log(`\ntotal ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores); reproduce one case: npm run fuzz -- --source <name> --seed ${seed} --case <index>`);
  process.exitCode = results.some((r) => r.crashes > 0 || r.drops > 0) ? 1 : 0;
}

void main();
