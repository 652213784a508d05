/**
 * A replay gives the same findings whatever the layout of its files: the generated one-day
 * environment (two clusters, CI, runners, monitoring agents, one attack; samples/two-weeks) laid
 * out by hour, by source (the README's example: all audit first, then CloudTrail, dockerd, ECR and
 * flow logs — the layout that used to lose joins and page for every CI runner push), and by source
 * with its paths passed in reverse order. Only `ref`s, which name the file a record was read from,
 * may differ.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../lambdas/core/model/finding';
import { type Manifest, writeTwoWeekEnvironment } from '../../samples/two-weeks/generate';
import { runCli } from './run-cli';

const CONFIG = join(__dirname, '../../samples/two-weeks/config.json');
let root: string;
let byHour: Manifest;
let bySource: Manifest;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'layouts-'));
  byHour = await writeTwoWeekEnvironment(join(root, 'by-hour'), { layout: 'by-hour', days: 1 });
  bySource = await writeTwoWeekEnvironment(join(root, 'by-source'), { layout: 'by-source', days: 1 });
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A finding without the `ref`s that name where its records were read. */
function withoutRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRefs);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'ref').map(([k, v]) => [k, withoutRefs(v)]));
  return value;
}

async function replay(...paths: string[]): Promise<{ findings: Finding[]; stderr: string }> {
  const { code, stdout, stderr } = await runCli('replay', ...paths, '--config', CONFIG, '--format', 'json');
  expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
  return { findings: JSON.parse(stdout) as Finding[], stderr };
}

describe('an1261 replay, whatever the layout of its inputs', () => {
  it('finds the one attack, and the same finding, by hour, by source and by source in reverse order', async () => {
    expect(byHour.records.total).toBe(bySource.records.total);
    const hour = await replay(join(root, 'by-hour'));
    const source = await replay(join(root, 'by-source'));
    const reversed = await replay(...readdirSync(join(root, 'by-source')).sort().reverse().map((n) => join(root, 'by-source', n)));

    const [expected] = byHour.expectedFindings;
    expect(hour.findings).toHaveLength(1);
    expect(hour.findings[0]).toMatchObject({ severity: expected!.severity, image: expected!.image, stages: expected!.stages, namespace: expected!.namespace, cluster: expected!.cluster });
    expect(withoutRefs(source.findings)).toEqual(withoutRefs(hour.findings));
    expect(withoutRefs(reversed.findings)).toEqual(withoutRefs(hour.findings));
    // The same signals reached the correlator, in the same order.
    const order = (stderr: string) => /^order: .*$/m.exec(stderr)?.[0].replace(/ \(sorted .*\)$/, '');
    expect(order(source.stderr)).toBe(order(hour.stderr));
    expect(order(reversed.stderr)).toBe(order(hour.stderr));
  }, 240_000);
});
