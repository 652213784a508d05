/** Notification bodies as AWS writes them, for the S3 intake tests (shapes from the S3 User Guide). */

/** S3 User Guide, "Event message structure" (version 2.1 of a PUT). */
export function s3Notification(bucket: string, encodedKey: string, object: Record<string, unknown> = {}, eventName = 'ObjectCreated:Put'): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: '2026-11-02T02:10:05.000Z',
        eventName,
        userIdentity: { principalId: 'AWS:AROAEXAMPLE:delivery' },
        requestParameters: { sourceIPAddress: '10.0.0.1' },
        responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'an1261-intake',
          bucket: { name: bucket, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodedKey, size: 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: '0055AED6DCD90281E5', ...object },
        },
      },
    ],
  });
}

/** S3 User Guide, "EventBridge event message structure", Object Created. */
export function eventBridgeObjectCreated(bucket: string, key: string, object: Record<string, unknown> = {}, account = '111122223333'): string {
  return JSON.stringify({
    version: '0',
    id: '17793124-05d4-b198-2fde-7ededc63b103',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account,
    time: '2026-11-02T02:10:05Z',
    region: 'us-east-1',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: { key, size: 5, etag: 'b1946ac92492d2347c6235b4d2611184', 'version-id': 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e', sequencer: '617f08299329d189', ...object },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '123456789012',
      'source-ip-address': '1.2.3.4',
      reason: 'PutObject',
    },
  });
}

export function snsWrapped(message: string): string {
  return JSON.stringify({ Type: 'Notification', MessageId: 'cb145d6d-93e3-55d0-943a-05f3edaeaa77', TopicArn: 'arn:aws:sns:us-east-1:111122223333:logs', Subject: 'Amazon S3 Notification', Message: message, Timestamp: '2026-11-02T02:10:05.000Z' });
}

