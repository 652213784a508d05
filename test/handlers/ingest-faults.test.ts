/**
 * Infrastructure failures in the ingest Lambdas: SQS partial failures are retried, and what cannot
 * be delivered or stored throws, so the async invocation is retried and then lands in its
 * on-failure destination (bad input, by contrast, never throws: see ingest-cwl.test.ts).
 */
import type { Context, EventBridgeEvent } from 'aws-lambda';
import type { IngestSummary } from '../../lambdas/handlers/ingest/ingest-report';
import { cwlEvent, handlerPath, lambdaContext, loadHandler, sampleEksPayload, useIngestEnv, useFrozenClockAndCapture } from './ingest-support';

type Handler = (event: unknown, context: Context) => Promise<IngestSummary>;

const NOW = '2026-11-02T02:25:00.000Z';
/** The sample audit batch: one call creates the attack chain's finding, so one message to send. */
const auditEvent = () => cwlEvent(sampleEksPayload());

describe('Ingest Lambdas under infrastructure faults', () => {
  const env = useIngestEnv();
  const capture = useFrozenClockAndCapture(NOW);

  it('retries a SendMessageBatch entry SQS reported as Failed, and succeeds', async () => {
    const eks = loadHandler<Handler>(handlerPath('eks-audit'), await env.freshEnv());
    eks.sqs.reset();
    eks.sqs
      .on(eks.SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: 'm0', Code: 'InternalError', SenderFault: false, Message: 'We encountered an internal error.' }] })
      .resolves({ Successful: [{ Id: 'm0', MessageId: 'b1a5-1', MD5OfMessageBody: 'x' }] });
    const summary = await eks.handler(auditEvent(), lambdaContext('an1261-eks-audit'));
    const calls = eks.sqs.commandCalls(eks.SendMessageBatchCommand).map((c) => (c.args[0] as { input: { Entries: Array<{ Id: string; MessageBody: string }> } }).input.Entries);
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual(calls[0]);
    expect(summary.findings).toHaveLength(1);
  });

  it('throws when SQS keeps refusing the message, so the event goes to the retry / on-failure destination', async () => {
    const eks = loadHandler<Handler>(handlerPath('eks-audit'), await env.freshEnv());
    eks.sqs.reset();
    eks.sqs.on(eks.SendMessageBatchCommand).resolves({ Failed: [{ Id: 'm0', Code: 'KMS.KMSThrottlingException', SenderFault: false, Message: 'Rate exceeded' }] });
    await expect(eks.handler(auditEvent(), lambdaContext('an1261-eks-audit'))).rejects.toThrow(
      /^SQS https:\/\/sqs\.us-east-1\.amazonaws\.com\/111122223333\/an1261-findings: 1 finding message\(s\) not accepted after 4 round\(s\) \(finding [0-9a-f]{32}: KMS\.KMSThrottlingException Rate exceeded\)$/,
    );
    expect(eks.sqs.commandCalls(eks.SendMessageBatchCommand)).toHaveLength(4);
    // Operators see why, and the metrics of what was read are still written.
    expect(capture().lines().find((l) => l.level === 'ERROR')).toMatchObject({ message: 'ingest failed: the invocation will be retried or sent to its on-failure destination', source: 'eks-audit' });
    expect(capture().metrics()).toContainEqual(expect.objectContaining({ values: expect.objectContaining({ RecordsIn: 20, FindingsEmitted: 0 }) }));
  });

  it('throws when the state table is not there (DynamoDB error), rather than dropping the signals', async () => {
    const ecr = loadHandler<Handler>(handlerPath('ecr-events'), await env.freshEnv({ STATE_TABLE_NAME: 'no-such-table' }));
    const push: EventBridgeEvent<string, unknown> = {
      version: '0',
      id: 'eb-push-1',
      'detail-type': 'ECR Image Action',
      source: 'aws.ecr',
      account: '111122223333',
      time: '2026-11-02T02:16:41Z',
      region: 'us-east-1',
      resources: [],
      detail: { result: 'SUCCESS', 'repository-name': 'payments-api', 'image-digest': `sha256:${'e3'.repeat(32)}`, 'action-type': 'PUSH', 'image-tag': 'v2.3.1-hotfix' },
    };
    await expect(ecr.handler(push, lambdaContext('an1261-ecr-events'))).rejects.toThrow(expect.objectContaining({ name: 'ResourceNotFoundException', message: 'Requested resource not found' }));
    expect(ecr.sqs.calls()).toHaveLength(0);
  });
});
