/**
 * The input reader on hostile input: one broken input is a counted `input:*` fault of its own and
 * the others still produce their records; content is told record by record; `-` and FIFOs stream.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { SourceRouter } from '../../../lambdas/core/envelopes/source-router';
import type { DecodedBatch } from '../../../lambdas/core/envelopes/decoded-batch';
import { Tally } from '../../../lambdas/core/model/normalize-result';
import { type InputChunk, type InputOptions, listInputFiles, readInputFile, readInputs } from '../../../lambdas/cli/input-files';
import { runCli } from '../run-cli';

const SAMPLES = join(__dirname, '../../../samples');
const LOGS = join(SAMPLES, 'logs');
const CONFIG = join(SAMPLES, 'config.json');
const FLOW_GZ = join(LOGS, 'vpc-flow-111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261102T0200Z.log.gz');
const config = JSON.parse(readFileSync(CONFIG, 'utf8')) as { sources?: { flowLogs?: unknown[]; hostLogs?: unknown[] } };
const router = new SourceRouter({ flowLogs: [], hostLogs: [], ...(config.sources ?? {}) } as never);
const opts: InputOptions = { router };

interface Read {
  chunks: InputChunk[];
  batches: DecodedBatch[];
  tally: Tally;
}

async function collect(gen: AsyncGenerator<InputChunk>): Promise<Read> {
  const chunks: InputChunk[] = [];
  const tally = new Tally();
  for await (const c of gen) {
    chunks.push(c);
    tally.merge(c.tally);
  }
  return { chunks, batches: chunks.flatMap((c) => c.batches), tally };
}

const count = (r: Read, source: string) => r.batches.filter((b) => b.source === source).reduce((n, b) => n + b.records.length, 0);

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'an1261-input-'));
});

const DOCKERD = 'time="2026-11-02T02:14:05.131Z" level=debug msg="Calling POST /v1.45/build?t=app%3A1"';
const FLOW = '2 111122223333 eni-0a1b2c3d 10.0.1.5 203.0.113.9 49152 443 6 10 840 1762049645 1762049705 ACCEPT OK';
const EVENT = (i: number) => JSON.stringify({ source: 'aws.ecr', 'detail-type': 'ECR Image Action', detail: { 'action-type': 'PUSH', result: 'SUCCESS', 'repository-name': 'app', 'image-tag': `v${i}`, 'image-digest': `sha256:${String(i).padStart(64, '0')}` }, account: '111122223333', region: 'us-east-1', time: '2026-11-02T02:14:05Z', id: `e${i}`, version: '0', resources: [] });

describe('per-input isolation', () => {
  it('a truncated .gz among good files: the good files are read, the bad one is a counted input:* fault', async () => {
    const dir = mkdtempSync(join(tmp, 'trunc-'));
    copyFileSync(FLOW_GZ, join(dir, 'a-flow.log.gz'));
    writeFileSync(join(dir, 'b-truncated.gz'), readFileSync(FLOW_GZ).subarray(0, 300));
    writeFileSync(join(dir, 'c-events.jsonl'), `${EVENT(1)}\n`);
    const r = await collect(readInputs([dir], opts));
    expect(count(r, 'vpc-flow')).toBeGreaterThan(0);
    expect(count(r, 'ecr-event')).toBe(1);
    const bad = r.chunks.filter((c) => c.inputError);
    expect(bad).toHaveLength(1);
    expect(bad[0]?.inputError).toEqual({ file: expect.stringContaining('b-truncated.gz'), reason: 'input:truncated-gzip' });
    expect(r.tally.rejected.get('input:truncated-gzip')).toBe(1);
    const sample = r.tally.rejectSamples.find((s) => s.reason === 'input:truncated-gzip');
    expect(sample?.ref).toContain('b-truncated.gz');
    expect(sample?.detail).toMatch(/unexpected end of file/);
  });

  it('keeps the records read before a fault in the same file', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => EVENT(i)).join('\n');
    const f = join(tmp, 'partial.jsonl.gz');
    const gz = gzipSync(`${lines}\n`);
    writeFileSync(f, gz.subarray(0, gz.length - 40));
    const r = await collect(readInputFile(f, opts));
    expect(count(r, 'ecr-event')).toBeGreaterThan(20);
    expect(r.chunks.at(-1)?.inputError?.reason).toBe('input:truncated-gzip');
  });

  it('a missing path and an unreadable document are faults of their own, never a throw', async () => {
    const doc = join(tmp, 'broken-doc.json');
    writeFileSync(doc, `{"Records": [\n${EVENT(1)},\n{"oops": ]}\n`);
    const good = join(tmp, 'good.jsonl');
    writeFileSync(good, `${EVENT(2)}\n`);
    const r = await collect(readInputs([join(tmp, 'nope.log'), doc, good], opts));
    expect(r.chunks.filter((c) => c.inputError).map((c) => c.inputError?.reason)).toEqual(['input:not-found', 'input:invalid-json-document']);
    expect(count(r, 'ecr-event')).toBe(2); // the broken document's first record, and the good file
    await expect(listInputFiles([join(tmp, 'nope.log')])).rejects.toThrow('no such file or directory');
  });

  it('the replay command goes on past a truncated gzip and still finds the CRITICAL chain', async () => {
    const dir = mkdtempSync(join(tmp, 'replay-'));
    for (const f of ['eks-audit-prod-cluster.cwl.json', 'ecr-events.jsonl', 'ci-runner-dockerd.log']) copyFileSync(join(LOGS, f), join(dir, f));
    copyFileSync(FLOW_GZ, join(dir, 'flow.log.gz'));
    writeFileSync(join(dir, 'zz.gz'), readFileSync(FLOW_GZ).subarray(0, 300));
    const { stdout, stderr } = await runCli('replay', dir, '--config', CONFIG, '--format', 'json');
    expect((JSON.parse(stdout) as Array<{ severity: string }>).map((f) => f.severity)).toEqual(['CRITICAL']);
    expect(stderr).toContain('input:truncated-gzip');
  });
});

describe('content told per record', () => {
  it('a JSON-lines file with a broken first line keeps its other lines', async () => {
    const f = join(tmp, 'broken-first.jsonl');
    writeFileSync(f, `${EVENT(0).slice(0, 40)}\n${EVENT(1)}\n${EVENT(2)}\n`);
    const r = await collect(readInputFile(f, opts));
    expect(count(r, 'ecr-event')).toBe(2);
    expect(r.tally.rejected.get('envelope:invalid-json-line')).toBe(1);
    expect(r.chunks.some((c) => c.inputError)).toBe(false);
  });

  it('a pretty-printed document is still read as one document, element by element', async () => {
    const f = join(tmp, 'pretty.json');
    writeFileSync(f, JSON.stringify([JSON.parse(EVENT(1)), JSON.parse(EVENT(2))], null, 2));
    const r = await collect(readInputFile(f, opts));
    expect(count(r, 'ecr-event')).toBe(2);
  });

  it('a text file whose first line starts with `[` is read as lines', async () => {
    const f = join(tmp, 'bracket.log');
    writeFileSync(f, `[INFO] starting\n${DOCKERD}\n${EVENT(1)}\n`);
    const r = await collect(readInputFile(f, opts));
    expect(count(r, 'dockerd')).toBe(2);
    expect(count(r, 'ecr-event')).toBe(1);
    expect(r.chunks.some((c) => c.inputError)).toBe(false);
  });

  it('a text file mixing dockerd and flow-log lines yields both sources', async () => {
    const f = join(tmp, 'mixed.log');
    writeFileSync(f, `${DOCKERD}\n${DOCKERD}\n${FLOW}\n${FLOW}\n${DOCKERD}\n`);
    const r = await collect(readInputFile(f, opts));
    expect(count(r, 'dockerd')).toBe(3);
    expect(count(r, 'vpc-flow')).toBe(2);
  });

  it('an over-long line is one counted reject; the next lines are read', async () => {
    const f = join(tmp, 'long.log');
    writeFileSync(f, `${EVENT(1)}\n${'x'.repeat(5000)}\n${EVENT(2)}\n`);
    const r = await collect(readInputFile(f, { ...opts, maxLineBytes: 1000 }));
    expect(count(r, 'ecr-event')).toBe(2);
    expect(r.tally.rejected.get('input:line-too-long')).toBe(1);
    expect(r.tally.rejectSamples.find((s) => s.reason === 'input:line-too-long')?.ref).toMatch(/long\.log:2$/);
  });

  it('an over-large JSON value stops its document with a counted fault', async () => {
    const f = join(tmp, 'big-value.json');
    writeFileSync(f, `{"Records": [\n${EVENT(1)},\n{"x": "${'y'.repeat(5000)}"}\n]}\n`);
    const r = await collect(readInputFile(f, { ...opts, maxJsonValueBytes: 1000 }));
    expect(r.chunks.at(-1)?.inputError?.reason).toBe('input:json-value-too-large');
    expect(count(r, 'ecr-event')).toBe(1);
  });
});

describe('chunks bounded by records, not only by lines', () => {
  it('a JSON-lines file of subscription payloads (thousands of events a line) is handed over a few thousand records at a time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payload-lines-'));
    const payload = (h: number) => ({
      messageType: 'DATA_MESSAGE', owner: '111122223333', logGroup: '/ec2/docker', logStream: 'i-0a1b2c3d4e5f60718', subscriptionFilters: ['f'],
      logEvents: Array.from({ length: 3000 }, (_, i) => ({ id: `${h}-${i}`, timestamp: 1_793_000_000_000 + i, message: `time="2026-11-02T01:00:00Z" level=debug msg="Calling GET /v1.45/containers/json"` })),
    });
    const file = join(dir, 'payloads.jsonl');
    writeFileSync(file, `${[0, 1, 2, 3].map((h) => JSON.stringify(payload(h))).join('\n')}\n`);
    const read = await collect(readInputFile(file, { ...opts, batchLines: 2000 }));
    const sizes = read.chunks.map((c) => c.batches.reduce((n, b) => n + b.records.length, 0));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(12_000);
    // Each chunk closes after the line that filled it: at most one payload over the limit.
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2000 + 3000);
    expect(sizes.filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
  });
});

describe('streams: -, FIFOs, skipped entries', () => {
  it('`-` reads the stdin stream it is given', async () => {
    const stdin = new PassThrough();
    stdin.end(gzipSync(`${EVENT(1)}\n${EVENT(2)}\n`));
    const r = await collect(readInputFile('-', { ...opts, stdin }));
    expect(count(r, 'ecr-event')).toBe(2);
    expect(r.chunks[0]?.file).toBe('-');
  });

  it('`an1261 signals -` reads a pipe (child process)', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../../../lambdas/cli/an1261.ts'), 'signals', '-', '--config', CONFIG], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(stdout));
      child.stdin.end(readFileSync(join(LOGS, 'ecr-events.jsonl')));
    });
    expect(out.trim().split('\n').filter(Boolean).length).toBeGreaterThan(0);
  }, 30_000);

  it('reads a FIFO named on the command line', async () => {
    const fifo = join(tmp, 'pipe');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      console.log('mkfifo is not available here: FIFO test skipped');
      return;
    }
    const [files] = await Promise.all([listInputFiles([fifo])]);
    expect(files).toEqual([fifo]);
    const writer = spawn('sh', ['-c', `printf '%s\\n%s\\n' '${EVENT(1)}' '${EVENT(2)}' > '${fifo}'`]);
    const r = await collect(readInputFile(fifo, opts));
    writer.kill();
    expect(count(r, 'ecr-event')).toBe(2);
  });

  it('directory recursion skips dot-files and says so; an explicitly named dot-file is read', async () => {
    const dir = mkdtempSync(join(tmp, 'dots-'));
    writeFileSync(join(dir, '.hidden.jsonl'), `${EVENT(1)}\n`);
    writeFileSync(join(dir, 'seen.jsonl'), `${EVENT(2)}\n`);
    const r = await collect(readInputs([dir], opts));
    expect(count(r, 'ecr-event')).toBe(1);
    expect(r.tally.ignored.get('input:skipped-dot-file')).toBe(1);
    expect(r.tally.rejectSamples.find((s) => s.reason === 'input:skipped-dot-file')?.ref).toContain('.hidden.jsonl');
    const named = await collect(readInputs([join(dir, '.hidden.jsonl')], opts));
    expect(count(named, 'ecr-event')).toBe(1);
  });
});
