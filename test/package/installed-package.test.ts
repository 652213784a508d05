/**
 * The package as another team gets it: built from the current sources and packed with `npm pack`
 * (by its `files` list), installed with `npm install <tarball>` into an empty project, then used there — the `an1261` bin replays the
 * samples the package ships, and a small TypeScript CDK app that imports the construct type-checks
 * against the shipped definitions and synthesizes from the prebuilt Lambda bundles.
 *
 * Tests reach no network: the installing project's node_modules gets links to the checkout's copies
 * of exactly the package's declared dependencies and peer dependencies (what a registry would
 * install), and `npm install --offline` then installs the tarball over them. A dependency the
 * package uses but does not declare is not linked, and fails here as it would for a user.
 *
 * The build goes to a staged copy of the package folder (what `prepare` writes to dist/), so tests
 * running beside this one never see dist/ half rebuilt.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface Manifest {
  name: string;
  version: string;
  main: string;
  types: string;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

let work: string;
let project: string;
let installed: string;
let manifest: Manifest;

function linkFromCheckout(name: string): void {
  const target = join(ROOT, 'node_modules', name);
  if (!existsSync(target)) throw new Error(`the checkout has no node_modules/${name} to stand in for the registry`);
  mkdirSync(dirname(join(project, 'node_modules', name)), { recursive: true });
  symlinkSync(target, join(project, 'node_modules', name), 'dir');
}

function runCli(args: string[]) {
  return spawnSync(process.execPath, [join(project, 'node_modules/.bin/an1261'), ...args], { cwd: project, encoding: 'utf8', timeout: 60_000 });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'an1261-pack-'));
  const staged = join(work, 'package-src');
  mkdirSync(staged);
  for (const entry of ['package.json', 'README.md', 'bin', 'samples', 'docs']) cpSync(join(ROOT, entry), join(staged, entry), { recursive: true });
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/build.ts'), '--out', join(staged, 'dist')], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
  const tarball = execFileSync(NPM, ['pack', staged, '--ignore-scripts', '--pack-destination', work, '--silent'], { cwd: work, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] })
    .trim()
    .split('\n')
    .pop() as string;
  project = join(work, 'consumer');
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  // The consumer's own tooling (a CDK app in TypeScript), not the package's.
  const tooling = ['typescript', '@types/node'];
  const versionOf = (name: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, devDependencies: Object.fromEntries(tooling.map((t) => [t, versionOf(t)])) }));
  manifest = JSON.parse(execFileSync('tar', ['-xzOf', join(work, tarball), 'package/package.json'], { encoding: 'utf8' })) as Manifest;
  for (const dep of [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]) linkFromCheckout(dep);
  for (const dev of tooling) linkFromCheckout(dev);
  const t0 = Date.now();
  execFileSync(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, tarball)], { cwd: project, stdio: 'pipe', timeout: 120_000 });
  installed = join(project, 'node_modules', manifest.name);
  process.stderr.write(`installed-package: npm install ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}, 360_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the installed package', () => {
  it('ships compiled JavaScript only: no TypeScript sources, no test or bench code', () => {
    const files = execFileSync('find', ['.', '-type', 'f'], { cwd: installed, encoding: 'utf8' }).trim().split('\n');
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /^\.\/(test|bench|fuzz|scripts|lambdas)\//.test(f))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['./bin/an1261.js', './dist/cli/an1261.js', './dist/lib/index.js', './dist/lib/index.d.ts', './samples/config.json']));
    for (const handler of readdirSync(join(installed, 'dist/handlers'))) expect(existsSync(join(installed, 'dist/handlers', handler, 'index.mjs'))).toBe(true);
  });

  it('`an1261 --version` prints the package version without a TypeScript runtime', () => {
    const r = runCli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(manifest.version);
    expect(readFileSync(join(installed, 'bin/an1261.js'), 'utf8')).not.toMatch(/tsx/);
  });

  it('`an1261 replay` of the shipped samples finds the sample attack', () => {
    const r = runCli(['replay', join(installed, 'samples/logs'), '--config', join(installed, 'samples/config.json')]);
    expect(r.stderr).toMatch(/findings: 1 \(1 new\)/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/CRITICAL/);
    expect(r.stdout).toMatch(/payments/);
  });

  it('a CDK app in TypeScript imports the construct, type-checks and synthesizes from the prebuilt bundles', () => {
    // The shipped sample config, bound to real log group names (a deployment subscribes names, not patterns).
    const sample = JSON.parse(readFileSync(join(installed, 'samples/config.json'), 'utf8')) as { sources: Record<string, unknown> };
    const config = JSON.stringify({ ...sample, sources: { ...sample.sources, flowLogs: [{ logGroup: '/vpc/flow/prod' }], hostLogs: [{ logGroup: '/ec2/docker' }] } }, null, 2);
    writeFileSync(
      join(project, 'app.ts'),
      `import { App, Stack } from 'aws-cdk-lib';
import { An1261Detector, parseConfig, type Config } from 'an1261-detector';

const app = new App({ outdir: 'cdk.out' });
const stack = new Stack(app, 'Security', { env: { account: '111122223333', region: 'eu-west-1' } });
const config: Config = parseConfig(${config});
new An1261Detector(stack, 'Detector', { config });
app.synth();
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, skipLibCheck: true, types: ['node'], outDir: 'out' }, files: ['app.ts'] }),
    );
    const tsc = spawnSync(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    const synth = spawnSync(process.execPath, [join(project, 'out/app.js')], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    expect(synth.stderr).not.toMatch(/Error/);
    expect(synth.status).toBe(0);
    const template = JSON.parse(readFileSync(join(project, 'cdk.out/Security.template.json'), 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function' && (r.Properties.Environment as { Variables?: Record<string, string> } | undefined)?.Variables?.POWERTOOLS_SERVICE_NAME);
    expect(functions.length).toBeGreaterThanOrEqual(5);
    for (const fn of functions) expect(fn.Properties).toMatchObject({ Handler: 'index.handler', Runtime: 'nodejs24.x' });
    // Each function's asset holds the prebuilt bundle and the effective config beside it.
    const assets = readdirSync(join(project, 'cdk.out')).filter((d) => d.startsWith('asset.'));
    const bundles = assets.filter((d) => existsSync(join(project, 'cdk.out', d, 'index.mjs')));
    expect(bundles.length).toBeGreaterThanOrEqual(functions.length);
    for (const d of bundles) expect(JSON.parse(readFileSync(join(project, 'cdk.out', d, 'an1261.config.json'), 'utf8'))).toMatchObject({ internalCidrs: ['10.0.0.0/16'] });
  });
});
