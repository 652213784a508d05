/**
 * The publish Lambda entry (lambdas/handlers/publish.handler.ts) as Lambda loads it: environment
 * read at cold start (failing fast, naming the variable), middy + Powertools around the SQS
 * publisher, every AWS service reached through the standard endpoint variables: DynamoDB
 * (AWS_ENDPOINT_URL_DYNAMODB) is the embedded dynalite, Security Hub and SNS
 * (AWS_ENDPOINT_URL_SECURITYHUB / _SNS) a loopback fake that records the requests.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { EmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import { ENV, METRICS_NAMESPACE, PUBLISH_METRICS, metricsEmittedBy, serviceName } from '../../lambdas/contract';
import type { FindingUpdate } from '../../lambdas/core/model/finding';
import { FakeAwsEndpoint } from '../adapters/security-hub-sns-fake-endpoint';
import { escalatingChain, idempotencyStore, lambdaContext, sqsEvent, startEmbeddedDynamoDb } from './publish-fixtures';

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:an1261-findings';
const ENV_KEYS = [...Object.values(ENV), 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_SECURITYHUB', 'AWS_ENDPOINT_URL_SNS', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let db: EmbeddedDynamoDb;
let chain: FindingUpdate[];
let configFile: string;
const fake = new FakeAwsEndpoint();

function loadHandler(env: Record<string, string | undefined>): Handler {
  for (const k of ENV_KEYS) delete process.env[k];
  const endpoints = { AWS_ENDPOINT_URL_DYNAMODB: db.endpoint, AWS_ENDPOINT_URL_SECURITYHUB: fake.endpoint, AWS_ENDPOINT_URL_SNS: fake.endpoint };
  Object.assign(process.env, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' }, endpoints, env);
  let handler: Handler | undefined;
  // The cold-start log line is not under test here.
  const quiet = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    jest.isolateModules(() => {
      handler = (require('../../lambdas/handlers/publish.handler') as { handler: Handler }).handler;
    });
  } finally {
    quiet.mockRestore();
  }
  return handler!;
}

/** Runs the handler, returning its response and the JSON lines Powertools wrote (logs and EMF metrics). */
async function invoke(handler: Handler, event: SQSEvent) {
  const lines: Record<string, unknown>[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
    return true;
  });
  try {
    return { response: await handler(event, lambdaContext()), lines };
  } finally {
    spy.mockRestore();
  }
}

/** Names of the metrics in the EMF blobs of the handler's service (the cold-start blob is Powertools' own). */
function metricNames(lines: Record<string, unknown>[]): string[] {
  const blobs = lines.filter((l) => l._aws !== undefined && l.function_name === undefined) as Array<{ _aws: { CloudWatchMetrics: Array<{ Metrics: Array<{ Name: string }> }> } }>;
  return blobs.flatMap((b) => b._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((x) => x.Name)));
}

beforeAll(async () => {
  db = await startEmbeddedDynamoDb();
  await fake.start();
  chain = await escalatingChain(db);
  await idempotencyStore(db, 'an1261-idempotency');
  configFile = join(mkdtempSync(join(tmpdir(), 'an1261-publish-')), 'an1261.config.json');
  writeFileSync(configFile, JSON.stringify({ minNotifySeverity: 'HIGH' }));
});
afterAll(async () => {
  await fake.stop();
  await db.close();
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
});
beforeEach(() => fake.reset());

describe('Lambda entry: publish.handler', () => {
  it('publishes through middy and Powertools, with the config threshold and idempotency on DynamoDB', async () => {
    const handler = loadHandler({ IDEMPOTENCY_TABLE_NAME: 'an1261-idempotency', TOPIC_ARN: TOPIC, AN1261_CONFIG_FILE: configFile, POWERTOOLS_METRICS_NAMESPACE: 'AN1261' });
    const [, medium, high] = chain as [FindingUpdate, FindingUpdate, FindingUpdate];
    const event = sqsEvent(JSON.stringify(medium), JSON.stringify(high));

    const first = await invoke(handler, event);
    const again = await invoke(handler, event);

    expect(first.response).toEqual({ batchItemFailures: [] });
    expect(again.response).toEqual({ batchItemFailures: [] });
    expect(fake.of('securityhub').map((r) => (r.body.Findings as Array<{ Id: string }>).map((f) => f.Id))).toEqual([[`an1261/${high.finding.id}`]]);
    // minNotifySeverity HIGH from AN1261_CONFIG_FILE: MEDIUM stays silent, HIGH pages, once.
    expect(fake.of('sns').map((r) => r.body.Subject)).toEqual(['[HIGH, was MEDIUM] AN1261 image built on host i-0a1b2c3d4e5f60718 pushed']);
    const emf = first.lines.find((l) => l._aws !== undefined) as Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Namespace: string }> } };
    expect(emf._aws.CloudWatchMetrics[0]!.Namespace).toBe(METRICS_NAMESPACE);
    expect(metricNames(first.lines).filter((n) => !(metricsEmittedBy(serviceName('publish')) as readonly string[]).includes(n))).toEqual([]);
    expect(emf).toMatchObject({ service: 'an1261-publish', FindingMessagesReceived: 2, FindingsPublished: [1, 1], SecurityHubImported: 1, NotificationsSent: 1 });
    expect(first.lines.filter((l) => l.message === 'finding published').map((l) => [l.securityHub, l.sns, l.notifyReason]).sort()).toEqual([
      ['imported', 'sent', 'escalated'],
      ['superseded', 'silent', 'below-threshold'],
    ]);
    expect(first.lines.find((l) => l.message === 'finding published')).toMatchObject({ function_name: 'an1261-publish', level: 'INFO' });
  });

  it('counts a message it cannot publish under the metric the PublishFailures alarm watches', async () => {
    const handler = loadHandler({ IDEMPOTENCY_TABLE_NAME: 'an1261-idempotency', SECURITY_HUB_ENABLED: 'false' });

    // The warning (logged to stderr) is not under test here.
    const quiet = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { response, lines } = await invoke(handler, sqsEvent('not a finding')).finally(() => quiet.mockRestore());

    expect(response.batchItemFailures).toHaveLength(1);
    expect(lines.find((l) => l._aws !== undefined && l.service === serviceName('publish'))).toMatchObject({ [PUBLISH_METRICS.publishFailures]: 1 });
  });

  it('switches Security Hub off with SECURITY_HUB_ENABLED=false and SNS off without TOPIC_ARN', async () => {
    const handler = loadHandler({ IDEMPOTENCY_TABLE_NAME: 'an1261-idempotency', SECURITY_HUB_ENABLED: 'false' });

    const { response } = await invoke(handler, sqsEvent(JSON.stringify(chain[3])));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(fake.requests).toEqual([]);
  });

  it.each([
    [{}, 'IDEMPOTENCY_TABLE_NAME: required environment variable is not set'],
    [{ IDEMPOTENCY_TABLE_NAME: 't', SECURITY_HUB_ENABLED: 'yes' }, 'SECURITY_HUB_ENABLED: must be "true" or "false", got "yes"'],
    [{ IDEMPOTENCY_TABLE_NAME: 't', TOPIC_ARN: 'an1261-findings' }, 'TOPIC_ARN: "an1261-findings" is not an SNS topic ARN'],
  ])('fails at cold start naming the variable (%j)', (env, message) => {
    expect(() => loadHandler(env)).toThrow(message);
  });

  it('fails at cold start naming the config key', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'an1261-publish-')), 'an1261.config.json');
    writeFileSync(bad, JSON.stringify({ minNotifySeverity: 'URGENT' }));
    expect(() => loadHandler({ IDEMPOTENCY_TABLE_NAME: 't', AN1261_CONFIG_FILE: bad })).toThrow(/key "minNotifySeverity"/);
  });
});
