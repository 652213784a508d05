/** esbuild options of a Lambda bundle, from the one set of settings the construct also uses (lib/lambda-bundling.ts). */
import type { BuildOptions } from 'esbuild';
import { LAMBDA_BUNDLING } from '../lib/lambda-bundling';

export { HANDLER_NAMES, type HandlerName } from '../lib/lambda-bundling';

export function handlerBundleOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: LAMBDA_BUNDLING.target,
    format: LAMBDA_BUNDLING.format,
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourceMap,
    sourcesContent: LAMBDA_BUNDLING.sourcesContent,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    banner: { js: LAMBDA_BUNDLING.banner },
    external: [...LAMBDA_BUNDLING.externalModules],
    metafile: true,
    logLevel: 'silent',
  };
}
