/**
 * Figure 2: EKS audit throughput on one CloudWatch Logs batch of the audit log group. Full path:
 * JsonDecoder (base64, gunzip, JSON payload, routing `/aws/eks/<cluster>/cluster`) and the
 * eks-audit normalizer (parse each event, dedupe stages, filter, rules). Floor: base64 decode,
 * gunzip, JSON.parse of the payload and JSON.parse of every event: the least any reader must do to
 * hold the events as objects.
 */
import { gunzipSync } from 'node:zlib';
import { AUDIT_LOG_GROUP, AUDIT_LOG_STREAM, benchConfig } from '../bench-config';
import { type CwlEvent, cwlEvent } from '../lib/cwl';
import { loadIngestCore } from '../lib/load-ingest-core';
import { AuditMix } from '../generate/audit-mix';
import { type FloorTimingOptions, timeAgainstFloor } from './floor-ratio';
import type { IngestThroughput } from './flow-throughput';

function floorOf(event: CwlEvent): number {
  const payload = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as { logEvents: Array<{ message: string }> };
  let n = 0;
  for (const e of payload.logEvents) if ((JSON.parse(e.message) as { auditID?: string }).auditID) n++;
  return n;
}

export function measureAuditThroughput(records: number, seed: number, timing: FloorTimingOptions): IngestThroughput {
  const { BatchCollector, JsonDecoder, SourceRouter, Tally, compileSettings, normalizeSource } = loadIngestCore();
  const config = benchConfig();
  const settings = compileSettings(config);
  const mix = new AuditMix(seed);
  const t0 = Date.parse('2026-11-02T00:00:00Z');
  const lines = Array.from({ length: records }, (_, i) => {
    const at = t0 + i * 20;
    return { timestamp: at, message: JSON.stringify(mix.next(at)) };
  });
  const { event, sizes } = cwlEvent(AUDIT_LOG_GROUP, AUDIT_LOG_STREAM, lines);
  const decoder = new JsonDecoder({ router: new SourceRouter(config.sources) });

  let last: InstanceType<typeof Tally> = new Tally();
  const full = () => {
    const out = new BatchCollector();
    const tally = new Tally();
    decoder.decode(event, 'bench', out, tally);
    for (const b of out.batches) normalizeSource(b.source, b.records, b.ctx, settings, tally);
    last = tally;
  };
  const timingResult = timeAgainstFloor(full, () => floorOf(event), timing);
  const summary = last.summary();
  return {
    ...timingResult,
    records,
    messageBytes: sizes.messageBytes,
    base64Bytes: sizes.base64Bytes,
    recordsPerSec: records / (timingResult.fullMs / 1000),
    mbPerSec: sizes.messageBytes / 1e6 / (timingResult.fullMs / 1000),
    floorRecordsPerSec: records / (timingResult.floorMs / 1000),
    signals: Object.values(summary.signals).reduce((a, b) => a + b, 0),
    rejected: Object.values(summary.rejected).reduce((a, b) => a + b, 0),
  };
}
