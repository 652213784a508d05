/**
 * The publisher's SQS batch work (lambdas/adapters/finding-publisher-sqs.ts with the real
 * FindingPublisher, Powertools BatchProcessor and idempotency on dynalite; Security Hub and SNS
 * mocked): nothing acknowledged before both destinations accepted it, nothing sent twice.
 */
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { EmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import { FindingPublisher, type PublishOutcome } from '../../lambdas/adapters/finding-publisher';
import { createSqsPublisher } from '../../lambdas/adapters/finding-publisher-sqs';
import { SecurityHubImporter } from '../../lambdas/adapters/security-hub-importer';
import { SnsNotifier } from '../../lambdas/adapters/sns-notifier';
import type { FindingUpdate } from '../../lambdas/core/model/finding';
import { toAsff } from '../../lambdas/core/publish/asff';
import { TARGET, escalatingChain, idempotencyStore, lambdaContext, sqsEvent, startEmbeddedDynamoDb } from './publish-fixtures';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:an1261-findings';
const THROTTLED = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429, attempts: 6 } });
const UNAVAILABLE = Object.assign(new Error('Service unavailable'), { name: 'InternalErrorException', $metadata: { httpStatusCode: 500, attempts: 6 } });

let db: EmbeddedDynamoDb;
let chain: FindingUpdate[];
let tables = 0;
const sh = mockClient(SecurityHubClient);
const sns = mockClient(SNSClient);

beforeAll(async () => {
  db = await startEmbeddedDynamoDb();
  chain = await escalatingChain(db);
});
afterAll(async () => {
  sh.restore();
  sns.restore();
  await db.close();
});
beforeEach(() => {
  sh.reset();
  sns.reset();
  sh.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ FailedCount: 0, SuccessCount: input.Findings.length, FailedFindings: [] }));
  let n = 0;
  sns.on(PublishCommand).callsFake(async () => ({ MessageId: `sns-${++n}` }));
});

/** A publisher Lambda body with a fresh idempotency table; `invoke` runs one SQS event through it. */
async function publisherLambda(options: { securityHub?: boolean; topic?: boolean } = {}) {
  const published: PublishOutcome[] = [];
  const table = `idempotency-${++tables}`;
  const run = createSqsPublisher({
    publisher: new FindingPublisher({
      securityHub: options.securityHub === false ? undefined : new SecurityHubImporter(new SecurityHubClient({ region: 'us-east-1' }), { sleep: async () => {} }),
      sns: options.topic === false ? undefined : new SnsNotifier(new SNSClient({ region: 'us-east-1' }), TOPIC),
      minNotifySeverity: 'MEDIUM',
    }),
    persistenceStore: await idempotencyStore(db, table),
    observer: { published: (o) => published.push(o) },
  });
  return { invoke: (event: SQSEvent): Promise<SQSBatchResponse> => run(event, lambdaContext()), published, table };
}

const body = (u: FindingUpdate) => JSON.stringify(u);
const imported = () => sh.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input.Findings!.map((f) => `${f.Id}@${f.UpdatedAt}`));
const subjects = () => sns.commandCalls(PublishCommand).map((c) => c.args[0].input.Subject);
const failedIds = (r: SQSBatchResponse) => r.batchItemFailures.map((f) => f.itemIdentifier);

describe('publish Lambda: SQS batch → Security Hub + SNS', () => {
  it('uses real correlator updates: one chain, four versions, one id', () => {
    expect(chain.map((u) => [u.finding.version, u.finding.severity, u.previousSeverity])).toEqual([
      [1, 'LOW', undefined],
      [2, 'MEDIUM', 'LOW'],
      [3, 'HIGH', 'MEDIUM'],
      [4, 'CRITICAL', 'HIGH'],
    ]);
  });

  it('imports the exact ASFF and sends the notification once for a message delivered three times', async () => {
    const lambda = await publisherLambda();
    const critical = chain[3]!;
    const message = { messageId: 'msg-critical', body: body(critical) };

    const responses = [await lambda.invoke(sqsEvent(message)), await lambda.invoke(sqsEvent(message)), await lambda.invoke(sqsEvent(message))];

    expect(responses).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(sh.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input)).toEqual([{ Findings: [toAsff(critical.finding, TARGET)] }]);
    const publishes = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(publishes).toHaveLength(1);
    expect(publishes[0]).toMatchObject({
      TopicArn: TOPIC,
      Subject: '[CRITICAL, was HIGH] AN1261 built on i-0a1b2c3d4e5f60718, pushed, deployed (prod/payments-api)',
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'CRITICAL' },
        cluster: { DataType: 'String', StringValue: 'prod' },
        account: { DataType: 'String', StringValue: '111122223333' },
        namespace: { DataType: 'String', StringValue: 'prod' },
      },
    });
    expect(publishes[0]!.Message).toContain('Severity raised from HIGH to CRITICAL (finding version 4).');
    expect(lambda.published.map((o) => [o.key, o.securityHub, o.sns])).toEqual([[`${critical.finding.id}#4`, 'imported', 'sent']]);
    // One idempotency record, keyed on the hash of "<finding id>#<version>", holding the outcome.
    const records = (await DynamoDBDocumentClient.from(db.client).send(new ScanCommand({ TableName: lambda.table }))).Items!;
    const hash = createHash('md5').update(JSON.stringify(`${critical.finding.id}#4`)).digest('base64');
    expect(records.map((r) => [r.id, r.status, r.data])).toEqual([[`an1261-publish#${hash}`, 'COMPLETED', { securityHub: 'imported', sns: 'sent', snsMessageId: 'sns-1' }]]);
    expect(records[0]!.expiration - Math.floor(Date.now() / 1000)).toBeGreaterThan(24 * 3600 - 60);
  });

  it('acknowledges a message it paged for when only recording it as published fails, so its redelivery does not page again', async () => {
    const store = await idempotencyStore(db, `idempotency-${++tables}`);
    // The COMPLETED record cannot be saved (the idempotency table failing after the SDK's retries).
    jest.spyOn(store as unknown as { _updateRecord: () => Promise<void> }, '_updateRecord').mockRejectedValueOnce(THROTTLED);
    const unrecorded: string[] = [];
    const failed: string[] = [];
    const run = createSqsPublisher({
      publisher: new FindingPublisher({ securityHub: new SecurityHubImporter(new SecurityHubClient({ region: 'us-east-1' }), { sleep: async () => {} }), sns: new SnsNotifier(new SNSClient({ region: 'us-east-1' }), TOPIC), minNotifySeverity: 'MEDIUM' }),
      persistenceStore: store,
      observer: { unrecorded: (r) => unrecorded.push(r.messageId), failed: (r) => failed.push(r.messageId) },
    });

    const response = await run(sqsEvent({ messageId: 'msg-unrecorded', body: body(chain[3]!) }), lambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(unrecorded).toEqual(['msg-unrecorded']);
    expect(failed).toEqual([]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('still fails a message whose in-progress record cannot be saved (nothing was published)', async () => {
    const store = await idempotencyStore(db, `idempotency-${++tables}`);
    jest.spyOn(store as unknown as { _putRecord: () => Promise<void> }, '_putRecord').mockRejectedValueOnce(THROTTLED);
    const run = createSqsPublisher({
      publisher: new FindingPublisher({ securityHub: new SecurityHubImporter(new SecurityHubClient({ region: 'us-east-1' }), { sleep: async () => {} }), sns: new SnsNotifier(new SNSClient({ region: 'us-east-1' }), TOPIC), minNotifySeverity: 'MEDIUM' }),
      persistenceStore: store,
    });

    const response = await run(sqsEvent({ messageId: 'msg-not-started', body: body(chain[3]!) }), lambdaContext());

    expect(failedIds(response)).toEqual(['msg-not-started']);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(sh.commandCalls(BatchImportFindingsCommand)).toHaveLength(0);
  });

  it('sends a new notification for an escalation, with the same Security Hub Id and a later UpdatedAt', async () => {
    const lambda = await publisherLambda();
    const [, medium, high, critical] = chain as [FindingUpdate, FindingUpdate, FindingUpdate, FindingUpdate];
    const moreEvidence: FindingUpdate = { finding: { ...critical.finding, version: 5, updatedAt: '2026-11-02T10:09:00.000Z' }, previousSeverity: 'CRITICAL', previouslySuppressed: false };

    for (const u of [medium, high, critical, moreEvidence]) expect(await lambda.invoke(sqsEvent(body(u)))).toEqual({ batchItemFailures: [] });

    const id = `an1261/${critical.finding.id}`;
    expect(imported()).toEqual([[`${id}@${medium.finding.updatedAt}`], [`${id}@${high.finding.updatedAt}`], [`${id}@${critical.finding.updatedAt}`], [`${id}@2026-11-02T10:09:00.000Z`]]);
    expect(subjects()).toEqual([
      '[MEDIUM, was LOW] AN1261 image built on host i-0a1b2c3d4e5f60718',
      '[HIGH, was MEDIUM] AN1261 image built on host i-0a1b2c3d4e5f60718 pushed',
      '[CRITICAL, was HIGH] AN1261 built on i-0a1b2c3d4e5f60718, pushed, deployed (prod/payments-api)',
    ]);
    expect(lambda.published.map((o) => o.notifyReason)).toEqual(['escalated', 'escalated', 'escalated', 'no-severity-increase']);
  });

  it('publishes the messages of one batch in one BatchImportFindings call and fails only the unreadable one', async () => {
    const lambda = await publisherLambda();
    const event = sqsEvent(body(chain[0]!), 'not json', body(chain[2]!), JSON.stringify({ finding: { id: 'x' } }));

    const response = await lambda.invoke(event);

    expect(failedIds(response)).toEqual([event.Records[1]!.messageId, event.Records[3]!.messageId]);
    // v1 and v3 of the same finding: Security Hub gets the newest, once.
    expect(imported()).toEqual([[`an1261/${chain[0]!.finding.id}@${chain[2]!.finding.updatedAt}`]]);
    expect(lambda.published.map((o) => [o.key.split('#')[1], o.securityHub, o.sns]).sort()).toEqual([
      ['1', 'superseded', 'silent'],
      ['3', 'imported', 'sent'],
    ]);
  });

  it('returns only the messages whose findings Security Hub refused, and pages for them after the retry', async () => {
    const lambda = await publisherLambda();
    const a = { ...chain[3]!, finding: { ...chain[3]!.finding, id: 'aaaa' } };
    const b = { ...chain[3]!, finding: { ...chain[3]!.finding, id: 'bbbb' } };
    sh.on(BatchImportFindingsCommand)
      .resolvesOnce({ FailedCount: 1, SuccessCount: 1, FailedFindings: [{ Id: 'an1261/bbbb', ErrorCode: 'InvalidAccess', ErrorMessage: 'Security Hub is not enabled' }] })
      .resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
    const [ma, mb] = [{ messageId: 'm-a', body: body(a) }, { messageId: 'm-b', body: body(b) }];

    expect(failedIds(await lambda.invoke(sqsEvent(ma, mb)))).toEqual(['m-b']);
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input.MessageAttributes!.severity!.StringValue)).toHaveLength(1);
    // SQS redelivers both (a's delete may have been lost): a is not imported or paged again.
    expect(failedIds(await lambda.invoke(sqsEvent(ma, mb)))).toEqual([]);

    expect(imported()).toEqual([
      ['an1261/aaaa@' + a.finding.updatedAt, 'an1261/bbbb@' + b.finding.updatedAt],
      ['an1261/bbbb@' + b.finding.updatedAt],
    ]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it.each([
    ['throttling', THROTTLED],
    ['a 5xx', UNAVAILABLE],
  ])('keeps failing the message while Security Hub answers with %s (then the DLQ takes it), and publishes it once it recovers', async (_name, error) => {
    const lambda = await publisherLambda();
    const message = { messageId: 'm-1', body: body(chain[3]!) };
    sh.on(BatchImportFindingsCommand).rejects(error);

    for (let receive = 1; receive <= 3; receive++) expect(failedIds(await lambda.invoke(sqsEvent(message)))).toEqual(['m-1']);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);

    sh.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
    expect(failedIds(await lambda.invoke(sqsEvent(message)))).toEqual([]);
    expect(sh.commandCalls(BatchImportFindingsCommand)).toHaveLength(4);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it.each([
    ['throttling', THROTTLED],
    ['a 5xx', UNAVAILABLE],
  ])('fails the message when SNS answers with %s, and pages once when it recovers', async (_name, error) => {
    const lambda = await publisherLambda();
    const message = { messageId: 'm-1', body: body(chain[3]!) };
    sns.on(PublishCommand).rejectsOnce(error).resolves({ MessageId: 'sns-ok' });

    expect(failedIds(await lambda.invoke(sqsEvent(message)))).toEqual(['m-1']);
    expect(failedIds(await lambda.invoke(sqsEvent(message)))).toEqual([]);
    expect(failedIds(await lambda.invoke(sqsEvent(message)))).toEqual([]);

    // Security Hub took the version on the first try; the retry imports it again (same Id and
    // UpdatedAt, no change in Security Hub) because the message is retried as a whole.
    expect(sh.commandCalls(BatchImportFindingsCommand)).toHaveLength(2);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
    expect(lambda.published.map((o) => [o.sns, o.snsMessageId])).toEqual([['sent', 'sns-ok']]);
  });

  it('lets one copy through when SQS puts the same message twice in one batch', async () => {
    const lambda = await publisherLambda();
    const message = { messageId: 'm-dup', body: body(chain[3]!) };

    const first = await lambda.invoke(sqsEvent(message, message));
    expect(failedIds(first)).toEqual(['m-dup']);
    expect(failedIds(await lambda.invoke(sqsEvent(message)))).toEqual([]);

    expect(sh.commandCalls(BatchImportFindingsCommand)).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('imports a suppressed finding as SUPPRESSED and pages nobody', async () => {
    const lambda = await publisherLambda();
    const suppressed: FindingUpdate = { finding: { ...chain[3]!.finding, suppressedBy: { owner: 'platform', reason: 'migration test', expires: '2027-01-31', match: { namespace: 'prod' } } } };

    expect(await lambda.invoke(sqsEvent(body(suppressed)))).toEqual({ batchItemFailures: [] });

    expect(sh.commandCalls(BatchImportFindingsCommand)[0]!.args[0].input.Findings![0]!.Workflow).toEqual({ Status: 'SUPPRESSED' });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('acknowledges without calling a destination that is switched off', async () => {
    const snsOnly = await publisherLambda({ securityHub: false });
    expect(await snsOnly.invoke(sqsEvent(body(chain[3]!)))).toEqual({ batchItemFailures: [] });
    expect(sh.commandCalls(BatchImportFindingsCommand)).toHaveLength(0);
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message).toContain('Security Hub finding: not imported (Security Hub publishing is off)');

    const neither = await publisherLambda({ securityHub: false, topic: false });
    expect(await neither.invoke(sqsEvent(body(chain[3]!)))).toEqual({ batchItemFailures: [] });
    expect(neither.published.map((o) => [o.securityHub, o.sns])).toEqual([['off', 'off']]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });
});
