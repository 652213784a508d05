/**
 * Peak memory of the input reader on hostile input, in a process of its own:
 *   node -r tsx/cjs test/cli/input/measure-reader.ts gen <export|bomb-newlines|bomb-zeros|line> <MB> <file>
 *   node -r tsx/cjs test/cli/input/measure-reader.ts read <file>
 * `read` prints one JSON line: peak RSS (MB), records decoded, rejects by reason, input faults.
 * The full-size run by hand: `gen bomb-newlines 1024 /tmp/bomb.gz` then `read /tmp/bomb.gz`.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { readInputFile } from '../../../lambdas/cli/input-files';
import { SourceRouter } from '../../../lambdas/core/envelopes/source-router';

const MB = 1024 * 1024;

async function put(out: Writable, data: string | Buffer): Promise<void> {
  if (!out.write(data)) await once(out, 'drain');
}

async function generate(kind: string, mb: number, file: string): Promise<void> {
  const target = mb * MB;
  const fileOut = createWriteStream(file);
  const gzip = kind.startsWith('bomb') ? createGzip({ level: 1 }) : undefined;
  if (gzip) gzip.pipe(fileOut);
  const out: Writable = gzip ?? fileOut;
  let written = 0;
  if (kind === 'export') {
    await put(out, '{\n    "events": [\n');
    for (let i = 0; written < target; i++) {
      const message = `2 111122223333 eni-0a1b2c3d${i % 97} 10.0.${i % 250}.5 203.0.113.${i % 200} 49152 443 6 10 840 1762049645 1762049705 ACCEPT OK`;
      const ev = `${i ? ',\n' : ''}        {\n            "logStreamName": "eni-0a1b2c3d-all",\n            "timestamp": ${1762049645000 + i},\n            "message": "${message}",\n            "ingestionTime": ${1762049705000 + i},\n            "eventId": "${String(i).padStart(56, '0')}"\n        }`;
      await put(out, ev);
      written += ev.length;
    }
    await put(out, '\n    ],\n    "searchedLogStreams": [\n        {"logStreamName": "eni-0a1b2c3d-all", "searchedCompletely": true}\n    ]\n}\n');
  } else if (kind === 'bomb-newlines' || kind === 'bomb-zeros') {
    const block = Buffer.alloc(MB, kind === 'bomb-zeros' ? 0 : 0x0a);
    for (; written < target; written += block.length) await put(out, block);
  } else if (kind === 'line') {
    const block = Buffer.alloc(MB, 0x61);
    for (; written < target; written += block.length) await put(out, block);
    await put(out, '\n2 111122223333 eni-0a1b2c3d 10.0.1.5 203.0.113.9 49152 443 6 10 840 1762049645 1762049705 ACCEPT OK\n');
  } else throw new Error(`unknown kind ${kind}`);
  out.end();
  await once(fileOut, 'close');
}

async function read(file: string): Promise<void> {
  const router = new SourceRouter({ flowLogs: [], hostLogs: [] } as never);
  let records = 0;
  const rejected: Record<string, number> = {};
  const faults: string[] = [];
  const started = Date.now();
  for await (const chunk of readInputFile(file, { router })) {
    for (const b of chunk.batches) records += b.records.length;
    for (const [k, v] of chunk.tally.rejected) rejected[k] = (rejected[k] ?? 0) + v;
    if (chunk.inputError) faults.push(chunk.inputError.reason);
  }
  // maxRSS is in kilobytes.
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify({ peakRssMb, records, rejected, faults, ms: Date.now() - started })}\n`);
}

const [cmd, a, b, c] = process.argv.slice(2);
(cmd === 'gen' ? generate(a ?? '', Number(b), c ?? '') : read(a ?? '')).catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exit(1);
});
