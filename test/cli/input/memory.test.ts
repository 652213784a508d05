/**
 * Memory is bounded by design: in a child process (no heap cap), the reader streams a ~100 MB
 * `aws logs filter-log-events` export, a gzip bomb (1.2 MB → 256 MB of newlines) and a 200 MB single
 * line with a peak RSS under 300 MB. Sizes are kept CI-friendly; the 1 GB bomb by hand:
 *   node -r tsx/cjs test/cli/input/measure-reader.ts gen bomb-newlines 1024 /tmp/bomb.gz
 *   node -r tsx/cjs test/cli/input/measure-reader.ts read /tmp/bomb.gz
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, 'measure-reader.ts');
const LIMIT_MB = 300;

interface Measure {
  peakRssMb: number;
  records: number;
  rejected: Record<string, number>;
  faults: string[];
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'an1261-mem-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function node(...args: string[]): string {
  return execFileSync(process.execPath, ['-r', 'tsx/cjs', SCRIPT, ...args], { cwd: join(__dirname, '../../..'), encoding: 'utf8', maxBuffer: 1 << 20 });
}

function measure(kind: string, mb: number): { m: Measure; bytes: number } {
  const file = join(tmp, kind);
  node('gen', kind, String(mb), file);
  const bytes = statSync(file).size;
  const m = JSON.parse(node('read', file)) as Measure;
  rmSync(file);
  return { m, bytes };
}

describe('bounded memory (child process, peak RSS)', () => {
  it('a ~100 MB filter-log-events export streams event by event', () => {
    const { m, bytes } = measure('export', 100);
    expect(bytes).toBeGreaterThan(100e6);
    expect(m.faults).toEqual([]);
    expect(m.records).toBeGreaterThan(250_000);
    expect(m.peakRssMb).toBeLessThan(LIMIT_MB);
  }, 60_000);

  it('a gzip bomb of newlines streams through', () => {
    const { m, bytes } = measure('bomb-newlines', 256);
    expect(bytes).toBeLessThan(2e6);
    expect(m.faults).toEqual([]);
    expect(m.peakRssMb).toBeLessThan(LIMIT_MB);
  }, 60_000);

  it('a 200 MB single line is one counted reject; the line after it is read', () => {
    const { m } = measure('line', 200);
    expect(m.rejected).toEqual({ 'input:line-too-long': 1 });
    expect(m.records).toBe(1);
    expect(m.peakRssMb).toBeLessThan(LIMIT_MB);
  }, 60_000);
});
