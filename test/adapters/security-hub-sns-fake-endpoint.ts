/**
 * A loopback HTTP endpoint that answers like Security Hub (REST JSON BatchImportFindings, and
 * GetFindings by Id over what was imported, as `securityhub-get`), SNS
 * (query protocol Publish) and STS (GetCallerIdentity), so tests exercise the real SDK clients:
 * signing, serialization, AWS_ENDPOINT_URL resolution and the SDK retry strategy. Faults
 * (throttling, 5xx) are scripted per service; every request is recorded.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeService = 'securityhub' | 'securityhub-get' | 'sns' | 'sts';

export interface FakeRequest {
  service: FakeService;
  /** JSON body (Security Hub) or form fields (SNS, STS). */
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

export type Fault = 'throttle' | '5xx';

const SNS_NS = 'http://sns.amazonaws.com/doc/2010-03-31/';

function serviceOf(req: IncomingMessage, form: URLSearchParams): FakeService {
  if (req.url?.startsWith('/findings/import')) return 'securityhub';
  if (req.url?.startsWith('/findings')) return 'securityhub-get';
  return form.get('Action') === 'GetCallerIdentity' ? 'sts' : 'sns';
}

export class FakeAwsEndpoint {
  readonly requests: FakeRequest[] = [];
  private readonly faults: Record<FakeService, Fault[]> = { securityhub: [], 'securityhub-get': [], sns: [], sts: [] };
  /** What BatchImportFindings accepted, by Id (the latest import of each). */
  readonly imported = new Map<string, Record<string, unknown>>();
  private server?: Server;
  private messageIds = 0;
  endpoint = '';

  /** The next requests to `service` fail with these faults, in order; then requests succeed. */
  fail(service: FakeService, ...faults: Fault[]): void {
    this.faults[service].push(...faults);
  }

  of(service: FakeService): FakeRequest[] {
    return this.requests.filter((r) => r.service === service);
  }

  reset(): void {
    this.requests.length = 0;
    this.imported.clear();
    for (const k of Object.keys(this.faults) as FakeService[]) this.faults[k] = [];
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const form = new URLSearchParams(req.headers['content-type']?.includes('x-www-form-urlencoded') ? text : '');
        const service = serviceOf(req, form);
        const body = service.startsWith('securityhub') ? (JSON.parse(text || '{}') as Record<string, unknown>) : Object.fromEntries(form);
        this.requests.push({ service, body, headers: req.headers });
        const fault = this.faults[service].shift();
        const [status, headers, payload] = fault ? this.faultResponse(service, fault) : this.success(service, body);
        res.writeHead(status, { 'content-length': Buffer.byteLength(payload), ...headers });
        res.end(payload);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private success(service: FakeService, body: Record<string, unknown>): [number, Record<string, string>, string] {
    if (service === 'securityhub-get') {
      const ids = new Set(((body.Filters as { Id?: Array<{ Value: string }> } | undefined)?.Id ?? []).map((f) => f.Value));
      return [200, { 'content-type': 'application/json' }, JSON.stringify({ Findings: [...this.imported.values()].filter((f) => ids.has(f.Id as string)) })];
    }
    if (service === 'securityhub') {
      const n = Array.isArray(body.Findings) ? body.Findings.length : 0;
      for (const f of (body.Findings ?? []) as Array<Record<string, unknown>>) this.imported.set(f.Id as string, f);
      return [200, { 'content-type': 'application/json' }, JSON.stringify({ FailedCount: 0, SuccessCount: n, FailedFindings: [] })];
    }
    if (service === 'sts') {
      return [200, { 'content-type': 'text/xml' }, '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::777788889999:user/backfill</Arn><UserId>AIDAEXAMPLE</UserId><Account>777788889999</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-sts</RequestId></ResponseMetadata></GetCallerIdentityResponse>'];
    }
    const id = `00000000-0000-4000-8000-${String(++this.messageIds).padStart(12, '0')}`;
    return [200, { 'content-type': 'text/xml' }, `<PublishResponse xmlns="${SNS_NS}"><PublishResult><MessageId>${id}</MessageId></PublishResult><ResponseMetadata><RequestId>r-${id}</RequestId></ResponseMetadata></PublishResponse>`];
  }

  private faultResponse(service: FakeService, fault: Fault): [number, Record<string, string>, string] {
    if (service.startsWith('securityhub')) {
      return fault === 'throttle'
        ? [429, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' }, JSON.stringify({ message: 'Rate exceeded' })]
        : [503, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalException' }, JSON.stringify({ message: 'Service unavailable' })];
    }
    const [status, code] = fault === 'throttle' ? [400, 'Throttling'] : [500, 'InternalError'];
    return [status, { 'content-type': 'text/xml' }, `<ErrorResponse xmlns="${SNS_NS}"><Error><Type>${status === 400 ? 'Sender' : 'Receiver'}</Type><Code>${code}</Code><Message>${fault === 'throttle' ? 'Rate exceeded' : 'Internal error'}</Message></Error><RequestId>r-err</RequestId></ErrorResponse>`];
  }
}
