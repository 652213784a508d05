/**
 * A second replay onto the same table: the finding is there, unchanged, and the replay says so
 * (instead of "findings: 0", which reads as "nothing found"). The table is a dynalite reached
 * through `--endpoint`, as a DynamoDB Local or a real table would be.
 */
import { join } from 'node:path';
import type { Finding } from '../../lambdas/core/model/finding';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import { runCli } from './run-cli';

const SAMPLES = join(__dirname, '../../samples');
let db: EmbeddedDynamoDb;
const saved = { ...process.env };

beforeAll(async () => {
  db = await startEmbeddedDynamoDb('rerun-state');
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' });
});
afterAll(async () => {
  process.env = saved;
  await db.close();
});

const replay = () => runCli('replay', join(SAMPLES, 'logs'), '--config', join(SAMPLES, 'config.json'), '--endpoint', db.endpoint, '--table', 'rerun-state', '--format', 'json');

describe('an1261 replay onto a table that already holds its state', () => {
  it('reports the finding as new the first time and unchanged the second, with the same content', async () => {
    const first = await replay();
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('findings: 1 (1 new)\n');
    const second = await replay();
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('findings: 1 (1 unchanged (already in the table, nothing new))\n');
    const [a] = JSON.parse(first.stdout) as Finding[];
    const [b] = JSON.parse(second.stdout) as Finding[];
    expect(b).toEqual(a);
  });
});
