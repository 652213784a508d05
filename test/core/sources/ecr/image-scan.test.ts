/**
 * Image scan events (ECR Image Scan, Inspector2 Scan) through the ECR EventBridge normalizer: every
 * record is a scan signal or a counted reason; scans are kept under their image's digest and each
 * tag with their own sort-key prefix, apart from the builds and pushes a chain's candidates are read from.
 */
import { signalPartitions, signalSk } from '../../../../lambdas/core/correlate/state-keys';
import type { ScanSignal } from '../../../../lambdas/core/model/signal';
import { runEcr } from './fixtures';

const DIGEST = `sha256:${'4f'.repeat(32)}`;
const inspector = (detail: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  version: '0', id: 'fdaa751a-984c-a709-44f9-9a9da9cd3606', 'detail-type': 'Inspector2 Scan', source: 'aws.inspector2', account: '111122223333', time: '2023-01-20T23:15:18Z', region: 'us-east-1', resources: [],
  detail: { 'scan-status': 'INITIAL_SCAN_COMPLETE', 'repository-name': 'arn:aws:ecr:us-east-1:111122223333:repository/team/web', 'image-digest': DIGEST, 'image-tags': ['v1', 'latest'], ...detail },
  ...over,
});

describe('image scan events', () => {
  it('reads an Inspector scan into a scan signal of the repository ARN’s registry', () => {
    const tally = runEcr([inspector({})]);
    expect(tally.signals).toEqual([expect.objectContaining({ kind: 'scan', registry: '111122223333.dkr.ecr.us-east-1.amazonaws.com', repository: 'team/web', digest: DIGEST, tags: ['v1', 'latest'], status: 'complete', scanner: 'inspector' })]);
  });

  it('is the same signal when EventBridge delivers the event twice', () => {
    const [a, b] = runEcr([inspector({}), inspector({})]).signals;
    expect(a!.id).toBe(b!.id);
  });

  it('counts what it cannot read, and ignores Inspector scans of things that are no image', () => {
    const tally = runEcr([inspector({ 'repository-name': 'arn:aws:ecr:us-east-1:bad:repository/web' }), inspector({ 'repository-name': undefined, 'instance-id': 'i-087d63509b8c97098' }), inspector({ 'scan-status': 'PENDING' })]);
    expect(tally.signals).toEqual([]);
    expect(Object.fromEntries(tally.rejected)).toEqual({ 'ecr-event:invalid-repository-arn': 1 });
    expect(Object.fromEntries(tally.ignored)).toEqual({ 'ecr-event:inspector-scan-not-an-image': 1, 'ecr-event:scan-status-ignored:PENDING': 1 });
  });

  it('keeps at most 20 tags, and counts the rest', () => {
    const tally = runEcr([inspector({ 'image-tags': Array.from({ length: 25 }, (_, i) => `t${i}`) })]);
    expect((tally.signals[0] as ScanSignal).tags).toHaveLength(20);
    expect(Object.fromEntries(tally.dropped)).toEqual({ 'ecr-event:scan-tags-capped': 5 });
  });

  it('is stored under its digest and each tag, with the V# prefix (never read as a chain candidate)', () => {
    const s = runEcr([inspector({})]).signals[0]!;
    expect(signalPartitions(s)).toEqual([`I#digest:${DIGEST}`, 'I#tag:111122223333.dkr.ecr.us-east-1.amazonaws.com/team/web:v1', 'I#tag:111122223333.dkr.ecr.us-east-1.amazonaws.com/team/web:latest']);
    expect(signalSk(s)).toBe(`V#2023-01-20T23:15:18.000Z#${s.id}`);
  });
});
