/** The SQS FindingSink: batching, Failed-entry retries, and failures that must fail the invocation (aws-sdk-client-mock). */
import { SQSClient, SendMessageBatchCommand, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { SqsFindingSink, SqsSendError } from '../../lambdas/adapters/sqs-finding-sink';
import type { FindingMessage } from '../../lambdas/adapters/sqs-finding-message';
import type { FindingUpdate } from '../../lambdas/core/model/finding';
import { updateWithTimeline } from './sqs-fixtures';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/111122223333/an1261-findings';
const noSleep = async () => undefined;
const updates = (n: number, extra = 1, summaryChars = 100): FindingUpdate[] =>
  Array.from({ length: n }, (_, i) => updateWithTimeline(extra, summaryChars, `f${String(i).padStart(31, '0')}`));
const entriesOf = (call: { args: [unknown] }) => (call.args[0] as { input: { Entries: SendMessageBatchRequestEntry[] } }).input.Entries;

describe('Class: SqsFindingSink', () => {
  const sqs = mockClient(SQSClient);
  beforeEach(() => sqs.reset());
  afterAll(() => sqs.restore());

  describe('Method: send', () => {
    it('sends each update as one message, the JSON of the FindingUpdate, ≤ 10 entries per request', async () => {
      // Prepare
      sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
      const sink = new SqsFindingSink(new SQSClient({ region: 'us-east-1' }), QUEUE, { sleep: noSleep });
      const sent = updates(23);
      // Act
      await sink.send(sent);
      // Assess
      const calls = sqs.commandCalls(SendMessageBatchCommand);
      expect(calls.map((c) => c.args[0].input.Entries!.length)).toEqual([10, 10, 3]);
      expect(calls[0]!.args[0].input.QueueUrl).toBe(QUEUE);
      expect(calls[0]!.args[0].input.Entries![0]).toEqual({ Id: 'm0', MessageBody: JSON.stringify(sent[0]) });
      expect(calls.flatMap((c) => c.args[0].input.Entries!.map((e) => (JSON.parse(e.MessageBody!) as FindingUpdate).finding.id))).toEqual(sent.map((u) => u.finding.id));
      expect(sink.counters).toEqual({ requests: 3, messagesSent: 23, entriesRetried: 0, trimmed: 0 });
    });

    it('keeps every request under 256 KiB in total, and trims an over-size finding instead of failing', async () => {
      sqs.on(SendMessageBatchCommand).resolves({});
      const trimmed: FindingMessage[] = [];
      const sink = new SqsFindingSink(new SQSClient({ region: 'us-east-1' }), QUEUE, { sleep: noSleep, onTrimmed: (m) => trimmed.push(m) });
      // Three ~81 KB findings, one of ~1 MB, and one more ~81 KB one.
      await sink.send([...updates(3, 200, 200), updateWithTimeline(2500, 200, 'big00000000000000000000000000000'), ...updates(1, 200, 200)]);
      const sizes = sqs.commandCalls(SendMessageBatchCommand).map((c) => entriesOf(c).reduce((s, e) => s + Buffer.byteLength(e.MessageBody!), 0));
      expect(sizes.every((s) => s <= 262_144)).toBe(true);
      expect(sqs.commandCalls(SendMessageBatchCommand).map((c) => entriesOf(c).length)).toEqual([3, 1, 1]);
      expect(trimmed.map((m) => m.findingId)).toEqual(['big00000000000000000000000000000']);
      expect(trimmed[0]!.timelineOmitted).toBeGreaterThan(1000);
      expect(sink.counters.trimmed).toBe(1);
    });

    it('retries the entries SQS reports as Failed (not sender faults) until they are accepted', async () => {
      sqs
        .on(SendMessageBatchCommand)
        .resolvesOnce({ Successful: [{ Id: 'm0', MessageId: '1', MD5OfMessageBody: 'x' }], Failed: [{ Id: 'm1', Code: 'InternalError', SenderFault: false, Message: 'try again' }] })
        .resolves({ Successful: [{ Id: 'm1', MessageId: '2', MD5OfMessageBody: 'y' }] });
      const sink = new SqsFindingSink(new SQSClient({ region: 'us-east-1' }), QUEUE, { sleep: noSleep });
      const sent = updates(2);
      await sink.send(sent);
      const calls = sqs.commandCalls(SendMessageBatchCommand);
      expect(calls).toHaveLength(2);
      expect(entriesOf(calls[1]!)).toEqual([{ Id: 'm1', MessageBody: JSON.stringify(sent[1]) }]);
      expect(sink.counters).toMatchObject({ requests: 2, messagesSent: 2, entriesRetried: 1 });
    });

    it('throws naming the queue and the finding when entries stay Failed after every round', async () => {
      sqs.on(SendMessageBatchCommand).resolves({ Failed: [{ Id: 'm0', Code: 'ServiceUnavailable', SenderFault: false, Message: 'unavailable' }] });
      const sink = new SqsFindingSink(new SQSClient({ region: 'us-east-1' }), QUEUE, { sleep: noSleep, maxRounds: 3 });
      await expect(sink.send(updates(1))).rejects.toThrow(
        new SqsSendError(QUEUE, [{ findingId: 'f0000000000000000000000000000000', code: 'ServiceUnavailable', message: 'unavailable', senderFault: false }], 3),
      );
      await expect(sink.send(updates(1))).rejects.toThrow(`SQS ${QUEUE}: 1 finding message(s) not accepted after 3 round(s) (finding f0000000000000000000000000000000: ServiceUnavailable unavailable)`);
      expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(6);
    });

    it('does not retry a sender fault (the same content fails the same way)', async () => {
      sqs.on(SendMessageBatchCommand).resolves({ Failed: [{ Id: 'm0', Code: 'InvalidMessageContents', SenderFault: true }] });
      const sink = new SqsFindingSink(new SQSClient({ region: 'us-east-1' }), QUEUE, { sleep: noSleep });
      await expect(sink.send(updates(1))).rejects.toThrow(/InvalidMessageContents/);
      expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
    });

    it('propagates a request error the SDK retry strategy gave up on (e.g. KMS access denied)', async () => {
      sqs.on(SendMessageBatchCommand).rejects(Object.assign(new Error('User is not authorized to perform kms:GenerateDataKey'), { name: 'KmsAccessDenied' }));
      const sink = new SqsFindingSink(new SQSClient({ region: 'us-east-1' }), QUEUE, { sleep: noSleep });
      await expect(sink.send(updates(1))).rejects.toThrow('User is not authorized to perform kms:GenerateDataKey');
    });

    it('sends nothing for no updates', async () => {
      const sink = new SqsFindingSink(new SQSClient({ region: 'us-east-1' }), QUEUE, { sleep: noSleep });
      await sink.send([]);
      expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    });

    it('on a FIFO queue, groups by finding and deduplicates by finding version', async () => {
      sqs.on(SendMessageBatchCommand).resolves({});
      const sink = new SqsFindingSink(new SQSClient({ region: 'us-east-1' }), `${QUEUE}.fifo`, { sleep: noSleep });
      await sink.send(updates(1));
      expect(entriesOf(sqs.commandCalls(SendMessageBatchCommand)[0]!)[0]).toMatchObject({
        Id: 'm0',
        MessageGroupId: 'f0000000000000000000000000000000',
        MessageDeduplicationId: 'f0000000000000000000000000000000-v2',
      });
    });
  });
});
