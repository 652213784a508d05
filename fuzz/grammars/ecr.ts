/** Random CloudTrail records (PutImage and others, trail files) and EventBridge ECR events. */
import { asText, hostileValue } from '../hostile';
import type { Rng } from '../rng';
import { account, instanceId, isoTime, word } from './common';

function userIdentity(rng: Rng): Record<string, unknown> {
  const acct = account(rng);
  switch (rng.int(0, 4)) {
    case 0: return { type: 'AssumedRole', arn: `arn:aws:sts::${acct}:assumed-role/${rng.pick(['ci-build-runner', 'node-role', word(rng)])}/${instanceId(rng)}`, accountId: acct, sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${acct}:role/ci-build-runner` } } };
    case 1: return { type: 'IAMUser', arn: `arn:aws:iam::${acct}:user/${word(rng)}`, userName: word(rng) };
    case 2: return { type: 'Root', arn: `arn:aws:iam::${acct}:root` };
    case 3: return { type: 'AWSService', invokedBy: 'ecr.amazonaws.com' };
    default: return hostileValue(rng, 0.01) as Record<string, unknown>;
  }
}

export function cloudTrailRecord(rng: Rng): Record<string, unknown> {
  const repo = rng.chance(0.9) ? rng.pick(['web', 'payments/api', 'a/b/c']) : asText(hostileValue(rng, 0.01));
  const tag = rng.chance(0.8) ? rng.pick(['latest', '1.0', 'v2-rc1']) : hostileValue(rng, 0.01);
  const digest = `sha256:${rng.hex(64)}`;
  const r: Record<string, unknown> = {
    eventVersion: '1.08', userIdentity: userIdentity(rng), eventTime: isoTime(rng),
    eventSource: rng.chance(0.9) ? 'ecr.amazonaws.com' : rng.pick(['s3.amazonaws.com', 'ECR.amazonaws.com']),
    eventName: rng.chance(0.7) ? 'PutImage' : rng.pick(['BatchGetImage', 'InitiateLayerUpload', 'CompleteLayerUpload', '']),
    awsRegion: rng.pick(['us-east-1', 'eu-west-3', 'us-gov-west-1', 'xx-1']), sourceIPAddress: '203.0.113.12',
    requestParameters: { repositoryName: repo, imageTag: tag, ...(rng.chance(0.5) ? { registryId: account(rng) } : {}), imageManifest: '{"schemaVersion":2}' },
    responseElements: rng.chance(0.8) ? { image: { registryId: account(rng), repositoryName: repo, imageId: { imageDigest: digest, imageTag: tag } } } : null,
    eventID: rng.chance(0.9) ? `${rng.hex(8)}-${rng.hex(4)}` : hostileValue(rng, 0.01), requestID: rng.hex(8), recipientAccountId: account(rng),
  };
  if (rng.chance(0.1)) r.errorCode = rng.pick(['ImageAlreadyExistsException', '', null, 0]);
  return r;
}

export function cloudTrailDocument(rng: Rng): string {
  const records = Array.from({ length: rng.int(1, 5) }, () => cloudTrailRecord(rng));
  return rng.chance(0.7) ? JSON.stringify({ Records: records }) : records.map((r) => JSON.stringify(r)).join('\n');
}

export function ecrEvent(rng: Rng): Record<string, unknown> {
  if (rng.chance(0.15)) {
    return { version: '0', id: rng.hex(8), 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ecr', account: account(rng), time: isoTime(rng), region: 'us-east-1', detail: cloudTrailRecord(rng) };
  }
  return {
    version: '0', id: `${rng.hex(8)}-${rng.hex(4)}`,
    'detail-type': rng.chance(0.8) ? 'ECR Image Action' : rng.pick(['ECR Image Scan', 'ECR Replication Action', 'ECR Pull Through Cache Action']),
    source: rng.chance(0.95) ? 'aws.ecr' : rng.pick(['aws.s3', '']), account: account(rng), time: isoTime(rng),
    region: rng.chance(0.9) ? rng.pick(['us-east-1', 'eu-west-3']) : asText(hostileValue(rng, 0.01)),
    resources: [],
    detail: {
      result: rng.pick(['SUCCESS', 'FAILURE', 'success']), 'action-type': rng.pick(['PUSH', 'DELETE', 'push']),
      'repository-name': rng.chance(0.9) ? rng.pick(['web', 'payments/api', word(rng)]) : hostileValue(rng, 0.01),
      'image-digest': `sha256:${rng.hex(64)}`, 'image-tag': rng.chance(0.8) ? rng.pick(['latest', '', '1.0']) : hostileValue(rng, 0.01),
      'manifest-media-type': 'application/vnd.oci.image.manifest.v1+json',
    },
  };
}

export function ecrEventDocument(rng: Rng): string {
  const events = Array.from({ length: rng.int(1, 4) }, () => ecrEvent(rng));
  return rng.chance(0.5) ? JSON.stringify(events.length === 1 ? events[0] : events) : events.map((e) => JSON.stringify(e)).join('\n');
}
