/** normalizeEcrEvents: EventBridge "ECR Image Action" events to push signals, everything else counted. */
import { isEventBridgeEvent } from '../../../../lambdas/core/sources/ecr';
import { stableId } from '../../../../lambdas/core/util/hash';
import { DIGEST_A, imageAction, pushes, putImage, runEcr } from './fixtures';

const REGISTRY = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';

describe('normalizeEcrEvents', () => {
  describe('ECR Image Action PUSH SUCCESS', () => {
    it('turns a tagged push into a push signal with registry, repository, tag, digest and no actor', () => {
      const tally = runEcr([imageAction()]);
      expect(tally.records).toBe(1);
      expect(tally.signals).toEqual([
        {
          kind: 'push',
          id: stableId('ecr-image-push', '9b1f0c7e-2a44-4e0b-8f0e-51d7b3a4c2d1'),
          rule: 'ecr-image-push',
          time: '2025-03-04T10:15:02.000Z',
          source: 'ecr-event',
          ref: 'test:1',
          account: '111122223333',
          region: 'eu-west-1',
          image: `${REGISTRY}/builds/web:v1@${DIGEST_A}`,
          registry: REGISTRY,
          repository: 'builds/web',
          tag: 'v1',
          digest: DIGEST_A,
        },
      ]);
    });

    it.each([
      ['an empty image-tag (untagged / OCI child manifest)', { 'image-tag': '' }],
      ['no image-tag at all', { 'image-tag': undefined }],
    ])('gives an image by digest only for %s', (_name, detail) => {
      const [push] = pushes(runEcr([imageAction({}, detail)]));
      expect(push!.image).toBe(`${REGISTRY}/builds/web@${DIGEST_A}`);
      expect(push).not.toHaveProperty('tag');
      expect(push!.digest).toBe(DIGEST_A);
    });

    it('tolerates the newer manifest-media-type and artifact-media-type fields', () => {
      const ev = imageAction({}, { 'manifest-media-type': 'application/vnd.oci.image.index.v1+json', 'artifact-media-type': 'application/vnd.oci.image.config.v1+json' });
      expect(pushes(runEcr([ev]))[0]!.image).toBe(`${REGISTRY}/builds/web:v1@${DIGEST_A}`);
    });

    it('keeps repository and tag when the digest is malformed (AWS doc samples use "sha256:EXAMPLE")', () => {
      const [push] = pushes(runEcr([imageAction({}, { 'image-digest': 'sha256:EXAMPLE' })]));
      expect(push!.image).toBe(`${REGISTRY}/builds/web:v1`);
      expect(push).not.toHaveProperty('digest');
    });

    it('keeps a digest that only breaks the sha256 length or hex alphabet (grammar check only, as image-ref documents)', () => {
      const sixtyHex = 'sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234';
      const nonHex = `sha256:${'g'.repeat(64)}`;
      expect(pushes(runEcr([imageAction({}, { 'image-digest': sixtyHex })]))[0]!.digest).toBe(sixtyHex);
      expect(pushes(runEcr([imageAction({}, { 'image-digest': nonHex })]))[0]!.digest).toBe(nonHex);
    });

    it('drops a tag the reference grammar refuses (ECR allows 300 characters, OCI 128) but keeps repository and digest', () => {
      const [push] = pushes(runEcr([imageAction({}, { 'image-tag': 'x'.repeat(200) })]));
      expect(push!.image).toBe(`${REGISTRY}/builds/web@${DIGEST_A}`);
    });

    it('names the .amazonaws.com.cn registry in China regions', () => {
      const [push] = pushes(runEcr([imageAction({ region: 'cn-northwest-1' })]));
      expect(push!.registry).toBe('111122223333.dkr.ecr.cn-northwest-1.amazonaws.com.cn');
    });

    it('writes the event time as ISO UTC with milliseconds', () => {
      expect(pushes(runEcr([imageAction({ time: '2025-03-04T12:15:02.25+02:00' })]))[0]!.time).toBe('2025-03-04T10:15:02.250Z');
    });

    it('gives one id per EventBridge event: redeliveries share it, other events differ', () => {
      const [a, b, c] = pushes(runEcr([imageAction(), imageAction(), imageAction({ id: 'another-event-id' })]));
      expect(a!.id).toBe(b!.id);
      expect(c!.id).not.toBe(a!.id);
      expect([a!.ref, b!.ref, c!.ref]).toEqual(['test:1', 'test:2', 'test:3']);
    });

    it('derives a deterministic id from the push itself when the event has no id', () => {
      const first = pushes(runEcr([imageAction({ id: undefined })]))[0]!;
      expect(pushes(runEcr([imageAction({ id: undefined })]))[0]!.id).toBe(first.id);
      expect(first.id).not.toBe(pushes(runEcr([imageAction()]))[0]!.id);
    });

    it('takes account and region from the batch context when the event lacks them', () => {
      const [push] = pushes(runEcr([imageAction({ account: undefined, region: undefined })], { account: '444455556666', region: 'us-east-2' }));
      expect(push!.image).toBe(`444455556666.dkr.ecr.us-east-2.amazonaws.com/builds/web:v1@${DIGEST_A}`);
    });

    it('reads an event given as a JSON string', () => {
      expect(pushes(runEcr([JSON.stringify(imageAction())]))).toHaveLength(1);
    });
  });

  describe('events read and ignored, counted by reason', () => {
    it.each(['ECR Scan Resource Change', 'ECR Pull Through Cache Action', 'ECR Referrer Action', 'ECR Replication Action'])('ignores detail-type %s', (detailType) => {
      const tally = runEcr([imageAction({ 'detail-type': detailType })]);
      expect(tally.signals).toEqual([]);
      expect(Object.fromEntries(tally.ignored)).toEqual({ [`ecr-event:detail-type-ignored:${detailType}`]: 1 });
    });

    it.each(['DELETE', 'UPDATE_STORAGE_CLASS', 'REPLICATE'])('ignores action-type %s', (action) => {
      const tally = runEcr([imageAction({}, { 'action-type': action })]);
      expect(tally.signals).toEqual([]);
      expect(Object.fromEntries(tally.ignored)).toEqual({ [`ecr-event:action-ignored:${action}`]: 1 });
    });

    it('ignores a FAILED push, and one without result or action-type', () => {
      const tally = runEcr([imageAction({}, { result: 'FAILED' }), imageAction({}, { result: undefined }), imageAction({}, { 'action-type': undefined })]);
      expect(tally.signals).toEqual([]);
      expect(Object.fromEntries(tally.ignored)).toEqual({ 'ecr-event:result-ignored:FAILED': 1, 'ecr-event:result-ignored:none': 1, 'ecr-event:action-ignored:none': 1 });
    });

    it('reads an EC2 RunInstances call delivered as "AWS API Call via CloudTrail" (source aws.ec2): instance ↔ IP links', () => {
      const response = { ownerId: '111122223333', instancesSet: { items: [{ instanceId: 'i-0c1a2b3c4d5e6f701', privateIpAddress: '10.0.200.15' }] } };
      const detail = { eventVersion: '1.10', eventTime: '2026-11-02T09:59:02Z', eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', awsRegion: 'us-east-1', eventID: 'd2a0f1c4', responseElements: response, recipientAccountId: '111122223333' };
      const ev = { version: '0', id: '6a7e8feb', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2', account: '111122223333', time: '2026-11-02T09:59:02Z', region: 'us-east-1', resources: [], detail };
      const tally = runEcr([ev]);
      expect(tally.signals).toEqual([expect.objectContaining({ kind: 'link', link: 'instance-ip', rule: 'cloudtrail-run-instances', instanceId: 'i-0c1a2b3c4d5e6f701', ip: '10.0.200.15', time: '2026-11-02T09:59:02.000Z', account: '111122223333', region: 'us-east-1', ref: 'test:1' })]);
    });

    it('ignores events of other services', () => {
      const ec2 = { version: '0', id: 'x', 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2', account: '111122223333', time: '2025-03-04T10:00:00Z', region: 'eu-west-1', resources: [], detail: { 'instance-id': 'i-0a1b2c3d4e5f67890', state: 'running' } };
      expect(Object.fromEntries(runEcr([ec2]).ignored)).toEqual({ 'ecr-event:source-ignored:aws.ec2': 1 });
    });

    it('keeps reason keys short and printable whatever the event says', () => {
      const tally = runEcr([imageAction({ 'detail-type': `ECR\n${'Z'.repeat(500)}` })]);
      const [reason] = [...tally.ignored.keys()];
      expect(reason).toMatch(/^ecr-event:detail-type-ignored:ECR_Z+$/);
      expect(reason!.length).toBeLessThanOrEqual('ecr-event:detail-type-ignored:'.length + 64);
    });
  });

  describe('records rejected, counted by reason, the rest of the batch kept', () => {
    const noDetail = { ...imageAction(), detail: 'PUSH' };
    it.each([
      ['ecr-event:invalid-json', 'truncated JSON text', '{"version": "0", "detail-type": '],
      ['ecr-event:not-an-eventbridge-event', 'a bare detail', { 'repository-name': 'web', 'action-type': 'PUSH' }],
      ['ecr-event:not-an-eventbridge-event', 'an array of events', [imageAction()]],
      ['ecr-event:not-an-eventbridge-event', 'null', null],
      ['ecr-event:not-an-eventbridge-event', 'a number', 42],
      ['ecr-event:not-an-eventbridge-event', 'a bare CloudTrail record', putImage()],
      ['ecr-event:not-an-eventbridge-event', 'a string detail', noDetail],
      ['ecr-event:missing-repository-name', 'no repository-name', imageAction({}, { 'repository-name': undefined })],
      ['ecr-event:missing-repository-name', 'an empty repository-name', imageAction({}, { 'repository-name': '' })],
      ['ecr-event:invalid-time', 'a time that is not one', imageAction({ time: 'yesterday' })],
      ['ecr-event:invalid-time', 'no time', imageAction({ time: undefined })],
      ['ecr-event:invalid-account-or-region', 'a short account', imageAction({ account: '1234' })],
      ['ecr-event:invalid-account-or-region', 'a region with a path in it', imageAction({ region: 'eu-west-1/../x' })],
      ['ecr-event:invalid-account-or-region', 'no region, none in the context', imageAction({ region: undefined })],
      ['ecr-event:invalid-repository-name', 'a repository name with a space', imageAction({}, { 'repository-name': 'has space' })],
    ])('%s: %s', (reason, _label, bad) => {
      const tally = runEcr([bad, imageAction()]);
      expect(tally.records).toBe(2);
      expect(Object.fromEntries(tally.rejected)).toEqual({ [reason]: 1 });
      expect(tally.rejectSamples[0]).toMatchObject({ reason, ref: 'test:1' });
      expect(pushes(tally).map((s) => s.ref)).toEqual(['test:2']);
    });
  });
});

describe('isEventBridgeEvent', () => {
  it('recognises EventBridge events, as objects or JSON strings', () => {
    expect(isEventBridgeEvent(imageAction())).toBe(true);
    expect(isEventBridgeEvent(JSON.stringify(imageAction({ 'detail-type': 'ECR Image Scan' })))).toBe(true);
  });

  it('refuses CloudTrail records, log lines and other values', () => {
    for (const x of [putImage(), 'Calling POST /v1.41/build', '{"detail-type":"x"}', null, undefined, 7, [], { 'detail-type': 'x', source: 'y', detail: null }]) {
      expect(isEventBridgeEvent(x)).toBe(false);
    }
  });
});
