/**
 * Notifications of one publisher batch go out one at a time, in order: each finding's versions in
 * ascending order, and the whole batch in a deterministic order (by UpdatedAt, then finding id,
 * then version), however the SQS messages arrived and however slow a send is. On-call reads
 * `[MEDIUM]` before `[CRITICAL, was MEDIUM]`.
 */
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { EmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import { FindingPublisher, notificationOrder } from '../../lambdas/adapters/finding-publisher';
import { createSqsPublisher } from '../../lambdas/adapters/finding-publisher-sqs';
import { SecurityHubImporter } from '../../lambdas/adapters/security-hub-importer';
import { SnsNotifier } from '../../lambdas/adapters/sns-notifier';
import type { FindingUpdate } from '../../lambdas/core/model/finding';
import { TARGET, escalatingChain, idempotencyStore, lambdaContext, sqsEvent, startEmbeddedDynamoDb } from './publish-fixtures';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:an1261-findings';
const sh = mockClient(SecurityHubClient);
const sns = mockClient(SNSClient);
let db: EmbeddedDynamoDb;
let medium: FindingUpdate;
let critical: FindingUpdate;
let tables = 0;
/** Subjects in the order SNS *accepted* them (what on-call sees), not the order the sends started. */
let accepted: string[];
/** Milliseconds the fake SNS takes to accept a message, by subject prefix. */
let latency: Record<string, number>;

beforeAll(async () => {
  db = await startEmbeddedDynamoDb();
  const chain = await escalatingChain(db);
  // A finding first reported at MEDIUM, then escalated to CRITICAL.
  medium = { finding: { ...chain[1]!.finding, version: 1 } };
  critical = { finding: { ...chain[3]!.finding, version: 2 }, previousSeverity: 'MEDIUM', previouslySuppressed: false };
});
afterAll(async () => {
  sh.restore();
  sns.restore();
  await db.close();
});
beforeEach(() => {
  sh.reset();
  sns.reset();
  accepted = [];
  latency = {};
  sh.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ FailedCount: 0, SuccessCount: input.Findings.length, FailedFindings: [] }));
  sns.on(PublishCommand).callsFake(async (input: { Subject: string }) => {
    const delay = Object.entries(latency).find(([prefix]) => input.Subject.startsWith(prefix))?.[1] ?? 0;
    await new Promise((r) => setTimeout(r, delay));
    accepted.push(input.Subject);
    return { MessageId: `sns-${accepted.length}` };
  });
});

async function publishBatch(...updates: FindingUpdate[]) {
  const run = createSqsPublisher({
    publisher: new FindingPublisher({
      securityHub: new SecurityHubImporter(new SecurityHubClient({ region: 'us-east-1' }), { sleep: async () => {} }),
      sns: new SnsNotifier(new SNSClient({ region: 'us-east-1' }), TOPIC),
      minNotifySeverity: 'MEDIUM',
    }),
    persistenceStore: await idempotencyStore(db, `idempotency-order-${++tables}`),
    target: () => TARGET,
  });
  return run(sqsEvent(...updates.map((u) => JSON.stringify(u))), lambdaContext());
}

const severities = () => accepted.map((s) => s.slice(0, s.indexOf(']') + 1));

describe('publisher: notification order within one batch', () => {
  it('sends [MEDIUM] before [CRITICAL, was MEDIUM] even when the first send is slow', async () => {
    latency = { '[MEDIUM]': 150 };

    expect(await publishBatch(medium, critical)).toEqual({ batchItemFailures: [] });

    expect(severities()).toEqual(['[MEDIUM]', '[CRITICAL, was MEDIUM]']);
  });

  it('sends the versions in ascending order when the messages arrive newest first', async () => {
    latency = { '[MEDIUM]': 50 };

    expect(await publishBatch(critical, medium)).toEqual({ batchItemFailures: [] });

    expect(severities()).toEqual(['[MEDIUM]', '[CRITICAL, was MEDIUM]']);
  });

  it('waits for each send before starting the next one', async () => {
    latency = { '[MEDIUM]': 100 };
    const started: number[] = [];
    const done: number[] = [];
    sns.on(PublishCommand).callsFake(async (input: { Subject: string }) => {
      started.push(Date.now());
      await new Promise((r) => setTimeout(r, input.Subject.startsWith('[MEDIUM]') ? 100 : 0));
      done.push(Date.now());
      return { MessageId: 'm' };
    });

    await publishBatch(medium, critical);

    expect(started).toHaveLength(2);
    expect(started[1]!).toBeGreaterThanOrEqual(done[0]!);
  });
});

describe('Function: notificationOrder', () => {
  const update = (id: string, version: number, updatedAt: string): FindingUpdate => ({ finding: { ...medium.finding, id, version, updatedAt } });

  it('orders by UpdatedAt, then finding id, then version, whatever the input order', () => {
    const a1 = update('a', 1, '2026-11-02T10:00:00.000Z');
    const a2 = update('a', 2, '2026-11-02T10:05:00.000Z');
    const b1 = update('b', 1, '2026-11-02T10:00:00.000Z');
    const c1 = update('c', 1, '2026-11-02T09:00:00.000Z');
    const input = [a2, b1, c1, a1];

    expect(notificationOrder(input).map((i) => input[i])).toEqual([c1, a1, b1, a2]);
    expect(notificationOrder([...input].reverse()).map((i) => [...input].reverse()[i])).toEqual([c1, a1, b1, a2]);
  });
});
