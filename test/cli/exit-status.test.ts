/**
 * Hostile and huge input never blinds the detector (the command half): the exit status says
 * whether the run is complete (0), incomplete but finished (1) or could not run (2); findings are
 * printed and written whatever happened to an input; nothing from the input reaches the terminal raw.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Tally } from '../../lambdas/core/model/normalize-result';
import { RunStatus, noUsableRecord } from '../../lambdas/cli/run-status';
import { runCli } from './run-cli';

const SAMPLES = join(__dirname, '../../samples');
const LOGS = join(SAMPLES, 'logs');
const CONFIG = join(SAMPLES, 'config.json');
const tmp = mkdtempSync(join(tmpdir(), 'an1261-exit-'));

function tally(records: number, rejected: Record<string, number>, ignored: Record<string, number> = {}): Tally {
  const t = new Tally();
  t.records = records;
  for (const [r, n] of Object.entries(rejected)) for (let i = 0; i < n; i++) t.reject(r, `f:${i}`);
  for (const [r, n] of Object.entries(ignored)) t.ignore(r, n);
  return t;
}

describe('exit status rules (RunStatus)', () => {
  it('0 when every input was read and usable', () => {
    const s = new RunStatus();
    s.beginInput();
    s.chunk({ file: 'a.log', tally: tally(3, {}) });
    s.endInput('a.log', tally(3, {}, { 'host:unrelated-line': 3 }));
    expect(s.exitCode).toBe(0);
    expect(s.lines()).toBe('');
  });

  it('1 for a chunk carrying inputError (the streaming reader’s contract), listed once, escaped', () => {
    const s = new RunStatus();
    s.beginInput();
    const t = tally(0, { 'input:gzip-truncated': 1 });
    s.chunk({ file: 'bad\u001b[2J.gz', tally: t, inputError: { file: 'bad\u001b[2J.gz', reason: 'unexpected end of file' } });
    s.endInput('bad\u001b[2J.gz', t);
    expect(s.exitCode).toBe(1);
    expect(s.lines()).toBe('unreadable input: bad\\x1b[2J.gz: unexpected end of file\n');
    expect(s.summaryLine()).toBe('inputs unreadable: 1; inputs with no usable record: 0\n');
  });

  it('1 for an `input:` reject without inputError, and for a thrown InputError', () => {
    const s = new RunStatus();
    s.chunk({ file: 'x.json', tally: tally(0, { 'input:not-json': 1 }) });
    const thrown = Object.assign(new Error('y.gz: cannot read gzip data (unexpected end of file)'), { name: 'InputError', file: 'y.gz' });
    s.thrown('y.gz', thrown);
    expect(s.exitCode).toBe(1);
    expect(s.unreadable).toEqual([
      { file: 'x.json', reason: 'input:not-json' },
      { file: 'y.gz', reason: 'cannot read gzip data (unexpected end of file)' },
    ]);
  });

  it('no usable record: every record rejected, or rejected plus a header ignored; not one bad line among irrelevant ones', () => {
    expect(noUsableRecord(tally(11, { 'vpc-flow:field-count': 11 }))).toBe(true);
    expect(noUsableRecord(tally(12, { 'vpc-flow:field-count': 11 }, { 'vpc-flow:header': 1 }))).toBe(true);
    expect(noUsableRecord(tally(1001, { 'envelope:invalid-json-line': 1 }, { 'eks-audit:no-match': 1000 }))).toBe(false);
    expect(noUsableRecord(tally(0, {}))).toBe(false);
    expect(noUsableRecord(tally(3, { 'input:unreadable': 1 }))).toBe(false);
    const withSignal = tally(2, { 'vpc-flow:field-count': 1 });
    withSignal.signal({ kind: 'egress' } as never);
    expect(noUsableRecord(withSignal)).toBe(false);
  });
});

describe('an1261 replay: exit status end to end', () => {
  it('exit 1 with a truncated gzip among good files: the finding is still printed and --out written', async () => {
    const dir = mkdtempSync(join(tmp, 'trunc-'));
    for (const f of readdirSync(LOGS)) writeFileSync(join(dir, f), readFileSync(join(LOGS, f)));
    const gz = gzipSync(Buffer.from(readFileSync(join(LOGS, 'ecr-events.jsonl'), 'utf8').repeat(20)));
    writeFileSync(join(dir, 'truncated.jsonl.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    const out = join(tmp, 'trunc-findings.json');
    const { code, stdout, stderr } = await runCli('replay', dir, '--config', CONFIG, '--out', out, '--no-details');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^CRITICAL\s+AN1261 image built on host/m);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveLength(1);
    expect(stderr).toMatch(/^unreadable input: .*truncated\.jsonl\.gz: .+$/m);
    expect(stderr).toContain('inputs unreadable: 1;');
    expect(stderr).toContain('an1261: incomplete run (exit status 1): 1 input(s) unreadable\n');
  });

  it('exit 1 when every record is rejected (a wrong --flow-format)', async () => {
    const file = join(tmp, 'flow-no-header.log');
    writeFileSync(file, `2 111122223333 eni-1 10.0.1.23 185.220.101.47 40112 4444 6 10 840 1793583010 1793583070 ACCEPT OK\n`.repeat(5));
    const { code, stderr } = await runCli('replay', file, '--config', CONFIG, '--flow-format', '${version} ${srcport} ${dstaddr}', '--source', 'vpc-flow');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^no usable record in input: .*flow-no-header\.log: 5 of 5 records rejected \(mostly vpc-flow:field-count\)$/m);
    expect(stderr).toContain('findings: 0\n');
  });

  it('exit 0 on the samples', async () => {
    const { code, stderr } = await runCli('replay', LOGS, '--config', CONFIG, '--no-details');
    expect(code).toBe(0);
    expect(stderr).toContain('inputs unreadable: 0; inputs with no usable record: 0\n');
  });

  it.each([
    ['a missing directory', (d: string) => join(d, 'no-such-dir', 'findings.json'), 'its directory does not exist'],
    ['a path under a regular file', (d: string) => join(d, 'a-file', 'findings.json'), 'a component of the path is not a directory'],
    ['a directory', (d: string) => d, 'it is a directory'],
  ])('exit 2 before any work when --out is %s', async (_what, outOf, reason) => {
    const dir = mkdtempSync(join(tmp, 'out-'));
    writeFileSync(join(dir, 'a-file'), 'x');
    const out = outOf(dir);
    // The missing input would be listed as unreadable if any input had been looked at; the
    // embedded store would print a state line; neither happens.
    const { code, stdout, stderr } = await runCli('replay', LOGS, join(dir, 'missing-input.log'), '--config', CONFIG, '--out', out);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `an1261: --out ${out}: cannot write: ${reason}\n` });
    expect(readdirSync(dir).sort()).toEqual(['a-file']);
  });

  it('the --out probe leaves no file behind when it succeeds and the run then fails on config', async () => {
    const out = join(tmp, 'probe.json');
    const { code } = await runCli('replay', LOGS, '--config', join(tmp, 'no-config.json'), '--out', out);
    expect(code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe('terminal-safe output', () => {
  const PWNED = 'x \u001b]0;PWNED\u0007\u001b[2J\n';

  it.each(['replay', 'signals'])('%s: stderr of the PWNED file has no ESC or BEL, the sequence is shown escaped', async (command) => {
    const file = join(tmp, `t-\u001b[31m-${command}.log`);
    writeFileSync(file, PWNED);
    const { stdout, stderr } = await runCli(command, file, ...(command === 'replay' ? ['--config', CONFIG] : []));
    for (const text of [stderr, stdout]) expect([...text].filter((c) => c === '\u001b' || c === '\u0007')).toEqual([]);
    expect(stderr).toContain('\\x1b]0;PWNED\\x07\\x1b[2J');
  });

  it('signals on stdout: bidi and C1 characters are \\u-escaped, and parse back unchanged', async () => {
    const name = '111122223333.dkr.ecr.us-east-1.amazonaws.com/app:v1';
    const event = { version: '0', id: 'e1', 'detail-type': 'ECR Image Action', source: 'aws.ecr', account: '111122223333', time: '2026-11-02T02:20:00Z', region: 'us-east-1', resources: [], detail: { result: 'SUCCESS', 'repository-name': 'app', 'image-digest': 'sha256:' + 'a'.repeat(64), 'action-type': 'PUSH', 'image-tag': 'v1', note: '\u202e\u009b' } };
    const file = join(tmp, 'ecr-bidi.jsonl');
    writeFileSync(file, `${JSON.stringify(event)}\n`);
    const { stdout } = await runCli('signals', file);
    expect(stdout).not.toMatch(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(stdout).toContain(name.split('/')[0]);
  });
});

describe('--help documents the exit status', () => {
  it.each([['replay'], ['signals'], ['config', 'check']])('%s', async (...cmd) => {
    const { code, stdout } = await runCli(...cmd, '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Exit status:');
    expect(stdout).toMatch(/^ {2}0 {2}/m);
    expect(stdout).toMatch(/^ {2}1 {2}/m);
    expect(stdout).toMatch(/^ {2}2 {2}/m);
  });
});
