/**
 * Per-call partial failures, as AWS reports them: the middleware function alone with a fake `next`
 * (what is sent, what the caller sees), then real SQS and Security Hub clients over a fake transport
 * (what really crossed the wire).
 */
import { type AwsSecurityFinding, BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { HandlerExecutionContext, InitializeHandlerArguments, InitializeHandlerOutput } from '@smithy/types';
import { callFaultsMiddleware, injectFaults } from '../../chaos/fault-middleware';
import { FaultPlan } from '../../chaos/fault-plan';
import { fakeHttp, OFFLINE, securityHubAcceptAll, sqsAcceptAll } from './fake-http';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/findings';
const finding = (id: string) => ({ Id: id, SchemaVersion: '2018-10-08', ProductArn: 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default', GeneratorId: 'an1261', AwsAccountId: '123456789012', CreatedAt: '2026-12-01T00:00:00Z', UpdatedAt: '2026-12-01T00:00:00Z', Title: id, Description: id, Resources: [{ Type: 'Other', Id: id }] }) as AwsSecurityFinding;
const ids = (n: number, prefix = 'e') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** Runs the initialize middleware once with a fake next that records its input and answers `answer(input)`. */
async function callThrough(plan: FaultPlan, clientName: string, commandName: string, input: object, answer: (sent: object) => object) {
  const sent: object[] = [];
  const next = async (args: InitializeHandlerArguments<object>): Promise<InitializeHandlerOutput<object>> => {
    sent.push(args.input);
    return { output: { $metadata: { httpStatusCode: 200, requestId: 'r', attempts: 1, totalRetryDelay: 0 }, ...answer(args.input) }, response: {} };
  };
  const context = { clientName, commandName } as HandlerExecutionContext;
  const { output } = await callFaultsMiddleware(plan)(next, context)({ input });
  return { sent, output: output as Record<string, unknown> };
}

describe('partial batches (once per logical call, what the caller sees)', () => {
  it('BatchImportFindings: withheld findings are not sent and come back in FailedFindings, counts adjusted', async () => {
    const plan = new FaultPlan({ seed: 21, rate: 1, kinds: ['partial-batch'] });
    for (let round = 0; round < 20; round++) {
      const all = ids(7, `f${round}-`);
      const { sent, output } = await callThrough(plan, 'SecurityHubClient', 'BatchImportFindingsCommand', { Findings: all.map(finding) }, (i) => ({ FailedCount: 0, SuccessCount: (i as { Findings: unknown[] }).Findings.length, FailedFindings: [] }));
      const failed = output.FailedFindings as { Id: string; ErrorCode: string; ErrorMessage: string }[];
      const sentIds = sent.length ? (sent[0] as { Findings: { Id: string }[] }).Findings.map((f) => f.Id) : [];
      expect(failed.length).toBeGreaterThan(0);
      expect([...sentIds, ...failed.map((f) => f.Id)].sort()).toEqual([...all].sort());
      for (const f of failed) {
        expect(Object.keys(f).sort()).toEqual(['ErrorCode', 'ErrorMessage', 'Id']);
        expect(['InternalFailure', 'Throttling']).toContain(f.ErrorCode);
      }
      expect(output).toMatchObject({ FailedCount: failed.length, SuccessCount: sentIds.length, $metadata: { httpStatusCode: 200 } });
    }
    expect(plan.injected()).toEqual({ 'SecurityHub.BatchImportFindings.partial-batch': 20 });
  });

  it('SendMessageBatch: withheld entries are not sent and come back in Failed as a server fault', async () => {
    const plan = new FaultPlan({ seed: 22, rate: 1, kinds: ['partial-batch'] });
    let withheldAll = 0;
    for (let round = 0; round < 100; round++) {
      const entries = ids(3).map((Id) => ({ Id, MessageBody: Id }));
      const { sent, output } = await callThrough(plan, 'SQSClient', 'SendMessageBatchCommand', { QueueUrl: QUEUE, Entries: entries }, (i) => ({ Successful: (i as { Entries: { Id: string }[] }).Entries.map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}`, MD5OfMessageBody: 'x' })), Failed: [] }));
      const failed = output.Failed as Record<string, unknown>[];
      const ok = output.Successful as { Id: string }[];
      for (const f of failed) expect(f).toEqual({ Id: expect.any(String), SenderFault: false, Code: 'InternalError', Message: expect.any(String) });
      expect([...ok.map((s) => s.Id), ...failed.map((f) => f.Id as string)].sort()).toEqual(ids(3));
      expect(failed.length).toBeGreaterThan(0);
      if (sent.length === 0) {
        withheldAll++;
        expect(ok).toEqual([]);
      } else {
        expect((sent[0] as { Entries: { Id: string }[] }).Entries.map((e) => e.Id)).toEqual(ok.map((s) => s.Id));
      }
    }
    expect(withheldAll).toBeGreaterThan(0); // sometimes every entry: no request, nothing accepted
  });

  it('BatchWriteItem: withheld WriteRequests come back in UnprocessedItems by table, merged with what the service left', async () => {
    const plan = new FaultPlan({ seed: 23, rate: 1, kinds: ['partial-batch'] });
    const put = (k: string) => ({ PutRequest: { Item: { pk: { S: k }, sk: { S: 's' } } } });
    const input = { RequestItems: { t1: ['a', 'b', 'c'].map(put), t2: ['d', 'e'].map(put) } };
    const { sent, output } = await callThrough(plan, 'DynamoDBClient', 'BatchWriteItemCommand', input, () => ({ UnprocessedItems: { t1: [put('service-left')] } }));
    const unprocessed = output.UnprocessedItems as Record<string, { PutRequest: { Item: { pk: { S: string } } } }[]>;
    const keysOf = (m: Record<string, { PutRequest: { Item: { pk: { S: string } } } }[]>) => Object.entries(m).flatMap(([t, rs]) => rs.map((r) => `${t}:${r.PutRequest.Item.pk.S}`));
    const sentKeys = sent.length ? keysOf((sent[0] as typeof input).RequestItems) : [];
    expect(keysOf(unprocessed)).toContain('t1:service-left');
    expect([...sentKeys, ...keysOf(unprocessed).filter((k) => k !== 't1:service-left')].sort()).toEqual(['t1:a', 't1:b', 't1:c', 't2:d', 't2:e']);
    expect(input.RequestItems.t1).toHaveLength(3); // the caller's input is not mutated
  });

  it('leaves other operations, and a rate of 0, alone', async () => {
    const on = new FaultPlan({ seed: 1, rate: 1, kinds: ['partial-batch'] });
    const { output } = await callThrough(on, 'SQSClient', 'SendMessageCommand', { QueueUrl: QUEUE, MessageBody: 'x' }, () => ({ MessageId: 'm' }));
    expect(output).toMatchObject({ MessageId: 'm' });
    const off = new FaultPlan({ seed: 1, rate: 0 });
    const entries = ids(4).map((Id) => ({ Id, MessageBody: Id }));
    const r = await callThrough(off, 'SQSClient', 'SendMessageBatchCommand', { QueueUrl: QUEUE, Entries: entries }, () => ({ Successful: [], Failed: [] }));
    expect(r.sent[0]).toEqual({ QueueUrl: QUEUE, Entries: entries });
    expect(on.injected()).toEqual({});
  });

  describe('through real clients (fake transport)', () => {
    it('SQS: the entries on the wire are exactly the Successful ones; Failed were never sent', async () => {
      const plan = new FaultPlan({ seed: 31, rate: 0.5, kinds: ['partial-batch'] });
      const http = fakeHttp(sqsAcceptAll);
      const client = injectFaults(new SQSClient({ ...OFFLINE, requestHandler: http.handler }), plan);
      for (let i = 0; i < 10; i++) {
        const before = http.sent.length;
        const out = await client.send(new SendMessageBatchCommand({ QueueUrl: QUEUE, Entries: ids(5).map((Id) => ({ Id, MessageBody: `body-${Id}` })) }));
        const wire = http.sent.slice(before).flatMap((r) => (JSON.parse(r.body) as { Entries: { Id: string }[] }).Entries.map((e) => e.Id));
        expect(wire).toEqual((out.Successful ?? []).map((s) => s.Id));
        expect([...wire, ...(out.Failed ?? []).map((f) => f.Id)].sort()).toEqual(ids(5));
      }
      expect(plan.total()).toBeGreaterThan(0);
    });

    it('Security Hub: the findings on the wire are the SuccessCount; FailedFindings were never sent', async () => {
      const plan = new FaultPlan({ seed: 32, rate: 1, kinds: ['partial-batch'] });
      const http = fakeHttp(securityHubAcceptAll);
      const client = injectFaults(new SecurityHubClient({ ...OFFLINE, requestHandler: http.handler }), plan);
      const out = await client.send(new BatchImportFindingsCommand({ Findings: ids(6).map(finding) }));
      const wire = http.sent.flatMap((r) => (JSON.parse(r.body) as { Findings: { Id: string }[] }).Findings.map((f) => f.Id));
      expect(out.SuccessCount).toBe(wire.length);
      expect(out.FailedCount).toBe(out.FailedFindings!.length);
      expect([...wire, ...out.FailedFindings!.map((f) => f.Id!)].sort()).toEqual(ids(6));
    });
  });
});
