/**
 * The benchmark's smoke mode, run as CI runs it, so that the bench cannot rot: every figure of the
 * issue is present and finite (timings are not asserted: figures come from `npm run bench`, never
 * from tests). A handler entry that does not exist may only be reported as missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HANDLER_NAMES } from '../../lib/lambda-bundling';

interface Figure {
  id: string;
  value: number | null;
  target: string;
  met: boolean | null;
  missing?: true;
}

const ROOT = join(__dirname, '..', '..');
// Every Lambda entry the app deploys (lib/lambda-bundling.ts), so a new handler is measured too.
const HANDLERS: string[] = [...HANDLER_NAMES];
const REQUIRED = [
  'flow.ratio', 'flow.records-per-sec', 'flow.mb-per-sec',
  'audit.ratio', 'audit.records-per-sec', 'audit.mb-per-sec',
  'writes.egress-items', 'writes.internal-trusted', 'writes.requests', 'writes.link-items',
  'cold-start.bare-node', ...HANDLERS.flatMap((h) => [`cold-start.${h}.bytes`, `cold-start.${h}.overhead`, `cold-start.${h}.tracing-overhead`, `cold-start.${h}.compile`]),
  'replay.baseline-rss', 'replay.small-rss', 'replay.large-rss', 'replay.rss-growth', 'replay.records-per-sec', 'replay.chain-missed',
  'latency.p50', 'latency.p99', 'latency.missed',
  'storm.small-ms', 'storm.ratio', 'storm.invocation-max', 'storm.stages-missing',
  'hostile.export.rss', 'hostile.export.seconds', 'hostile.export.crashed', 'hostile.bomb.rss', 'hostile.bomb.seconds', 'hostile.bomb.crashed', 'hostile.line.rss', 'hostile.line.seconds', 'hostile.line.crashed',
  'two-weeks.seconds', 'two-weeks.records-per-sec', 'two-weeks.rss', 'two-weeks.wrong-findings',
  'tune.replay-seconds', 'tune.ratio', 'tune.rss', 'tune.pages',
  'cli.bare-node', 'cli.version-ratio', 'cli.signals-empty', 'replay-vs-signals.signals', 'replay-vs-signals.ratio',
  'cost.lambda', 'cost.dynamodb', 'cost.total',
  's3.text.ratio', 's3.text.mb-per-sec', 's3.parquet.ratio', 's3.parquet.mb-per-sec', 'cost.intake.0', 'cost.intake.1', 'cost.intake.2', 'cost.intake.3', 'cost.intake.4',
];

describe('npm run bench:smoke', () => {
  let out: string;
  let run: ReturnType<typeof spawnSync>;
  let figures: Figure[];
  const resultsMd = join(ROOT, 'bench', 'RESULTS.md');
  const mtime = () => (existsSync(resultsMd) ? statSync(resultsMd).mtimeMs : 0);
  let resultsMdBefore: number;

  beforeAll(() => {
    resultsMdBefore = mtime();
    out = mkdtempSync(join(tmpdir(), 'an1261-bench-'));
    run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
    figures = existsSync(join(out, 'results.json')) ? (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { figures: Figure[] }).figures : [];
  }, 180_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('exits 0 and prints the markdown table', () => {
    expect({ status: run.status, stderr: run.status === 0 ? '' : String(run.stderr).slice(-2000) }).toEqual({ status: 0, stderr: '' });
    expect(String(run.stdout)).toContain('| Figure | Value | Target | Met? |');
  });

  it('reports every figure of the issue, each once', () => {
    expect(figures.map((f) => f.id).sort()).toEqual([...REQUIRED].sort());
  });

  it('gives every figure a finite value, unless its handler entry is missing', () => {
    const bad = figures.filter((f) => !(typeof f.value === 'number' && Number.isFinite(f.value)) && !(f.missing && f.id.startsWith('cold-start.')));
    expect(bad).toEqual([]);
  });

  it('reports a missing handler only when its entry file really is missing', () => {
    const missing = figures.filter((f) => f.missing).map((f) => f.id.split('.')[1]);
    const absent = HANDLERS.filter((h) => !existsSync(join(ROOT, 'lambdas', 'handlers', `${h}.handler.ts`)));
    expect([...new Set(missing)].sort()).toEqual(absent.sort());
  });

  it('states a target beside every figure that has one, and says whether it is met', () => {
    for (const f of figures.filter((x) => x.met !== null)) expect({ id: f.id, target: f.target.length > 0 }).toEqual({ id: f.id, target: true });
  });

  it('finds the sample chain and every generated chain (correctness of the measured path)', () => {
    const byId = new Map(figures.map((f) => [f.id, f.value]));
    expect({ replayMissed: byId.get('replay.chain-missed'), latencyMissed: byId.get('latency.missed'), internalWrites: byId.get('writes.internal-trusted'), stormStagesMissing: byId.get('storm.stages-missing'), hostileCrashes: ['export', 'bomb', 'line'].map((k) => byId.get(`hostile.${k}.crashed`)) }).toEqual({ replayMissed: 0, latencyMissed: 0, internalWrites: 0, stormStagesMissing: 0, hostileCrashes: [0, 0, 0] });
  });

  it('writes results.json and results.md to the output folder, and leaves bench/RESULTS.md alone', () => {
    expect({ md: existsSync(join(out, 'results.md')), resultsMdChanged: mtime() !== resultsMdBefore }).toEqual({ md: true, resultsMdChanged: false });
  });
});
