/**
 * How each Lambda is bundled, mirroring the CDK construct (lib/detector-function.ts: NodejsFunction
 * with ESM output, minify, source map, `@aws-sdk/*` external because the Node.js 22/24 runtimes
 * ship SDK v3, and the createRequire banner for CommonJS dependencies). Keep the two in step.
 * The alternative that bundles the SDK too (pinning its version) is sized for comparison.
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
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    external: ['@aws-sdk/*'],
    metafile: true,
    logLevel: 'silent',
  };
}

/** The same bundle with the SDK inside: what "external nothing" would deploy. */
export function sdkBundledOptions(entry: string, outfile: string): BuildOptions {
  return { ...deployedBundleOptions(entry, outfile), external: [], sourcemap: false };
}
