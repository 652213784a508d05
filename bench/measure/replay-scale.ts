/**
 * Figure 5: `an1261 replay` at scale, in a child process as a user runs it: the sample scenario
 * (samples/logs, one CRITICAL chain) alone as the baseline, then with ~100 MB and ~1 GB of
 * generated flow logs. Peak RSS from `/usr/bin/time -v` (else the child's own
 * process.resourceUsage().maxRSS), records/s from the CLI's summary and the wall time, and whether
 * the chain's CRITICAL finding still comes out.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../bench-config';
import { nowMs } from '../lib/stats';

const TIME = '/usr/bin/time';

export interface ReplayRun {
  label: string;
  inputBytes: number;
  records: number;
  wallMs: number;
  peakRssMb: number;
  rssSource: 'time -v' | 'resourceUsage';
  findings: number;
  critical: number;
  recordsPerSec: number;
}

/** Runs a command in the repository, timed; its output collected. */
export function runTimed(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = nowMs();
    const child = spawn(cmd, args, { cwd: REPO_ROOT, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: nowMs() - t0 }));
  });
}

export async function replayRun(label: string, inputs: string[], inputBytes: number, configFile: string): Promise<ReplayRun> {
  const useTime = existsSync(TIME);
  const cli = [join(REPO_ROOT, 'bin', 'an1261.js'), 'replay', ...inputs, '--config', configFile, '--format', 'json', '--no-details'];
  const r = useTime ? await runTimed(TIME, ['-v', process.execPath, ...cli]) : await runTimed(process.execPath, ['--require', join(__dirname, '..', 'lib', 'max-rss-preload.js'), ...cli]);
  if (r.code !== 0) throw new Error(`replay ${label} exited ${r.code}: ${r.stderr.split('\n').slice(-8).join(' | ')}`);
  const rssKb = Number((useTime ? /Maximum resident set size \(kbytes\): (\d+)/ : /max-rss-kb: (\d+)/).exec(r.stderr)?.[1]);
  const records = Number(/records read: (\d+)/.exec(r.stderr)?.[1]);
  const findings = JSON.parse(r.stdout) as Array<{ severity: string }>;
  return {
    label,
    inputBytes,
    records,
    wallMs: r.ms,
    peakRssMb: rssKb / 1024,
    rssSource: useTime ? 'time -v' : 'resourceUsage',
    findings: findings.length,
    critical: findings.filter((f) => f.severity === 'CRITICAL').length,
    recordsPerSec: records / (r.ms / 1000),
  };
}
