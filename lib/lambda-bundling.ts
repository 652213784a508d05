/**
 * How every Lambda is bundled, in one place: the CDK construct (NodejsFunction, from the TypeScript
 * sources of a checkout), `npm run build` (the prebuilt bundles an installed package deploys) and
 * the cold-start benchmark all derive their esbuild options from these settings.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type HandlerEntry, INGEST_ENTRIES } from '../lambdas/contract';

/** The Lambda entry points: `lambdas/handlers/<name>.handler.ts`, each exporting `handler` (names from the contract). */
export const HANDLER_NAMES: readonly HandlerEntry[] = [...INGEST_ENTRIES, 'publish'];
export type HandlerName = HandlerEntry;

export const LAMBDA_BUNDLING = {
  format: 'esm',
  // The Lambda runtime is Node.js 24 (NODEJS_24_X); node22 emits the same code for these sources and
  // also loads on the Node.js 20 a checkout may run (tests and benchmark load the bundles).
  target: 'node22',
  minify: true,
  sourceMap: true,
  // File and line in stack traces without a copy of every source in the map: Node reads and parses
  // the map at load (--enable-source-maps), and without the sources it is a third the size (3.4 → 1.1 MB).
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // ESM output still meets CommonJS dependencies that call require().
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  // The SDK is bundled too: the pinned, tested version, and one file to load instead of hundreds
  // from the runtime's node_modules.
  externalModules: [] as string[],
} as const;

/** The TypeScript entry of a handler in a checkout (absent from an installed package). */
export function handlerSourceEntry(root: string, name: string): string {
  return join(root, 'lambdas', 'handlers', `${name}.handler.ts`);
}

/** Where `npm run build` writes a handler's bundle (`index.mjs`, exporting `handler`). */
export function prebuiltHandlerDir(root: string, name: string): string {
  return join(root, 'dist', 'handlers', name);
}

/**
 * The package's root folder: the repository in a checkout (this file is lib/lambda-bundling.ts), the
 * installed package's folder when compiled (dist/lib/lambda-bundling.js).
 */
export function packageRoot(dir: string = __dirname): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) throw new Error(`an1261-detector: no package.json above ${dir}`);
  }
}
