/**
 * `npm run build` (run by `npm ci` through `prepare`, and by `npm pack`): what the package ships.
 *
 * - dist/cli/an1261.js: the command line, one CommonJS file of our code (esbuild); its dependencies
 *   stay packages required from node_modules, and the SDK clients only some commands use are still
 *   loaded on first use (dynamic imports stay lazy).
 * - dist/lib/**: the CDK construct library (tsc, with type definitions), entry dist/lib/index.js.
 * - dist/handlers/<name>/index.mjs: each Lambda bundled as the construct deploys it, so an installed
 *   package synthesizes without esbuild or the TypeScript sources.
 *
 * `--cli` builds only the command line (a fraction of a second: `npm start` and the benchmark use it);
 * `--out DIR` writes elsewhere than dist/ (the package test builds a staged copy, leaving dist/ alone).
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { errorMessage } from '../lambdas/core/util/errors';
import { handlerSourceEntry } from '../lib/lambda-bundling';
import { HANDLER_NAMES, handlerBundleOptions } from './handler-bundles';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');

export async function buildCli(dist: string = DIST): Promise<void> {
  await build({
    entryPoints: [join(ROOT, 'lambdas/cli/an1261.ts')],
    outfile: join(dist, 'cli/an1261.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Our code in one file (one read and compile instead of ~300 module loads); npm packages stay
    // external, resolved from the installing project's node_modules as declared in package.json.
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

async function buildHandlers(dist: string): Promise<void> {
  await Promise.all(
    HANDLER_NAMES.map((name) => build(handlerBundleOptions(handlerSourceEntry(ROOT, name), join(dist, 'handlers', name, 'index.mjs')))),
  );
}

function buildLibrary(dist: string): void {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dist], { stdio: 'inherit' });
}

async function main(argv: string[]): Promise<void> {
  const t0 = Date.now();
  const outAt = argv.indexOf('--out');
  const dist = outAt >= 0 ? resolve(argv[outAt + 1] ?? '') : DIST;
  if (outAt >= 0 && !argv[outAt + 1]) throw new Error('--out needs a folder');
  if (argv.includes('--cli')) {
    await buildCli(dist);
    return;
  }
  rmSync(dist, { recursive: true, force: true });
  await buildCli(dist);
  await buildHandlers(dist);
  buildLibrary(dist);
  process.stderr.write(`build: ${dist} (cli, ${HANDLER_NAMES.length} Lambda bundles, construct library) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`build failed: ${errorMessage(e)}\n`);
    process.exit(1);
  });
}
