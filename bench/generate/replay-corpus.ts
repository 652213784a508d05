/**
 * The replay corpus: S3-delivered VPC flow-log files (header line, then records; gzip), each about
 * `fileBytes` of text, generated once into the output folder and reused while the manifest (seed,
 * sizes, generator version) matches. Gzip level 1 keeps generation of ~1 GB inside the time budget;
 * replay reads any level alike.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { FLOW_FIELDS, FlowMix } from './flow-mix';

const GENERATOR_VERSION = 1;

export interface CorpusFile {
  path: string;
  rawBytes: number;
  lines: number;
}

export interface Corpus {
  seed: number;
  version: number;
  fileBytes: number;
  files: CorpusFile[];
  generatedMs?: number;
}

async function writeFile(path: string, mix: FlowMix, fileBytes: number, startSec: number): Promise<{ rawBytes: number; lines: number; endSec: number }> {
  const gz = createGzip({ level: 1 });
  const out = createWriteStream(path);
  gz.pipe(out);
  let rawBytes = 0;
  let lines = 0;
  let chunk = `${FLOW_FIELDS}\n`;
  let t = startSec;
  while (rawBytes + chunk.length < fileBytes) {
    for (const host of mix.hosts) {
      // About 8 records per host and minute, weighted: a busy VPC's S3 delivery file.
      const n = host.weight;
      for (let k = 0; k < n; k++) chunk += `${mix.record(host, t, 60).line}\n`;
      lines += n;
    }
    t += 60;
    if (chunk.length > 1 << 20) {
      rawBytes += chunk.length;
      if (!gz.write(chunk)) await once(gz, 'drain');
      chunk = '';
    }
  }
  rawBytes += chunk.length;
  gz.end(chunk);
  await once(out, 'close');
  return { rawBytes, lines, endSec: t };
}

/** Files `flows-00.log.gz` … in `dir`, generated unless a matching manifest says they exist. */
export async function ensureCorpus(dir: string, files: number, fileBytes: number, seed: number): Promise<Corpus> {
  mkdirSync(dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Corpus;
    if (m.seed === seed && m.version === GENERATOR_VERSION && m.fileBytes === fileBytes && m.files.length >= files && m.files.every((f) => existsSync(f.path))) {
      return { ...m, files: m.files.slice(0, files) };
    }
  }
  const t0 = Date.now();
  const mix = new FlowMix(seed);
  let startSec = Date.parse('2026-11-02T00:00:00Z') / 1000;
  const out: CorpusFile[] = [];
  for (let i = 0; i < files; i++) {
    const path = join(dir, `flows-${String(i).padStart(2, '0')}.log.gz`);
    const r = await writeFile(path, mix, fileBytes, startSec);
    startSec = r.endSec;
    out.push({ path, rawBytes: r.rawBytes, lines: r.lines });
  }
  const corpus: Corpus = { seed, version: GENERATOR_VERSION, fileBytes, files: out, generatedMs: Date.now() - t0 };
  writeFileSync(manifestPath, `${JSON.stringify(corpus, null, 2)}\n`);
  return corpus;
}
