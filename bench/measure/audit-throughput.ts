/**
 * Figure 2: EKS audit throughput on one CloudWatch Logs batch of the audit log group. Full path:
 * JsonDecoder (base64, gunzip, JSON payload, routing `/aws/eks/<cluster>/cluster`) and the
 * eks-audit normalizer (parse each event, dedupe stages, filter, rules). Floor: base64 decode,
 * gunzip, JSON.parse of the payload and JSON.parse of every event: the least any reader must do to
 * hold the events as objects.
 */
import { gunzipSync } from 'node:zlib';
import { AUDIT_LOG_GROUP, AUDIT_LOG_STREAM } from '../bench-config';
import { type CwlEvent, cwlEvent } from '../lib/cwl';
import { AuditMix } from '../generate/audit-mix';
import type { FloorTimingOptions } from './floor-ratio';
import { type IngestThroughput, measureIngestThroughput } from './ingest-throughput';

function floorOf(event: CwlEvent): number {
  const payload = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as { logEvents: Array<{ message: string }> };
  let n = 0;
  for (const e of payload.logEvents) if ((JSON.parse(e.message) as { auditID?: string }).auditID) n++;
  return n;
}

export function measureAuditThroughput(records: number, seed: number, timing: FloorTimingOptions): IngestThroughput {
  const mix = new AuditMix(seed);
  const t0 = Date.parse('2026-11-02T00:00:00Z');
  const lines = Array.from({ length: records }, (_, i) => {
    const at = t0 + i * 20;
    return { timestamp: at, message: JSON.stringify(mix.next(at)) };
  });
  const batch = { ...cwlEvent(AUDIT_LOG_GROUP, AUDIT_LOG_STREAM, lines), records };
  return measureIngestThroughput(batch, floorOf, timing, (summary) => Object.values(summary.signals).reduce((a, b) => a + b, 0));
}
