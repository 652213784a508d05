/**
 * Every sample in shared/corpus/ecr and shared/corpus/cloudtrail, read by the normalizer of its
 * source with its exact outcome. A new corpus file fails the first test until it gets one here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tally } from '../../../../lambdas/core/model/normalize-result';
import { CORPUS_DIR, pushes, runCloudTrail, runEcr } from './fixtures';

interface Expected {
  /** Exact push signals (partial match), or none. */
  push?: Record<string, unknown>;
  /** Exact scan signal (partial match), or none. */
  scan?: Record<string, unknown>;
  ignored?: Record<string, number>;
}

const DOC_DIGEST = 'sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd1234';
const DOC_PUSH = {
  kind: 'push',
  rule: 'ecr-image-push',
  source: 'ecr-event',
  // Both PUSH samples carry the same EventBridge id: they are one event, delivered twice.
  id: '725fc22b52526aa8fc9ac012d057c6da',
  time: '2019-11-16T01:54:34.000Z',
  account: '123456789012',
  region: 'us-west-2',
  registry: '123456789012.dkr.ecr.us-west-2.amazonaws.com',
  repository: 'my-repository-name',
  tag: 'latest',
  // The doc digest has 60 hex digits, not 64: the grammar-only check keeps it.
  digest: DOC_DIGEST,
  image: `123456789012.dkr.ecr.us-west-2.amazonaws.com/my-repository-name:latest@${DOC_DIGEST}`,
};

const ECR: Record<string, Expected> = {
  'aws-lambda-go-ecr-image-push-event.json': { push: DOC_PUSH },
  'awsdocs-ecr-eventbridge-ImageAction-PUSH.json': { push: DOC_PUSH },
  'awsdocs-ecr-eventbridge-ImageAction-DELETE.json': { ignored: { 'ecr-event:action-ignored:DELETE': 1 } },
  'awsdocs-ecr-eventbridge-ImageScan.json': {
    scan: {
      kind: 'scan',
      rule: 'ecr-image-scan',
      source: 'ecr-event',
      time: '2019-10-29T02:36:48.000Z',
      registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      repository: 'my-repository-name',
      digest: DOC_DIGEST,
      status: 'complete',
      scanner: 'ecr-basic',
      severityCounts: { CRITICAL: 10, MEDIUM: 9 },
    },
  },
  'awsdocs-current-ecr-eventbridge-ReplicationAction-SUCCESS.json': { ignored: { 'ecr-event:detail-type-ignored:ECR Replication Action': 1 } },
};

const CLOUDTRAIL: Record<string, Expected> = {
  'awsdocs-ecr-cloudtrail-PutImage.json': {
    push: {
      kind: 'push',
      rule: 'cloudtrail-put-image',
      source: 'cloudtrail',
      id: 'a64814253e30556ee88d2c734a07d29e',
      time: '2019-04-15T16:45:00.000Z',
      account: '123456789012',
      region: 'us-east-2',
      registry: '123456789012.dkr.ecr.us-east-2.amazonaws.com',
      repository: 'testrepo',
      tag: 'latest',
      digest: 'sha256:98c8b060c21d9adbb6b8c41b916e95e6307102786973ab93a41e8b86d1fc6d3e',
      image: '123456789012.dkr.ecr.us-east-2.amazonaws.com/testrepo:latest@sha256:98c8b060c21d9adbb6b8c41b916e95e6307102786973ab93a41e8b86d1fc6d3e',
      // type IAMUser with an sts ARN in the doc: the IAM user ARN is what allowlists name.
      actor: { arn: 'arn:aws:iam::123456789012:user/Mary_Major', sessionArn: 'arn:aws:sts::123456789012:user/Mary_Major' },
    },
  },
  'awsdocs-ecr-cloudtrail-BatchGetImage.json': { ignored: { 'cloudtrail:event-ignored:BatchGetImage': 1 } },
  'awsdocs-ecr-cloudtrail-CreateRepository.json': { ignored: { 'cloudtrail:event-ignored:CreateRepository': 1 } },
  'awsdocs-ecr-cloudtrail-PolicyExecutionEvent.json': { ignored: { 'cloudtrail:event-ignored:PolicyExecutionEvent': 1 } },
};

function check(tally: Tally, want: Expected, ref: string): void {
  expect(tally.records).toBe(1);
  expect(Object.fromEntries(tally.rejected)).toEqual({});
  expect(Object.fromEntries(tally.ignored)).toEqual(want.ignored ?? {});
  const got = pushes(tally);
  expect(tally.signals).toHaveLength(want.push || want.scan ? 1 : 0);
  if (want.scan) expect(tally.signals[0]).toMatchObject({ ...want.scan, ref });
  if (want.push) {
    expect(got[0]).toMatchObject({ ...want.push, ref });
    expect(got[0]!.host).toBeUndefined();
  }
}

describe.each([
  ['ecr', ECR, runEcr],
  ['cloudtrail', CLOUDTRAIL, runCloudTrail],
] as const)('corpus/%s', (dir, table, run) => {
  const files = readdirSync(join(CORPUS_DIR, dir)).filter((f) => f.endsWith('.json'));

  it('has an expectation for every sample file', () => {
    expect(files.sort()).toEqual(Object.keys(table).sort());
  });

  it.each(files)('%s, parsed', (file) => {
    const data: unknown = JSON.parse(readFileSync(join(CORPUS_DIR, dir, file), 'utf8'));
    check(run([data]), table[file]!, 'test:1');
  });

  it.each(files)('%s, as the raw text a CloudWatch Logs message carries', (file) => {
    check(run([readFileSync(join(CORPUS_DIR, dir, file), 'utf8')]), table[file]!, 'test:1');
  });
});

describe('corpus samples given to the wrong normalizer', () => {
  it('rejects CloudTrail records as not EventBridge events, and EventBridge events as not CloudTrail records', () => {
    const read = (dir: string) => readdirSync(join(CORPUS_DIR, dir)).map((f) => JSON.parse(readFileSync(join(CORPUS_DIR, dir, f), 'utf8')) as unknown);
    const ecr = runEcr(read('cloudtrail'));
    const ct = runCloudTrail(read('ecr'));
    expect(ecr.signals).toEqual([]);
    expect(Object.fromEntries(ecr.rejected)).toEqual({ 'ecr-event:not-an-eventbridge-event': Object.keys(CLOUDTRAIL).length });
    expect(ct.signals).toEqual([]);
    expect(Object.fromEntries(ct.rejected)).toEqual({ 'cloudtrail:not-a-cloudtrail-record': Object.keys(ECR).length });
  });
});
