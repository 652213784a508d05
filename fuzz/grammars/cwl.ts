/**
 * CloudWatch Logs subscription events: random payloads carrying lines of the other sources, in
 * every wrapping (decoded payload, Lambda `awslogs` envelope, Kinesis records, CLI export), and a
 * layered mutation that reaches inside base64(gzip(json)).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { hostileValue } from '../hostile';
import { mutateBytes, mutateJson } from '../mutate';
import type { Rng } from '../rng';
import { instanceId, word } from './common';
import { eksAuditDocument } from './eks-audit';
import { cloudTrailRecord, ecrEvent } from './ecr';
import { auditdText, dockerdText } from './host';
import { flowLogText } from './vpc-flow';
import { stringify } from '../json-text';

const GROUPS = ['/aws/eks/prod-cluster/cluster', '/aws/eks/x/cluster', '/vpc/flow/prod', '/ec2/docker-ci', '/fuzz/other', '', '/aws/eks//cluster'];

function messages(rng: Rng, group: string): string[] {
  const pick = group.startsWith('/aws/eks/') && rng.chance(0.8) ? 0 : rng.int(0, 5);
  switch (pick) {
    case 0: return eksAuditDocument(rng).split('\n').map((l) => (l.startsWith('[') ? l.slice(1, -1) : l));
    case 1: return flowLogText(rng).split('\n');
    case 2: return dockerdText(rng).split('\n');
    case 3: return auditdText(rng).split('\n');
    case 4: return [JSON.stringify(cloudTrailRecord(rng))];
    default: return [JSON.stringify(ecrEvent(rng))];
  }
}

export function cwlPayloadValue(rng: Rng): Record<string, unknown> {
  const logGroup = rng.pick(GROUPS);
  const logStream = logGroup.startsWith('/aws/eks/') ? rng.pick(['kube-apiserver-audit-0a1b', 'authenticator-0a1b', 'kube-apiserver-audit-']) : rng.pick([instanceId(rng), 'eni-0123-all', word(rng)]);
  const ids = new Set<string>();
  const logEvents = messages(rng, logGroup).map((message, i) => {
    const id = rng.chance(0.1) && ids.size > 0 ? [...ids][0]! : String(37960001793581920000000n + BigInt(i));
    ids.add(id);
    const e: Record<string, unknown> = { id, timestamp: rng.chance(0.95) ? 1793581920000 + i : hostileValue(rng, 0.01), message };
    if (rng.chance(0.03)) delete e[rng.pick(['id', 'timestamp', 'message'])];
    return e;
  });
  return { messageType: rng.chance(0.95) ? 'DATA_MESSAGE' : 'CONTROL_MESSAGE', owner: rng.pick(['111122223333', 'CloudwatchLogs', '']), logGroup, logStream, subscriptionFilters: ['f'], logEvents };
}

function encode(payload: unknown, rng: Rng): string {
  let bytes: Buffer = Buffer.from(stringify(payload), 'utf8');
  if (rng.chance(0.9)) bytes = gzipSync(bytes, { level: 1 });
  if (rng.chance(0.1)) bytes = mutateBytes(bytes, rng, bytes);
  const b64 = bytes.toString('base64');
  return rng.chance(0.95) ? b64 : rng.pick([b64.replace(/=+$/, ''), b64.slice(0, -3), `${b64}!!`, '', bytes.toString('base64url')]);
}

export function wrap(payload: Record<string, unknown>, rng: Rng): unknown {
  switch (rng.int(0, 5)) {
    case 0: return payload;
    case 1: case 2: return { awslogs: { data: encode(payload, rng) } };
    case 3: return { Records: Array.from({ length: rng.int(1, 3) }, () => ({ kinesis: { data: encode(payload, rng), partitionKey: 'k' }, eventSource: 'aws:kinesis' })) };
    case 4: return { events: (payload.logEvents as Array<Record<string, unknown>>).map((e) => ({ timestamp: e.timestamp, message: e.message, logStreamName: payload.logStream, eventId: e.id })) };
    default: return [payload, { awslogs: { data: encode(payload, rng) } }];
  }
}

export function cwlEventText(rng: Rng): string {
  return stringify(wrap(cwlPayloadValue(rng), rng));
}

function decodeData(data: string): unknown {
  const buf = Buffer.from(data, 'base64');
  return JSON.parse((buf[0] === 0x1f ? gunzipSync(buf) : buf).toString('utf8'));
}

/** Mutates the innermost payload it can reach (through awslogs / Kinesis data), re-encoding it. */
export function mutateCwl(value: unknown, rng: Rng): unknown {
  const v = value as { awslogs?: { data?: unknown }; Records?: Array<{ kinesis?: { data?: unknown } }> } | null;
  const holder = typeof v?.awslogs?.data === 'string' ? v.awslogs : Array.isArray(v?.Records) && typeof v.Records[0]?.kinesis?.data === 'string' ? v.Records[0].kinesis : undefined;
  if (holder && rng.chance(0.85)) {
    try {
      holder.data = encode(mutateJson(decodeData(holder.data as string), rng), rng);
      return value;
    } catch {
      // undecodable inner data: mutate the envelope itself
    }
  }
  return mutateJson(value, rng);
}
