/**
 * Runs one scenario: generates its files, writes them and its configuration (base + overrides) to a
 * directory, and replays them with `an1261 replay --format json` in this process — the real command,
 * so the same event-time clock, embedded dynalite store and pipeline — keeping each finding's final version.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from '../../lambdas/cli/main';
import type { Finding } from '../../lambdas/core/model/finding';
import { baseConfig, mergeConfig } from './base-config';
import { Rng, salted } from './rng';
import { type Verdict, judge } from './score';
import type { Scenario } from './types';

export interface ScenarioRun {
  findings: Finding[];
  config: Record<string, unknown>;
  /** The replay's summary (records read, signals, rejects and ignores by reason). */
  summary: string;
}

/** The seed of a scenario's build RNG and base time: its name, salted by its variant. */
const seedOf = (s: Scenario): number => Rng.seedOf(salted(s.name, s.variant));

/** A fixed base time per scenario and variant, derived from its name (and the variant). */
export function startOf(s: Scenario): number {
  if (s.start) return Date.parse(s.start);
  const seed = seedOf(s);
  // Variant 0: a November 2026 working day and hour. Other draws: any minute of 2026 up to 20
  // November (midnight, month and DST boundaries included; never after the machine clock of CI).
  if (s.variant) return Date.UTC(2026, 0, 1) + (seed % 323) * 86_400_000 + ((seed >>> 9) % 1440) * 60_000 + ((seed >>> 20) % 60) * 1000;
  return Date.UTC(2026, 10, 2 + (seed % 12), 8 + ((seed >>> 4) % 9), (seed >>> 8) % 60, (seed >>> 14) % 60, (seed >>> 20) % 1000);
}

/** Runs the CLI with stdout and stderr captured. */
async function captured(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = process.stdout.write;
  const err = process.stderr.write;
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true)) as typeof process.stderr.write;
  try {
    const code = await run(['node', 'an1261', ...argv]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/** Writes the scenario's files and config under `dir` (logs/ and config.json). */
export function writeScenario(s: Scenario, dir: string): Record<string, unknown> {
  const files = s.build(new Rng(seedOf(s)), startOf(s));
  for (const f of files) {
    const path = join(dir, 'logs', f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content);
  }
  const config = mergeConfig(baseConfig(), s.config);
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  return config;
}

export async function runScenario(s: Scenario, writeDir?: string): Promise<ScenarioRun> {
  const dir = writeDir ? join(writeDir, s.name) : mkdtempSync(join(tmpdir(), `an1261-scenario-${s.name}-`));
  if (writeDir) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    const config = writeScenario(s, dir);
    const { code, stdout, stderr } = await captured(['replay', join(dir, 'logs'), '--config', join(dir, 'config.json'), '--format', 'json', '--no-details']);
    if (code !== 0) throw new Error(`replay of ${s.name} exited ${code}: ${stderr.trim()}`);
    return { findings: JSON.parse(stdout) as Finding[], config, summary: stderr };
  } finally {
    if (!writeDir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs and judges one scenario. */
export async function evaluate(s: Scenario, writeDir?: string): Promise<Verdict> {
  const r = await runScenario(s, writeDir);
  return judge(s, r.findings, String(r.config.minNotifySeverity ?? 'MEDIUM'), r.summary);
}
