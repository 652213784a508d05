/** One source's campaign: generate each case, run the real decoder and normalizers, check invariants. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SourceRouter } from '../lambdas/core/envelopes/source-router';
import { parseConfig } from '../lambdas/core/model/config';
import { compileSettings, type DetectionSettings } from '../lambdas/core/model/settings';
import { normalizeSource } from '../lambdas/core/sources/normalize-source';
import { decodeCase, type Prepared, prepareCase } from './deliver';
import { checkBatch, checkDecoder, checkSignal, snapshot } from './invariants';
import { type Case, makeCase } from './cases';
import { hash32 } from './rng';
import { loadSeeds, SOURCES } from './sources';
import config from '../samples/config.json';

export interface Finding {
  kind: 'crash' | 'drop' | 'violation';
  index: number;
  delivery: string;
  message: string;
  file: string;
}

export interface CampaignResult {
  source: string;
  cases: number;
  crashes: number;
  drops: number;
  violations: number;
  inputErrors: number;
  /** Cases the generator itself failed to build (a fuzzer bug, not a finding). */
  harnessErrors: number;
  slowestMs: number;
  slowestIndex: number;
  slowestFile: string;
  over100ms: number;
  /** Distinct messages (with counts and the first case index), for the report. */
  findings: Array<Finding & { count: number }>;
  elapsedMs: number;
  /** CPU time of the worker (user + system), ms: wall time depends on what else the machine runs. */
  cpuMs: number;
}

const OUT = join(__dirname, 'crashes');

function save(name: string, input: Buffer): string {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, name);
  writeFileSync(file, input);
  return `fuzz/crashes/${name}`;
}

/** Batch records with duplicate refs get unique ones, so signals can be told apart by ref. */
function uniqueRefs<T extends { ref: string }>(records: T[]): T[] {
  const seen = new Set<string>();
  let dup = false;
  for (const r of records) {
    if (seen.has(r.ref)) dup = true;
    else seen.add(r.ref);
  }
  return dup ? records.map((r, i) => ({ ...r, ref: `${r.ref}~${i}` })) : records;
}

/** Decode + normalize only, ms (exceptions are the campaign's to report). */
function timeCase(prepared: Prepared, c: Case, router: SourceRouter, settings: DetectionSettings): number {
  const t0 = performance.now();
  try {
    const d = decodeCase(prepared, c.delivery, router);
    for (const b of d.collector.batches) normalizeSource(b.source, uniqueRefs(b.records), b.ctx, settings, d.tally);
  } catch {
    // counted during the campaign
  }
  return performance.now() - t0;
}

export function runCampaign(name: string, cases: number, seed: number, only?: number): CampaignResult {
  const source = SOURCES.find((s) => s.name === name);
  if (!source) throw new Error(`unknown source ${name}`);
  const parsed = parseConfig(config);
  const settings = compileSettings(parsed);
  const router = new SourceRouter(parsed.sources);
  const seeds = loadSeeds(name);
  const res: CampaignResult = { source: name, cases: 0, crashes: 0, drops: 0, violations: 0, inputErrors: 0, harnessErrors: 0, slowestMs: 0, slowestIndex: -1, slowestFile: '', over100ms: 0, findings: [], elapsedMs: 0, cpuMs: 0 };
  const cpu0 = process.cpuUsage();
  const byMessage = new Map<string, Finding & { count: number }>();
  let slowest: Buffer | undefined;
  const slow: number[] = [];
  const top: Array<{ i: number; ms: number }> = [];
  const started = performance.now();

  const note = (kind: Finding['kind'], index: number, delivery: string, message: string, input: Buffer): void => {
    const key = `${kind}|${message.replace(/\d+/g, 'N')}`;
    const f = byMessage.get(key);
    if (f) f.count++;
    else byMessage.set(key, { kind, index, delivery, message, count: 1, file: save(`${name}-${kind}-${hash32(key).toString(16)}.bin`, input) });
  };

  for (let i = only ?? 0; i < (only !== undefined ? only + 1 : cases); i++) {
    let c: Case;
    let prepared: Prepared;
    try {
      c = makeCase(source, seeds, seed, i);
      prepared = prepareCase(c.input, c.delivery);
    } catch (e) {
      res.harnessErrors++;
      if (res.harnessErrors <= 3) process.stderr.write(`fuzz: ${name} case #${i}: generator error ${(e as Error).stack?.split('\n').slice(0, 3).join(' ')}\n`);
      continue;
    }
    const label = `${c.origin} → ${c.delivery.mode}${c.delivery.logGroup ? ` ${c.delivery.logGroup}` : ''}`;
    const issues: string[] = [];
    let crashed = false;
    let ms: number;
    const t0 = performance.now();
    try {
      const d = decodeCase(prepared, c.delivery, router);
      if (d.inputError) res.inputErrors++;
      issues.push(...checkDecoder(d.tally));
      const t = d.tally;
      let spent = performance.now() - t0;
      for (const b of d.collector.batches) {
        const batch = { ...b, records: uniqueRefs(b.records) };
        const before = snapshot(t);
        const t1 = performance.now();
        normalizeSource(batch.source, batch.records, batch.ctx, settings, t);
        spent += performance.now() - t1;
        issues.push(...checkBatch(batch, before, t));
      }
      ms = spent;
      for (const s of t.signals) issues.push(...checkSignal(s));
    } catch (e) {
      crashed = true;
      ms = performance.now() - t0;
      const err = e as Error;
      const where = (err?.stack ?? '').split('\n').find((l) => l.includes('/lambdas/'))?.trim() ?? '';
      note('crash', i, label, `${err?.name}: ${String(err?.message).slice(0, 160)} ${where}`, c.input);
    }
    res.cases++;
    if (crashed) res.crashes++;
    const drops = issues.filter((m) => m.startsWith('drop:'));
    const other = issues.filter((m) => !m.startsWith('drop:'));
    if (drops.length > 0) res.drops++;
    if (other.length > 0) res.violations++;
    for (const m of new Set(drops)) note('drop', i, label, m, c.input);
    for (const m of new Set(other)) note('violation', i, label, m, c.input);
    if (ms > 100 && slow.length < 200) slow.push(i);
    if (top.length < 20 || ms > top[top.length - 1]!.ms) {
      top.push({ i, ms });
      top.sort((a, b) => b.ms - a.ms);
      top.length = Math.min(top.length, 20);
    }
  }
  slow.push(...top.map((t) => t.i));
  // Wall time on a shared machine is noisy: every case seen over 100 ms (and the 20 slowest) is timed
  // again three times on its own; the best of three is what is reported.
  for (const i of new Set(slow)) {
    const c = makeCase(source, seeds, seed, i);
    const prepared = prepareCase(c.input, c.delivery);
    const ms = Math.min(...[0, 1, 2].map(() => timeCase(prepared, c, router, settings)));
    if (ms > 100) res.over100ms++;
    if (ms > res.slowestMs) {
      res.slowestMs = ms;
      res.slowestIndex = i;
      slowest = c.input;
    }
  }
  if (slowest) res.slowestFile = save(`${name}-slowest.bin`, slowest);
  res.findings = [...byMessage.values()].sort((a, b) => b.count - a.count);
  res.elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  res.cpuMs = (cpu.user + cpu.system) / 1000;
  return res;
}
