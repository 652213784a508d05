/**
 * `an1261 tune` as a user runs it, on four generated days of a company's logs (CI building every
 * day, one attack on the last day): the proposal and its before/after table, the files it will and
 * will not write, and `--seed-baseline` into a state table (dynalite through its endpoint, the SDK
 * wire protocol as against AWS).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbStateStore } from '../../lambdas/adapters/dynamodb-state-store';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import type { Proposal } from '../../lambdas/core/tune/proposal-types';
import type { BeforeAfter } from '../../lambdas/cli/tune/before-after';
import { writeTwoWeekEnvironment } from '../../samples/two-weeks/generate';
import { runCli } from './run-cli';

const DAY_ONE = join(__dirname, '../../samples/two-weeks/config.day-one.json');
/** Four days ending yesterday, for --seed-baseline: a baseline older than its retention is not written. */
const RECENT = Array.from({ length: 4 }, (_, i) => new Date(Math.floor(Date.now() / 86_400_000 - 5 + i) * 86_400_000).toISOString().slice(0, 10));

describe('Command: an1261 tune', () => {
  let dir: string;
  let logs: string;
  let table: { out: { proposal: Proposal; beforeAfter: BeforeAfter }; stdout: string; stderr: string; code: number };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'an1261-tune-cli-'));
    logs = join(dir, 'logs');
    await writeTwoWeekEnvironment(logs, { layout: 'by-hour', days: 4, attackDay: 3, noise: 'light' });
    const json = await runCli('tune', logs, '--config', DAY_ONE, '--format', 'json');
    const text = await runCli('tune', logs, '--config', DAY_ONE);
    table = { out: JSON.parse(json.stdout) as typeof table.out, stdout: text.stdout, stderr: text.stderr, code: text.code };
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the inventory, the proposal with its evidence, the before/after table and the JSON Patch', () => {
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Namespaces \(\d+\):/m);
    expect(table.stdout).toMatch(/approvedBuilders\.hosts\s+10\.0\.200\.0\/26\s+\d+ events on 4 days/);
    expect(table.stdout).toMatch(/would page \(≥ MEDIUM, not suppressed\)\s+\d+\s+1\n/);
    expect(table.stdout).toContain('JSON Patch against ');
    expect(table.stderr).toMatch(/^tune: \d+ signals backtested twice; findings \d+ → 1, would page \d+ → 1$/m);
  });

  it('leaves destinations out unless asked, and says why', () => {
    expect(table.out.proposal.entries.map((e) => e.key)).not.toContain('trustedDestinations.cidrs');
    expect(table.out.proposal.skipped.some((s) => s.reason.includes('--trust-destinations'))).toBe(true);
  });

  it('writes the proposal to a new file only: never the --config file, never over an existing one', async () => {
    const copy = join(dir, 'mine.json');
    writeFileSync(copy, readFileSync(DAY_ONE));
    const same = await runCli('tune', logs, '--config', copy, '--apply-to', copy);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('--apply-to must name a new file: tune never rewrites the config it read');
    const exists = await runCli('tune', logs, '--config', copy, '--apply-to', DAY_ONE);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toContain('the file exists; name a new file to review');
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(DAY_ONE, 'utf8'));
  });

  it('fails in one line naming the flag for a bad --min-days, and --seed-baseline without a table', async () => {
    const bad = await runCli('tune', logs, '--min-days', 'zero');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--min-days must be a whole number from 1 to 365, got zero');
    const seed = await runCli('tune', logs, '--seed-baseline');
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('--seed-baseline needs --table <name>');
    expect(existsSync(join(dir, 'proposed.json'))).toBe(false);
  });

  describe('--seed-baseline', () => {
    let db: EmbeddedDynamoDb;
    const env = { ...process.env };
    beforeAll(async () => {
      db = await startEmbeddedDynamoDb('unused');
      Object.assign(process.env, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    });
    afterAll(async () => {
      process.env = env;
      await db.close();
    });

    it('opens the table before reading any input: no region, one line, nothing backtested', async () => {
      delete process.env.AWS_REGION;
      delete process.env.AWS_PROFILE;
      process.env.AWS_CONFIG_FILE = join(dir, 'no-aws-config');
      const r = await runCli('tune', logs, '--config', DAY_ONE, '--seed-baseline', '--endpoint', db.endpoint, '--table', 'x', '--create-table');
      process.env.AWS_REGION = 'us-east-1';
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('an1261: Region is missing\n');
    });

    it('writes every builder subject-day of the backtest to the table, idempotently', async () => {
      const recent = join(dir, 'recent');
      await writeTwoWeekEnvironment(recent, { layout: 'by-hour', days: 2, attackDay: 1, noise: 'light', startDate: RECENT[2] });
      const args = ['tune', recent, '--config', DAY_ONE, '--seed-baseline', '--endpoint', db.endpoint, '--table', 'an1261-state-seeded', '--create-table'];
      const first = await runCli(...args);
      expect(first.stderr).not.toMatch(/^an1261: /m);
      expect(first.code).toBe(0);
      const line = /baseline: (\d+) builder subject\(s\) on (\d+) day\(s\) written to DynamoDB table an1261-state-seeded/.exec(first.stderr);
      expect(line).not.toBeNull();
      const store = new DynamoDbStateStore(db.client, 'an1261-state-seeded');
      const nowSec = Math.floor(Date.now() / 1000);
      const history = (await store.query('B#h:-', 'd#', 'd#\uffff', nowSec)).map((i) => i.sk.slice(2));
      expect(history.length).toBe(Number(line![2]));
      expect(history.every((d) => RECENT.includes(d))).toBe(true);
      expect(Number(line![1])).toBeGreaterThanOrEqual(1);
      const again = await runCli(...args);
      expect(again.stderr).toContain(line![0]);
    }, 180_000);
  });
});
