/**
 * A fake HTTP handler for real SDK clients: it answers every request with a 200 (or what `respond`
 * returns) and records what was sent, so the SDK's serializer, retry strategy and deserializer all run
 * while nothing leaves the process. Used where no local service speaks the API (SQS, SNS, Security Hub).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** What the SDK handed to the transport. */
export interface SentRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface FakeResponse {
  statusCode?: number;
  headers?: Record<string, string>;
  body: string;
}

export interface FakeHttp {
  /** Every request the transport received (attempts stopped by an injected fault never get here). */
  sent: SentRequest[];
  /** The value for a client's `requestHandler`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handler: any;
}

/** A request body as text (the JSON protocols hand over bytes, the query protocol a string). */
function bodyText(body: unknown): string {
  if (body === undefined) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return String(body);
}

export function fakeHttp(respond: (request: SentRequest) => FakeResponse): FakeHttp {
  const sent: SentRequest[] = [];
  const handler = {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: { method: string; path: string; headers: Record<string, string>; body?: unknown }) {
      const seen: SentRequest = { method: request.method, path: request.path, headers: { ...request.headers }, body: bodyText(request.body) };
      sent.push(seen);
      const r = respond(seen);
      return { response: { statusCode: r.statusCode ?? 200, headers: { 'x-amzn-requestid': `fake-${sent.length}`, ...(r.headers ?? {}) }, body: Readable.from([Buffer.from(r.body, 'utf8')]) } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
  return { sent, handler };
}

/** Hex MD5, as SQS reports MD5OfMessageBody (the SQS client checks it). */
export const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** An SQS (JSON protocol) SendMessageBatch answer accepting every entry sent. */
export function sqsAcceptAll(request: SentRequest): FakeResponse {
  const input = JSON.parse(request.body) as { Entries: { Id: string; MessageBody: string }[] };
  return {
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: JSON.stringify({ Successful: input.Entries.map((e, i) => ({ Id: e.Id, MessageId: `m-${i}`, MD5OfMessageBody: md5(e.MessageBody) })), Failed: [] }),
  };
}

/** A Security Hub BatchImportFindings answer importing every finding sent. */
export function securityHubAcceptAll(request: SentRequest): FakeResponse {
  const input = JSON.parse(request.body) as { Findings: unknown[] };
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ FailedCount: 0, SuccessCount: input.Findings.length, FailedFindings: [] }) };
}

/** An SNS (query protocol) Publish answer. */
export function snsPublished(): FakeResponse {
  return {
    headers: { 'content-type': 'text/xml' },
    body: '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>msg-1</MessageId></PublishResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PublishResponse>',
  };
}

/** Region and credentials for a client that never leaves the process. */
export const OFFLINE = { region: 'us-east-1', credentials: { accessKeyId: 'chaos', secretAccessKey: 'chaos' } } as const;
