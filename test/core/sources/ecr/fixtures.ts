/**
 * Fixtures for the ECR normalizer tests, built from the documented shapes (AWS ECR EventBridge
 * samples, CloudTrail userIdentity reference) with overrides per test.
 */

import { compileSettings } from '../../../../lambdas/core/model/settings';
import { Tally } from '../../../../lambdas/core/model/normalize-result';
import type { BatchContext, SourceRecord } from '../../../../lambdas/core/model/batch';
import type { PushSignal } from '../../../../lambdas/core/model/signal';
import { normalizeCloudTrail, normalizeEcrEvents } from '../../../../lambdas/core/sources/ecr';

/** shared/ sits beside the repository (locally and in CI). */
export { CORPUS_DIR } from '../../../support/corpus';

export const SETTINGS = compileSettings();

export const DIGEST_A = 'sha256:3b37166ec61459e76e33282dda08f2a9cd698ca7e3d6bc44e6a6e7580cdeff8e';
export const DIGEST_B = 'sha256:c7fb3351ecad291a88b92b600037e2435c84a347683d540042086fe72c902b8a';

type Json = Record<string, unknown>;

/** An "ECR Image Action" PUSH SUCCESS event; `detail` overrides merge into the detail. */
export function imageAction(over: Json = {}, detail: Json = {}): Json {
  return {
    version: '0',
    id: '9b1f0c7e-2a44-4e0b-8f0e-51d7b3a4c2d1',
    'detail-type': 'ECR Image Action',
    source: 'aws.ecr',
    account: '111122223333',
    time: '2025-03-04T10:15:02Z',
    region: 'eu-west-1',
    resources: [],
    ...over,
    detail: { result: 'SUCCESS', 'repository-name': 'builds/web', 'image-digest': DIGEST_A, 'action-type': 'PUSH', 'image-tag': 'v1', ...detail },
  };
}

/** An EC2 instance-profile session, as CloudTrail writes it for a docker push from a node. */
export const NODE_SESSION = {
  type: 'AssumedRole',
  principalId: 'AROAEXAMPLEROLEID1234:i-0a1b2c3d4e5f67890',
  arn: 'arn:aws:sts::111122223333:assumed-role/eks-node-role/i-0a1b2c3d4e5f67890',
  accountId: '111122223333',
  accessKeyId: 'ASIAEXAMPLEKEY123456',
  sessionContext: {
    sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEROLEID1234', arn: 'arn:aws:iam::111122223333:role/nodes/eks-node-role', accountId: '111122223333', userName: 'eks-node-role' },
    attributes: { creationDate: '2025-03-04T09:58:11Z', mfaAuthenticated: 'false' },
    ec2RoleDelivery: '2.0',
  },
};

/** A successful PutImage CloudTrail record; top-level overrides replace whole fields. */
export function putImage(over: Json = {}): Json {
  return {
    eventVersion: '1.08',
    userIdentity: NODE_SESSION,
    eventTime: '2025-03-04T10:15:01Z',
    eventSource: 'ecr.amazonaws.com',
    eventName: 'PutImage',
    awsRegion: 'eu-west-1',
    sourceIPAddress: 'AWS Internal',
    userAgent: 'docker/24.0.5 go/go1.20.6',
    requestParameters: { repositoryName: 'builds/web', imageTag: 'v1', imageManifest: '{"schemaVersion":2}' },
    responseElements: { image: { registryId: '111122223333', repositoryName: 'builds/web', imageId: { imageTag: 'v1', imageDigest: DIGEST_B }, imageManifest: '{"schemaVersion":2}' } },
    requestID: '9d1b2c3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e',
    eventID: '6f0e4c3a-8b1d-4f2e-a9c7-3d5b1e0f2a4c',
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
    ...over,
  };
}

/** The record wrapped as EventBridge delivers CloudTrail API calls. */
export function viaEventBridge(record: Json, over: Json = {}): Json {
  return {
    version: '0',
    id: 'e7c3b0a2-55d1-4c8e-b1f9-0a2b3c4d5e6f',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ecr',
    account: '111122223333',
    time: '2025-03-04T10:15:01Z',
    region: 'eu-west-1',
    resources: [],
    detail: record,
    ...over,
  };
}

function records(data: readonly unknown[]): SourceRecord[] {
  return data.map((d, i) => ({ data: d, ref: `test:${i + 1}` }));
}

export function runEcr(data: readonly unknown[], ctx: BatchContext = {}): Tally {
  const tally = new Tally();
  normalizeEcrEvents(records(data), ctx, SETTINGS, tally);
  return tally;
}

export function runCloudTrail(data: readonly unknown[], ctx: BatchContext = {}): Tally {
  const tally = new Tally();
  normalizeCloudTrail(records(data), ctx, SETTINGS, tally);
  return tally;
}

export function pushes(tally: Tally): PushSignal[] {
  return tally.signals.filter((s): s is PushSignal => s.kind === 'push');
}
