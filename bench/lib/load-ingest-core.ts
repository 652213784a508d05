/** Bundles lib/ingest-core.ts with esbuild (node, cjs, as the handlers' bundles scope-hoist it) and loads it once. */
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { REPO_ROOT } from '../bench-config';

export type IngestCore = typeof import('./ingest-core');

let loaded: IngestCore | undefined;

export function loadIngestCore(): IngestCore {
  if (!loaded) {
    const outfile = join(REPO_ROOT, 'bench', 'out', 'bundles', `ingest-core-${process.pid}.cjs`);
    buildSync({ entryPoints: [join(__dirname, 'ingest-core.ts')], outfile, bundle: true, platform: 'node', target: 'node22', format: 'cjs', logLevel: 'silent' });
    loaded = require(outfile) as IngestCore;
    unlinkSync(outfile); // loaded: the file per process is no longer needed
  }
  return loaded;
}
