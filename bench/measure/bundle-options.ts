/**
 * How each Lambda is bundled for the cold-start figure: exactly as deployed (scripts/handler-bundles.ts,
 * from the one set of settings in lib/lambda-bundling.ts that the construct and `npm run build` use).
 * The alternative that leaves `@aws-sdk/*` to the runtime's copy is sized for comparison.
 */
import type { BuildOptions } from 'esbuild';
import { handlerBundleOptions } from '../../scripts/handler-bundles';

export { HANDLER_NAMES, type HandlerName } from '../../scripts/handler-bundles';

export function deployedBundleOptions(entry: string, outfile: string): BuildOptions {
  return handlerBundleOptions(entry, outfile);
}

/** The same bundle with `@aws-sdk/*` left to the Lambda runtime: the alternative, sized for comparison. */
export function runtimeSdkOptions(entry: string, outfile: string): BuildOptions {
  return { ...deployedBundleOptions(entry, outfile), external: ['@aws-sdk/*'], sourcemap: false };
}
