/**
 * `an1261 tune` as a user runs it: the JSON document it prints, the files it will and will not
 * write, its one-line errors, and `--seed-baseline` into a state table (dynalite through its
 * endpoint: the SDK wire protocol, as against AWS). The table output and the whole proposal on two
 * weeks of logs: test/scenarios/tune-two-weeks.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbStateStore } from '../../lambdas/adapters/dynamodb-state-store';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import type { BeforeAfter } from '../../lambdas/cli/tune/before-after';
import type { Inventory } from '../../lambdas/core/tune/inventory-types';
import type { Proposal } from '../../lambdas/core/tune/proposal-types';
import { writeTwoWeekEnvironment } from '../../samples/two-weeks/generate';
import { runCli } from './run-cli';

const DAY_ONE = join(__dirname, '../../samples/two-weeks/config.day-one.json');
/**
 * A recent Monday and Tuesday (working days, so CI builds on both), at least two days ago: a
 * baseline older than its retention would not be written.
 */
const RECENT = (() => {
  const day = Math.floor(Date.now() / 86_400_000) - 3;
  const monday = day - ((new Date(day * 86_400_000).getUTCDay() + 6) % 7);
  return [monday, monday + 1].map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
})();

describe('Command: an1261 tune', () => {
  let dir: string;
  let logs: string;
  let db: EmbeddedDynamoDb;
  const env = { ...process.env };
  let seeded: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'an1261-tune-cli-'));
    logs = join(dir, 'logs');
    await writeTwoWeekEnvironment(logs, { layout: 'by-hour', days: 2, attackDay: 1, noise: 'light', startDate: RECENT[0] });
    db = await startEmbeddedDynamoDb('unused');
    Object.assign(process.env, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    seeded = await runCli('tune', logs, '--config', DAY_ONE, '--min-days', '2', '--format', 'json', '--seed-baseline', '--endpoint', db.endpoint, '--table', 'an1261-state-seeded', '--create-table');
  }, 120_000);
  afterAll(async () => {
    process.env = env;
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints one JSON document: the inventory (without its working set), the proposal, the before/after table', () => {
    expect(seeded.code).toBe(0);
    const out = JSON.parse(seeded.stdout) as { inventory: Inventory; proposal: Proposal; beforeAfter: BeforeAfter };
    expect(Object.keys(out)).toEqual(['inventory', 'proposal', 'beforeAfter']);
    expect(out.inventory).not.toHaveProperty('events');
    expect(out.inventory.facets.namespace.map((f) => f.value)).toContain('ci');
    expect(out.proposal.options).toEqual({ minDays: 2, minSources: 3 });
    expect(out.proposal.entries.map((e) => e.key)).toContain('approvedBuilders.hosts');
    expect(out.proposal.patch[0]).toMatchObject({ op: 'add', path: '/approvedBuilders' });
    expect(out.beforeAfter.after.pages).toBeLessThan(out.beforeAfter.before.pages);
    expect(seeded.stderr).toMatch(/^tune: \d+ signals backtested twice; findings \d+ → \d+, would page \d+ → \d+$/m);
  });

  it('leaves destinations out unless asked, and says why', () => {
    const { proposal } = JSON.parse(seeded.stdout) as { proposal: Proposal };
    expect(proposal.entries.map((e) => e.key)).not.toContain('trustedDestinations.cidrs');
  });

  it('--seed-baseline writes every builder subject-day of the backtest to the table', async () => {
    const line = /baseline: (\d+) builder subject\(s\) on (\d+) day\(s\) written to DynamoDB table an1261-state-seeded at http:\/\/127\.0\.0\.1:\d+ \(created, TTL [a-z]+\)/.exec(seeded.stderr);
    expect(line).not.toBeNull();
    expect(Number(line![1])).toBeGreaterThanOrEqual(1);
    const store = new DynamoDbStateStore(db.client, 'an1261-state-seeded');
    const history = (await store.query('B#h:-', 'd#', 'd#\uffff', Math.floor(Date.now() / 1000))).map((i) => i.sk.slice(2));
    expect(history.length).toBe(Number(line![2]));
    expect(history.every((d) => RECENT.includes(d))).toBe(true);
  });

  it('opens the table before reading any input: without a region, one line and nothing backtested', async () => {
    const saved = { region: process.env.AWS_REGION, profile: process.env.AWS_PROFILE, config: process.env.AWS_CONFIG_FILE };
    delete process.env.AWS_REGION;
    delete process.env.AWS_PROFILE;
    process.env.AWS_CONFIG_FILE = join(dir, 'no-aws-config');
    try {
      const r = await runCli('tune', logs, '--config', DAY_ONE, '--seed-baseline', '--endpoint', db.endpoint, '--table', 'x', '--create-table');
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('an1261: Region is missing\n');
    } finally {
      Object.assign(process.env, { AWS_REGION: saved.region });
      if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE;
      else process.env.AWS_CONFIG_FILE = saved.config;
    }
  });

  it('writes the proposal to a new file only: never the --config file, never over an existing one', async () => {
    const copy = join(dir, 'mine.json');
    writeFileSync(copy, readFileSync(DAY_ONE));
    const same = await runCli('tune', logs, '--config', copy, '--apply-to', copy);
    expect(same.code).toBe(2);
    expect(same.stderr).toBe('an1261: --apply-to must name a new file: tune never rewrites the config it read\n');
    const exists = await runCli('tune', logs, '--config', copy, '--apply-to', DAY_ONE);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toContain('the file exists; name a new file to review');
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(DAY_ONE, 'utf8'));
  });

  it('fails in one line naming the flag: a bad --min-days, --seed-baseline without a table', async () => {
    const bad = await runCli('tune', logs, '--min-days', 'zero');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('an1261: --min-days must be a whole number from 1 to 365, got zero\n');
    const seed = await runCli('tune', logs, '--seed-baseline');
    expect(seed.code).toBe(2);
    expect(seed.stderr).toBe('an1261: --seed-baseline needs --table <name> (the deployment’s state table)\n');
  });
});
