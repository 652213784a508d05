/**
 * The alternative bundle the cold-start figure sizes and loads for comparison: the deployed one
 * (scripts/handler-bundles.ts, from lib/lambda-bundling.ts) with `@aws-sdk/*` left to the runtime's copy.
 */
import type { BuildOptions } from 'esbuild';
import { handlerBundleOptions } from '../../scripts/handler-bundles';

export function runtimeSdkOptions(entry: string, outfile: string): BuildOptions {
  return { ...handlerBundleOptions(entry, outfile), external: ['@aws-sdk/*'], sourcemap: false };
}
