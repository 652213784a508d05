/**
 * Figure 9: hostile and huge inputs through `an1261 signals` (the streaming reader and the
 * normalizers, no state), in a child process as a user runs it, peak RSS from `/usr/bin/time -v`
 * (else the child's own process.resourceUsage().maxRSS): an `aws logs filter-log-events` export
 * (one JSON document), a gzip bomb (a few MB that inflate to gigabytes) and one giant line. Each
 * must finish (exit 0 or 1, never a crash) under the replay memory target. The inputs are generated
 * once into the output folder by test/cli/input/measure-reader.ts and reused.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../bench-config';
import { nowMs } from '../lib/stats';

export interface HostileRun {
  kind: 'export' | 'bomb' | 'line';
  /** Size of the content the reader sees (decompressed), MB. */
  contentMb: number;
  fileBytes: number;
  exitCode: number | null;
  peakRssMb: number;
  wallMs: number;
}

const TIME = '/usr/bin/time';
const GENERATOR = join(REPO_ROOT, 'test', 'cli', 'input', 'measure-reader.ts');

function spawnWait(cmd: string, args: string[], stdout: 'ignore' | 'pipe'): Promise<{ code: number | null; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = nowMs();
    const child = spawn(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', stdout, 'pipe'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    const err: Buffer[] = [];
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr: Buffer.concat(err).toString('utf8'), ms: nowMs() - t0 }));
  });
}

async function ensure(kind: string, mb: number, file: string): Promise<void> {
  if (existsSync(file)) return;
  const r = await spawnWait(process.execPath, ['-r', 'tsx/cjs', GENERATOR, 'gen', kind, String(mb), file], 'ignore');
  if (r.code !== 0) throw new Error(`generating ${file}: ${r.stderr}`);
}

async function signals(file: string): Promise<{ code: number | null; rssMb: number; ms: number }> {
  const cli = [join(REPO_ROOT, 'bin', 'an1261.js'), 'signals', file];
  const useTime = existsSync(TIME);
  const r = useTime ? await spawnWait(TIME, ['-v', process.execPath, ...cli], 'ignore') : await spawnWait(process.execPath, ['--require', join(__dirname, '..', 'lib', 'max-rss-preload.js'), ...cli], 'ignore');
  const rssKb = Number((useTime ? /Maximum resident set size \(kbytes\): (\d+)/ : /max-rss-kb: (\d+)/).exec(r.stderr)?.[1]);
  // /usr/bin/time reports the child's status in its own exit code.
  return { code: r.code, rssMb: rssKb / 1024, ms: r.ms };
}

export async function measureHostileInputs(outDir: string, sizes: { exportMb: number; bombMb: number; lineMb: number }): Promise<HostileRun[]> {
  const plan = [
    { kind: 'export' as const, gen: 'export', mb: sizes.exportMb, file: join(outDir, `hostile-export-${sizes.exportMb}mb.json`) },
    { kind: 'bomb' as const, gen: 'bomb-zeros', mb: sizes.bombMb, file: join(outDir, `hostile-bomb-${sizes.bombMb}mb.gz`) },
    { kind: 'line' as const, gen: 'line', mb: sizes.lineMb, file: join(outDir, `hostile-line-${sizes.lineMb}mb.txt`) },
  ];
  const runs: HostileRun[] = [];
  for (const p of plan) {
    await ensure(p.gen, p.mb, p.file);
    const r = await signals(p.file);
    runs.push({ kind: p.kind, contentMb: p.mb, fileBytes: statSync(p.file).size, exitCode: r.code, peakRssMb: r.rssMb, wallMs: r.ms });
  }
  return runs;
}
