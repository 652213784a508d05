/**
 * How each Lambda is bundled, mirroring the CDK construct (lib/detector-function.ts: NodejsFunction
 * with ESM output, minify, source map, the pinned SDK bundled in, and the createRequire banner for
 * CommonJS dependencies). Keep the two in step. The alternative that leaves `@aws-sdk/*` to the
 * runtime's copy is sized for comparison.
 */
import type { BuildOptions } from 'esbuild';

export const HANDLER_NAMES = ['eks-audit', 'flow-logs', 'flow-logs-stream', 'host-logs', 'ecr-events', 'publish'] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

export function deployedBundleOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    // The Lambda runtime is Node.js 24 (NODEJS_24_X); node22 emits the same code for these sources and also loads on the local Node.
    target: 'node22',
    format: 'esm',
    minify: true,
    sourcemap: true,
    // Node with --enable-source-maps reads and parses the map when it loads the bundle: without the
    // sources inside (3.4 → 1.1 MB) stack traces still map to file:line, and the cold start is shorter.
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    external: [],
    metafile: true,
    logLevel: 'silent',
  };
}

/** The same bundle with `@aws-sdk/*` left to the Lambda runtime: the alternative, sized for comparison. */
export function runtimeSdkOptions(entry: string, outfile: string): BuildOptions {
  return { ...deployedBundleOptions(entry, outfile), external: ['@aws-sdk/*'], sourcemap: false };
}
