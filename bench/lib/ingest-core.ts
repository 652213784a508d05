/**
 * The ingest path up to the correlator, as one entry: the throughput figures load it bundled by
 * esbuild (load-ingest-core.ts), the shape the Lambdas deploy — one scope, without the per-module
 * export getters of the TypeScript loader that runs the rest of the benchmark.
 */
export { BatchCollector } from '../../lambdas/core/envelopes/batch-collector';
export { JsonDecoder } from '../../lambdas/core/envelopes/decode-json';
export { SourceRouter } from '../../lambdas/core/envelopes/source-router';
export { Tally } from '../../lambdas/core/model/normalize-result';
export { compileSettings } from '../../lambdas/core/model/settings';
export { normalizeSource } from '../../lambdas/core/sources/normalize-source';
