/** What the ingest Lambdas take for a redriven event (docs/redrive.md). */
import { isRedriveRecord, redriveContext, redrivenEvent } from '../../lambdas/handlers/ingest/redrive-record';

const event = { awslogs: { data: 'H4sIAAAAAAAA' } };
const onFailure = { version: '1.0', timestamp: '2026-11-02T02:10:00.000Z', requestContext: { requestId: 'r', functionArn: 'arn:aws:lambda:us-east-1:111122223333:function:an1261-eks-audit:$LATEST', condition: 'RetriesExhausted', approximateInvokeCount: 3 }, requestPayload: event };

describe('redrive records', () => {
  it('are Lambda on-failure records and wrapped events: an object requestContext and an object requestPayload', () => {
    expect(isRedriveRecord(onFailure)).toBe(true);
    expect(isRedriveRecord({ requestContext: { condition: 'Redrive' }, requestPayload: { id: 'e', source: 'aws.ecr' } })).toBe(true);
    for (const notOne of [event, { requestContext: {}, requestPayload: 'text' }, { requestContext: null, requestPayload: {} }, { requestPayload: {} }, [], null, 'x']) expect(isRedriveRecord(notOne)).toBe(false);
  });

  it('give the original event however deeply redrives of redrives nest', () => {
    let record: unknown = onFailure;
    for (let i = 0; i < 50; i++) record = { ...onFailure, requestPayload: record };
    expect(isRedriveRecord(record)).toBe(true);
    expect(redrivenEvent(record as typeof onFailure)).toBe(event);
  });

  it('say why the event failed, with untrusted strings cut', () => {
    expect(redriveContext(onFailure)).toEqual({ condition: 'RetriesExhausted', functionArn: onFailure.requestContext.functionArn, approximateInvokeCount: 3 });
    expect(redriveContext({ requestContext: { condition: 'x'.repeat(10_000), approximateInvokeCount: '3' }, requestPayload: {} }).condition).toHaveLength(256);
  });
});
