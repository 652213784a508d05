/**
 * CloudWatch Logs subscription events as Lambda receives them: `{"awslogs":{"data":
 * base64(gzip(JSON payload))}}`, built from log lines with their event times.
 */
import { gzipSync } from 'node:zlib';

export interface LogLine {
  timestamp: number;
  message: string;
}

export interface CwlEvent {
  awslogs: { data: string };
}

/** Sizes of one envelope, for MB/s figures and for checking it fits a Lambda event. */
export interface CwlEventSizes {
  /** Sum of the log messages' UTF-8 bytes: what a "GB of flow logs" counts. */
  messageBytes: number;
  /** The decoded JSON payload. */
  payloadBytes: number;
  /** The base64 text Lambda receives. */
  base64Bytes: number;
}

export function cwlEvent(logGroup: string, logStream: string, lines: readonly LogLine[], owner = '111122223333'): { event: CwlEvent; sizes: CwlEventSizes } {
  const payload = JSON.stringify({
    messageType: 'DATA_MESSAGE',
    owner,
    logGroup,
    logStream,
    subscriptionFilters: ['an1261'],
    logEvents: lines.map((l, i) => ({ id: `${String(l.timestamp).padStart(16, '0')}${String(i).padStart(6, '0')}`, timestamp: l.timestamp, message: l.message })),
  });
  const data = gzipSync(payload).toString('base64');
  let messageBytes = 0;
  for (const l of lines) messageBytes += Buffer.byteLength(l.message);
  return { event: { awslogs: { data } }, sizes: { messageBytes, payloadBytes: Buffer.byteLength(payload), base64Bytes: data.length } };
}
