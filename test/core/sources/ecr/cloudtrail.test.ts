/** normalizeCloudTrail: ECR PutImage records to push signals, from trail files, CloudWatch Logs and EventBridge. */
import { isCloudTrailRecord } from '../../../../lambdas/core/sources/ecr';
import { stableId } from '../../../../lambdas/core/util/hash';
import { DIGEST_B, imageAction, pushes, putImage, runCloudTrail, runEcr, viaEventBridge } from './fixtures';

const REGISTRY = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';
const RESPONSE = putImage().responseElements as { image: Record<string, unknown> };

describe('normalizeCloudTrail', () => {
  describe('PutImage', () => {
    it('turns a docker push from an EKS node into a push by the node role, on the node instance', () => {
      const tally = runCloudTrail([putImage()]);
      expect(tally.records).toBe(1);
      expect(tally.signals).toEqual([
        {
          kind: 'push',
          id: stableId('cloudtrail-put-image', '6f0e4c3a-8b1d-4f2e-a9c7-3d5b1e0f2a4c'),
          rule: 'cloudtrail-put-image',
          time: '2025-03-04T10:15:01.000Z',
          source: 'cloudtrail',
          ref: 'test:1',
          account: '111122223333',
          region: 'eu-west-1',
          host: { instanceId: 'i-0a1b2c3d4e5f67890' },
          actor: {
            arn: 'arn:aws:iam::111122223333:role/nodes/eks-node-role',
            sessionArn: 'arn:aws:sts::111122223333:assumed-role/eks-node-role/i-0a1b2c3d4e5f67890',
            sessionName: 'i-0a1b2c3d4e5f67890',
          },
          image: `${REGISTRY}/builds/web:v1@${DIGEST_B}`,
          registry: REGISTRY,
          repository: 'builds/web',
          tag: 'v1',
          digest: DIGEST_B,
        },
      ]);
    });

    it('names the registry by requestParameters.registryId (a push into another account)', () => {
      const rec = putImage({ requestParameters: { repositoryName: 'builds/web', imageTag: 'v1', registryId: '444455556666' } });
      expect(pushes(runCloudTrail([rec]))[0]).toMatchObject({ account: '444455556666', registry: '444455556666.dkr.ecr.eu-west-1.amazonaws.com' });
    });

    it('falls back to responseElements.image.registryId, then recipientAccountId, then the batch account', () => {
      const response = (registryId?: string) => ({ image: { ...RESPONSE.image, registryId } });
      const [a, b, c] = pushes(
        runCloudTrail(
          [
            putImage({ responseElements: response('444455556666'), recipientAccountId: '111122223333' }),
            putImage({ responseElements: response(undefined), recipientAccountId: '777788889999' }),
            putImage({ responseElements: response(undefined), recipientAccountId: undefined }),
          ],
          { account: '222233334444' },
        ),
      );
      expect([a!.account, b!.account, c!.account]).toEqual(['444455556666', '777788889999', '222233334444']);
    });

    it('takes the tag from responseElements when the request has none, and pushes by digest only when neither has one', () => {
      const untaggedRequest = { repositoryName: 'builds/web', imageManifest: '{}' };
      const byResponseTag = putImage({ requestParameters: untaggedRequest });
      const byDigest = putImage({ requestParameters: untaggedRequest, responseElements: { image: { ...RESPONSE.image, imageId: { imageDigest: DIGEST_B } } } });
      const [a, b] = pushes(runCloudTrail([byResponseTag, byDigest]));
      expect(a!.image).toBe(`${REGISTRY}/builds/web:v1@${DIGEST_B}`);
      expect(b!.image).toBe(`${REGISTRY}/builds/web@${DIGEST_B}`);
      expect(b).not.toHaveProperty('tag');
    });

    it('pushes without digest when responseElements is null, and from responseElements alone when requestParameters is null', () => {
      const [a, b] = pushes(runCloudTrail([putImage({ responseElements: null }), putImage({ requestParameters: null })]));
      expect(a!.image).toBe(`${REGISTRY}/builds/web:v1`);
      expect(b!.image).toBe(`${REGISTRY}/builds/web:v1@${DIGEST_B}`);
    });

    it('uses requestParameters.imageDigest when the response has no digest', () => {
      const rec = putImage({ requestParameters: { repositoryName: 'web', imageTag: 'v1', imageDigest: DIGEST_B }, responseElements: null });
      expect(pushes(runCloudTrail([rec]))[0]!.image).toBe(`${REGISTRY}/web:v1@${DIGEST_B}`);
    });

    it('never takes the host from sourceIPAddress', () => {
      const rec = putImage({ sourceIPAddress: '10.0.1.23', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/ci', accountId: '111122223333', userName: 'ci' } });
      const [push] = pushes(runCloudTrail([rec]));
      expect(push).not.toHaveProperty('host');
      expect(push!.actor).toEqual({ arn: 'arn:aws:iam::111122223333:user/ci' });
    });

    it('gives a push without actor for a service caller (AWSService carries no principal ARN)', () => {
      const [push] = pushes(runCloudTrail([putImage({ userIdentity: { type: 'AWSService', invokedBy: 'ecr.amazonaws.com' } })]));
      expect(push).not.toHaveProperty('actor');
      expect(push).not.toHaveProperty('host');
    });

    it.each(['1.04', '1.05', '1.08', '1.10', undefined])('reads eventVersion %s alike', (eventVersion) => {
      expect(pushes(runCloudTrail([putImage({ eventVersion })]))[0]!.image).toBe(`${REGISTRY}/builds/web:v1@${DIGEST_B}`);
    });

    it('reads a CloudWatch Logs message string', () => {
      expect(pushes(runCloudTrail([JSON.stringify(putImage())]))).toHaveLength(1);
    });

    it('gives one id per eventID, and a deterministic one without eventID', () => {
      const [a, b, c] = pushes(runCloudTrail([putImage(), putImage({ eventID: 'other' }), putImage({ eventID: undefined })]));
      expect(b!.id).not.toBe(a!.id);
      expect(pushes(runCloudTrail([putImage({ eventID: undefined })]))[0]!.id).toBe(c!.id);
      expect(c!.id).not.toBe(a!.id);
    });

    it('takes the region from the batch context when awsRegion is missing', () => {
      expect(pushes(runCloudTrail([putImage({ awsRegion: undefined })], { region: 'us-east-2' }))[0]!.region).toBe('us-east-2');
    });
  });

  describe('records read and ignored, counted by reason', () => {
    it('ignores failed PutImage calls by error code', () => {
      const tally = runCloudTrail([
        putImage({ errorCode: 'ImageAlreadyExistsException', errorMessage: 'exists', responseElements: null }),
        putImage({ errorCode: 'AccessDenied', responseElements: null }),
      ]);
      expect(tally.signals).toEqual([]);
      expect(Object.fromEntries(tally.ignored)).toEqual({ 'cloudtrail:error-ignored:ImageAlreadyExistsException': 1, 'cloudtrail:error-ignored:AccessDenied': 1 });
    });

    it('ignores other ECR calls by name and other services under one reason', () => {
      const tally = runCloudTrail([
        putImage({ eventName: 'InitiateLayerUpload' }),
        putImage({ eventName: 'BatchGetImage', responseElements: null }),
        putImage({ eventName: 'PolicyExecutionEvent', eventType: 'AwsServiceEvent', requestParameters: null, responseElements: null }),
        putImage({ eventSource: 's3.amazonaws.com', eventName: 'PutObject' }),
        putImage({ eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole' }),
      ]);
      expect(tally.signals).toEqual([]);
      expect(Object.fromEntries(tally.ignored)).toEqual({
        'cloudtrail:event-ignored:InitiateLayerUpload': 1,
        'cloudtrail:event-ignored:BatchGetImage': 1,
        'cloudtrail:event-ignored:PolicyExecutionEvent': 1,
        'cloudtrail:event-source-ignored': 2,
      });
    });
  });

  describe('records rejected, counted by reason, the rest of the batch kept', () => {
    it.each([
      ['cloudtrail:invalid-json', 'truncated JSON text', '{"eventVersion":"1.08","eventSource":'],
      ['cloudtrail:not-a-cloudtrail-record', 'an EventBridge event', imageAction()],
      ['cloudtrail:not-a-cloudtrail-record', 'a record without eventTime', putImage({ eventTime: undefined })],
      ['cloudtrail:not-a-cloudtrail-record', 'null', null],
      ['cloudtrail:log-file-not-split', 'a whole trail file', { Records: [putImage()] }],
      ['cloudtrail:missing-repository-name', 'request and response both null', putImage({ requestParameters: null, responseElements: null })],
      ['cloudtrail:invalid-time', 'an eventTime that is not a time', putImage({ eventTime: 'not a time' })],
      ['cloudtrail:invalid-account-or-region', 'no region anywhere', putImage({ awsRegion: undefined })],
      ['cloudtrail:invalid-account-or-region', 'a malformed registryId', putImage({ requestParameters: { repositoryName: 'web', registryId: 'abc' } })],
      ['cloudtrail:invalid-repository-name', 'a repository name with a space', putImage({ requestParameters: { repositoryName: 'bad name' } })],
    ])('%s: %s', (reason, _label, bad) => {
      const tally = runCloudTrail([bad, putImage()]);
      expect(tally.records).toBe(2);
      expect(Object.fromEntries(tally.rejected)).toEqual({ [reason]: 1 });
      expect(tally.rejectSamples[0]).toMatchObject({ reason, ref: 'test:1' });
      expect(pushes(tally).map((s) => s.ref)).toEqual(['test:2']);
    });
  });
});

describe('normalizeEcrEvents with "AWS API Call via CloudTrail" events', () => {
  it('gives the same push as the trail copy of the record (same id, time, image, actor), with its own ref', () => {
    const direct = pushes(runCloudTrail([putImage()]))[0]!;
    const bridged = pushes(runEcr([viaEventBridge(putImage())]))[0]!;
    expect(bridged).toEqual({ ...direct, ref: 'test:1' });
    expect(bridged.source).toBe('cloudtrail');
    expect(bridged.rule).toBe('cloudtrail-put-image');
  });

  it('takes account and region from the EventBridge event when the detail lacks them', () => {
    const rec = putImage({ awsRegion: undefined, recipientAccountId: undefined, responseElements: null });
    const [push] = pushes(runEcr([viaEventBridge(rec, { account: '555566667777', region: 'ap-southeast-2' })]));
    expect(push!.image).toBe('555566667777.dkr.ecr.ap-southeast-2.amazonaws.com/builds/web:v1');
  });

  it('counts other calls under the CloudTrail reasons, whatever the delivery', () => {
    const tally = runEcr([
      viaEventBridge(putImage({ eventName: 'CreateRepository' })),
      viaEventBridge(putImage({ errorCode: 'LayersNotFoundException' })),
      viaEventBridge(putImage({ eventSource: 's3.amazonaws.com', eventName: 'PutObject' }), { source: 'aws.s3' }),
      viaEventBridge(putImage({ eventName: 'PolicyExecutionEvent' }), { 'detail-type': 'AWS Service Event via CloudTrail' }),
    ]);
    expect(tally.signals).toEqual([]);
    expect(Object.fromEntries(tally.ignored)).toEqual({
      'cloudtrail:event-ignored:CreateRepository': 1,
      'cloudtrail:error-ignored:LayersNotFoundException': 1,
      'cloudtrail:event-source-ignored': 1,
      'cloudtrail:event-ignored:PolicyExecutionEvent': 1,
    });
  });

  it('rejects a "via CloudTrail" event whose detail is not a CloudTrail record', () => {
    const tally = runEcr([viaEventBridge({ eventName: 'PutImage' })]);
    expect(Object.fromEntries(tally.rejected)).toEqual({ 'ecr-event:invalid-cloudtrail-detail': 1 });
  });
});

describe('isCloudTrailRecord', () => {
  it('recognises CloudTrail records, as objects or JSON strings', () => {
    expect(isCloudTrailRecord(putImage())).toBe(true);
    expect(isCloudTrailRecord(JSON.stringify(putImage({ eventSource: 's3.amazonaws.com' })))).toBe(true);
  });

  it('refuses EventBridge events, trail files, log lines and other values', () => {
    for (const x of [imageAction(), viaEventBridge(putImage()), { Records: [putImage()] }, 'type=EXECVE msg=audit(1.2:3)', null, 0, []]) {
      expect(isCloudTrailRecord(x)).toBe(false);
    }
  });
});
