/**
 * Figure 13: flow logs delivered to S3, read by the object reader the `s3-objects` Lambda and
 * `replay` share, each against its own decode floor, on the same flows as figure 1:
 *  - **text** (`.log.gz`, header line then records): full path = gunzip stream → lines → the
 *    vpc-flow normalizer; floor = gunzip of the same object and a split into lines;
 *  - **Parquet** (AWS's schema, Gzip pages, as AWS writes it): full path = row groups through range
 *    reads → one text line per row → the normalizer; floor = hyparquet decoding every column chunk
 *    of the same file (pages decompressed and decoded, no rows assembled: the least any reader does).
 * Rates are of flow-log text bytes (the unit costs are given per GB of, as for figure 1).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { SourceRouter } from '../../lambdas/core/envelopes/source-router';
import { Tally } from '../../lambdas/core/model/normalize-result';
import { compileSettings } from '../../lambdas/core/model/settings';
import { type ObjectBody, readObject } from '../../lambdas/core/objects/object-reader';
import type { AsyncBuffer } from '../../lambdas/core/objects/parquet-rows';
import { classifyObjectKey, isRefusal } from '../../lambdas/core/objects/object-key';
import { normalizeSource } from '../../lambdas/core/sources/normalize-source';
import { parseFlowFormat } from '../../lambdas/core/sources/vpc-flow/flow-format';
import { flowLogKey, flowLogParquetOfText } from '../../test/support/parquet-fixtures';
import { benchConfig } from '../bench-config';
import { FlowMix } from '../generate/flow-mix';
import { median, nowMs, quantile } from '../lib/stats';
import type { FloorTiming, FloorTimingOptions } from './floor-ratio';

export interface ObjectThroughput extends FloorTiming {
  records: number;
  /** Flow-log text bytes the object holds (what a GB is counted in). */
  textBytes: number;
  /** The object's size as stored. */
  objectBytes: number;
  recordsPerSec: number;
  mbPerSec: number;
  signals: number;
  rejected: number;
}

export interface S3FlowThroughput {
  text: ObjectThroughput;
  parquet: ObjectThroughput;
}

const ACCOUNT = '111122223333';

function memoryBody(bytes: Uint8Array): ObjectBody {
  return {
    async *stream() {
      for (let i = 0; i < bytes.length; i += 1 << 20) yield bytes.subarray(i, i + (1 << 20));
    },
    async open(): Promise<AsyncBuffer> {
      return { byteLength: bytes.length, slice: async (start: number, end?: number) => bytes.slice(start, end).buffer };
    },
  };
}

/** Interleaved rounds of two async paths; the 10th percentiles are compared (see floor-ratio.ts). */
async function timeAsyncAgainstFloor(full: () => Promise<unknown>, floor: () => Promise<unknown>, o: FloorTimingOptions): Promise<FloorTiming> {
  const time = async (fn: () => Promise<unknown>) => {
    const t0 = nowMs();
    await fn();
    return nowMs() - t0;
  };
  for (let i = 0; i < o.warmupRounds; i++) {
    await floor();
    await full();
  }
  const fulls: number[] = [];
  const floors: number[] = [];
  const t0 = nowMs();
  for (let round = 0; round < o.minRounds || nowMs() - t0 < o.budgetMs; round++) {
    if (round % 2 === 0) {
      floors.push(await time(floor));
      fulls.push(await time(full));
    } else {
      fulls.push(await time(full));
      floors.push(await time(floor));
    }
  }
  const fullMs = quantile(fulls, 0.1);
  const floorMs = quantile(floors, 0.1);
  return { fullMs, floorMs, ratio: fullMs / floorMs, fullMedianMs: median(fulls), floorMedianMs: median(floors), rounds: fulls.length };
}

export async function measureS3FlowThroughput(records: number, seed: number, timing: FloorTimingOptions): Promise<S3FlowThroughput> {
  const config = benchConfig();
  const settings = compileSettings(config);
  const router = new SourceRouter(config.sources);
  const mix = new FlowMix(seed);
  const host = mix.hosts[7]!;
  const startSec = Date.parse('2026-11-02T00:00:00Z') / 1000;
  const format = config.sources.flowLogs[0]!.format!;
  const header = parseFlowFormat(format).fields.join(' ');
  const lines = Array.from({ length: records }, () => mix.record(host, startSec, 60).line);
  const text = `${header}\n${lines.join('\n')}\n`;
  const textBytes = Buffer.byteLength(text) - header.length - 1;
  const gz = gzipSync(text);
  const parquet = flowLogParquetOfText(text, { codec: 'GZIP', rowGroupSize: 50_000 });

  const run = async (bytes: Uint8Array, format: 'text' | 'parquet') => {
    const key = flowLogKey({ account: ACCOUNT, region: 'us-east-1', day: '2026-11-02', format });
    const info = classifyObjectKey(key);
    if (isRefusal(info)) throw new Error(`bench key refused: ${info.reason}`);
    const tally = new Tally();
    for await (const chunk of readObject(memoryBody(bytes), { router, name: `s3://bench/${key}`, info })) {
      tally.merge(chunk.tally);
      for (const b of chunk.batches) normalizeSource(b.source, b.records, b.ctx, settings, tally);
    }
    return tally;
  };
  const measure = async (bytes: Uint8Array, format: 'text' | 'parquet', floor: () => Promise<unknown>): Promise<ObjectThroughput> => {
    let last = new Tally();
    const timed = await timeAsyncAgainstFloor(
      async () => {
        last = await run(bytes, format);
      },
      floor,
      timing,
    );
    const s = last.summary();
    const seconds = timed.fullMs / 1000;
    return {
      ...timed,
      records,
      textBytes,
      objectBytes: bytes.length,
      recordsPerSec: records / seconds,
      mbPerSec: textBytes / 1e6 / seconds,
      signals: s.signals.egress ?? 0,
      rejected: Object.values(s.rejected).reduce((a, n) => a + n, 0),
    };
  };
  const textFloor = async () => gunzipSync(gz).toString('utf8').split('\n').length;
  // Columns decoded (pages decompressed, values decoded), no rows assembled: the least any reader does.
  const parquetFloor = async () => {
    let values = 0;
    await parquetRead({ file: await memoryBody(parquet).open(), compressors, onChunk: (c) => (values += c.columnData.length) });
    return values;
  };
  return { text: await measure(gz, 'text', textFloor), parquet: await measure(parquet, 'parquet', parquetFloor) };
}
