/** The DynamoDB state adapter under faults AWS produces and dynalite does not (aws-sdk-client-mock). */
import { BatchWriteItemCommand, ConditionalCheckFailedException, DynamoDBClient, ProvisionedThroughputExceededException, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbStateStore } from '../../lambdas/adapters/dynamodb-state-store';
import type { StoredFinding } from '../../lambdas/core/correlate/state-port';
import type { Finding } from '../../lambdas/core/model/finding';

const NOW = 1_793_600_000;
const item = (sk: string) => ({ pk: 'H#ip:10.0.1.5', sk, expiresAt: NOW + 600, doc: JSON.stringify({ sk }) });
const stored = (version: number): StoredFinding => ({ finding: { id: 'f1', version, severity: 'LOW', updatedAt: '2026-11-02T10:00:00.000Z' } as Finding, fingerprint: `fp-${version}`, expiresAt: NOW + 86_400 });

describe('DynamoDbStateStore (faults)', () => {
  const ddb = mockClient(DynamoDBClient);
  const noSleep = async () => undefined;
  beforeEach(() => ddb.reset());

  it('retries unprocessed items until DynamoDB takes them', async () => {
    const first = [item('S#a'), item('S#b')];
    ddb
      .on(BatchWriteItemCommand)
      .resolvesOnce({ UnprocessedItems: { t: [{ PutRequest: { Item: { pk: { S: 'H#ip:10.0.1.5' }, sk: { S: 'S#b' }, expiresAt: { N: '1' }, doc: { S: '{}' } } } }] } })
      .resolves({});
    const store = new DynamoDbStateStore(new DynamoDBClient({ region: 'us-east-1' }), 't', noSleep);
    await store.putItems(first);
    const calls = ddb.commandCalls(BatchWriteItemCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.args[0].input.RequestItems!.t).toHaveLength(1);
    expect(store.counters.itemsWritten).toBe(2);
  });

  it('fails loudly (for the DLQ) when items stay unprocessed', async () => {
    ddb.on(BatchWriteItemCommand).callsFake((input) => ({ UnprocessedItems: input.RequestItems }));
    const store = new DynamoDbStateStore(new DynamoDBClient({ region: 'us-east-1' }), 't', noSleep);
    await expect(store.putItems([item('S#a')])).rejects.toThrow('DynamoDB t: 1 items still unprocessed after 8 rounds');
  });

  it('propagates throttling that outlived the SDK retry strategy', async () => {
    ddb.on(BatchWriteItemCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const store = new DynamoDbStateStore(new DynamoDBClient({ region: 'us-east-1' }), 't', noSleep);
    await expect(store.putItems([item('S#a')])).rejects.toThrow('slow down');
  });

  it('sends the exact conditional put a new finding needs', async () => {
    ddb.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    const store = new DynamoDbStateStore(new DynamoDBClient({ region: 'us-east-1' }), 't', noSleep);
    expect(await store.putFinding(stored(1), undefined)).toBe(false);
    expect(ddb.commandCalls(PutItemCommand)[0]!.args[0].input).toMatchObject({
      TableName: 't',
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now OR validUntil <= :now',
      Item: { pk: { S: 'F#f1' }, sk: { S: 'F' }, version: { N: '1' }, fingerprint: { S: 'fp-1' }, severity: { S: 'LOW' } },
    });
  });
});
