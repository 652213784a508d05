/**
 * SQS message bodies announcing objects, in the shapes AWS documents: S3 event notifications (keys
 * URL-encoded, `+` a space), EventBridge "Object Created" (keys as stored), both wrapped in SNS,
 * Security Lake subscriber notifications; the S3 test event; and bodies that are none of these.
 */
import { NOTIFICATION_REASONS, decodeS3EventKey, objectIdentity, parseObjectNotification } from '../../../lambdas/core/objects/object-notification';
import { routeObject, ROUTE_REASONS } from '../../../lambdas/core/objects/object-route';
import { parseConfig } from '../../../lambdas/core/model/config';
import { eventBridgeObjectCreated, s3Notification, snsWrapped as sns } from '../../support/s3-notifications';

const KEY = 'AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/02/111122223333_vpcflowlogs_us-east-1_fl-1_20261102T0205Z_ab.log.gz';

describe('parseObjectNotification', () => {
  it('reads an S3 event notification, decoding its key (`+` is a space, %xx a byte)', () => {
    const out = parseObjectNotification(s3Notification('org-flow-logs', 'AWSLogs/a+b/%C3%A9t%C3%A9%2Bplus.log.gz', { versionId: 'v1' }));
    expect(out).toEqual({
      objects: [{ bucket: 'org-flow-logs', key: 'AWSLogs/a b/été+plus.log.gz', via: 's3', versionId: 'v1', eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: '0055AED6DCD90281E5', size: 1024 }],
      ignored: [],
      rejected: [],
    });
  });

  it('reads an EventBridge Object Created event, its key as stored (no decoding)', () => {
    const out = parseObjectNotification(eventBridgeObjectCreated('org-flow-logs', 'AWSLogs/a+b/x%41.log.gz'));
    expect(out.objects).toEqual([
      { bucket: 'org-flow-logs', key: 'AWSLogs/a+b/x%41.log.gz', via: 'eventbridge', versionId: 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e', eTag: 'b1946ac92492d2347c6235b4d2611184', sequencer: '617f08299329d189', size: 5, account: '111122223333' },
    ]);
  });

  it('reads either wrapped in an SNS notification', () => {
    expect(parseObjectNotification(sns(s3Notification('b-logs', KEY))).objects).toEqual([expect.objectContaining({ bucket: 'b-logs', key: KEY, via: 's3', sns: true })]);
    expect(parseObjectNotification(sns(eventBridgeObjectCreated('b-logs', KEY))).objects).toEqual([expect.objectContaining({ bucket: 'b-logs', key: KEY, via: 'eventbridge', sns: true })]);
  });

  it('reads a Security Lake subscriber notification (detail.bucket.name, detail.object.key)', () => {
    const body = JSON.stringify({
      source: 'aws.s3',
      time: '2026-11-02T02:10:05Z',
      account: '444455556666',
      region: 'us-east-1',
      resources: ['arn:aws:s3:::aws-security-data-lake-us-east-1-abc123'],
      detail: { bucket: { name: 'aws-security-data-lake-us-east-1-abc123' }, object: { key: 'aws/VPC_FLOW/2.0/region=us-east-1/accountId=111122223333/eventDay=20261102/x.gz.parquet', size: 4242, etag: 'e1' }, 'request-id': 'r', requester: 'securitylake.amazonaws.com' },
    });
    expect(parseObjectNotification(body).objects).toEqual([
      { bucket: 'aws-security-data-lake-us-east-1-abc123', key: 'aws/VPC_FLOW/2.0/region=us-east-1/accountId=111122223333/eventDay=20261102/x.gz.parquet', via: 'eventbridge', eTag: 'e1', size: 4242, account: '444455556666' },
    ]);
  });

  it('counts the S3 test event and other event types as ignored', () => {
    const test = JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2026-11-02T02:10:05.000Z', Bucket: 'org-flow-logs', RequestId: '5582815E1AEA5ADF', HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE' });
    expect(parseObjectNotification(test)).toEqual({ objects: [], ignored: [NOTIFICATION_REASONS.testEvent], rejected: [] });
    expect(parseObjectNotification(s3Notification('b-logs', KEY, {}, 'ObjectRemoved:Delete')).ignored).toEqual([NOTIFICATION_REASONS.notObjectCreated]);
    expect(parseObjectNotification(JSON.stringify({ ...JSON.parse(eventBridgeObjectCreated('b-logs', KEY)), 'detail-type': 'Object Deleted' })).ignored).toEqual([NOTIFICATION_REASONS.notObjectCreated]);
    expect(parseObjectNotification(JSON.stringify({ Records: [{ eventSource: 'aws:kinesis' }] })).ignored).toEqual([NOTIFICATION_REASONS.notS3]);
  });

  it.each<[string, string, string]>([
    ['not JSON', 'hello', NOTIFICATION_REASONS.invalidJson],
    ['a JSON string', '"x"', NOTIFICATION_REASONS.unrecognized],
    ['an object of nothing known', '{"a":1}', NOTIFICATION_REASONS.unrecognized],
    ['a record without a key', JSON.stringify({ Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b-logs' } } }] }), NOTIFICATION_REASONS.invalidRecord],
    ['a bucket name that is not one', s3Notification('Bad_Bucket', KEY), NOTIFICATION_REASONS.invalidRecord],
    ['a key that is not valid percent-encoding', s3Notification('b-logs', 'AWSLogs/%E0%A4%A.log.gz'), NOTIFICATION_REASONS.invalidKeyEncoding],
    ['thousands of records', JSON.stringify({ Records: Array(500).fill({}) }), NOTIFICATION_REASONS.tooManyRecords],
    ['SNS wrapping SNS', sns(sns(s3Notification('b-logs', KEY))), NOTIFICATION_REASONS.unrecognized],
  ])('rejects %s, counted', (_what, body, reason) => {
    const out = parseObjectNotification(body);
    expect(out.objects).toEqual([]);
    expect(out.rejected.map((r) => r.reason)).toEqual([reason]);
  });

  it('decodes keys as S3 encodes them', () => {
    expect(decodeS3EventKey('a+b%2Bc%20d')).toBe('a b+c d');
    expect(decodeS3EventKey('%')).toBeUndefined();
  });

  it('names an object for idempotency by bucket, key and version, else ETag, else sequencer', () => {
    expect(objectIdentity({ bucket: 'b', key: 'k', versionId: 'v', eTag: 'e', sequencer: 's' })).toBe('s3://b/k#v:v');
    expect(objectIdentity({ bucket: 'b', key: 'k', eTag: '"e"', sequencer: 's' })).toBe('s3://b/k#e:e');
    expect(objectIdentity({ bucket: 'b', key: 'k', sequencer: 's' })).toBe('s3://b/k#s:s');
    expect(objectIdentity({ bucket: 'b', key: 'k' })).toBe('s3://b/k#-');
  });
});

describe('routeObject: only configured buckets and prefixes are read', () => {
  const sources = parseConfig({
    sources: {
      s3: [
        { bucket: 'org-flow-logs', prefix: 'flows/AWSLogs/' },
        { bucket: 'org-trail', account: '999988887777', notifications: 'eventbridge' },
      ],
      securityLake: { queueArn: 'arn:aws:sqs:us-east-1:444455556666:lake', bucketArn: 'arn:aws:s3:::aws-security-data-lake-us-east-1-abc123', sources: ['VPC_FLOW'] },
    },
  }).sources;
  const ref = (bucket: string, key: string, account?: string) => ({ bucket, key, via: 's3' as const, ...(account ? { account } : {}) });

  it('reads a configured bucket under its prefix, by its key', () => {
    expect(routeObject(ref('org-flow-logs', `flows/${KEY}`), sources)).toMatchObject({ lake: false, info: { kind: 'vpc-flow', account: '111122223333' } });
    expect(routeObject(ref('org-trail', 'AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-1/2026/11/02/x.json.gz'), sources)).toMatchObject({ lake: false, info: { kind: 'cloudtrail' } });
  });

  it('ignores other buckets and other prefixes, never reading them', () => {
    expect(routeObject(ref('someone-else', KEY), sources)).toEqual({ refused: 'ignore', reason: ROUTE_REASONS.notConfigured });
    expect(routeObject(ref('org-flow-logs', KEY), sources)).toEqual({ refused: 'ignore', reason: ROUTE_REASONS.notConfigured });
  });

  it('refuses an EventBridge event whose bucket owner is not the configured account', () => {
    expect(routeObject(ref('org-trail', 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/02/x.json.gz', '123456789012'), sources)).toMatchObject({ refused: 'reject', reason: ROUTE_REASONS.wrongAccount });
  });

  it('reads the Security Lake bucket for the configured sources only', () => {
    const lake = 'aws-security-data-lake-us-east-1-abc123';
    expect(routeObject(ref(lake, 'aws/VPC_FLOW/2.0/region=us-east-1/accountId=111122223333/eventDay=20261102/x.parquet'), sources)).toMatchObject({ lake: true, info: { lakeSource: 'VPC_FLOW' } });
    expect(routeObject(ref(lake, 'aws/EKS_AUDIT/2.0/region=us-east-1/accountId=111122223333/eventDay=20261102/x.parquet'), sources)).toMatchObject({ refused: 'ignore', reason: ROUTE_REASONS.lakeSourceNotConfigured });
    expect(routeObject(ref(lake, KEY), sources)).toMatchObject({ refused: 'ignore', reason: ROUTE_REASONS.notALakeObject });
  });
});
