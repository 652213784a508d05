/**
 * Risk evidence on the deploy side (`requireScanBeforeDeploy`): where ECR basic or Inspector
 * enhanced scanning is on, a chain's deployed image with no completed scan before its deploy
 * raises the finding one step, and a scan before the deploy is named in the description. Scans
 * are matched by digest when the deploy or the chain's push knows it, else by tag. The chain is a
 * host build, its push by the host's role (digest known) and a deploy by tag 7 minutes in: HIGH.
 */
import type { ScanSignal } from '../../../lambdas/core/model/signal';
import { DIGEST, IMAGE, REGISTRY, T0, at, build, deploy, push } from '../../support/chain-signals';
import { runBatches } from '../../support/correlate-run';
import { useEmbeddedStore } from '../../support/embedded-store';

const db = useEmbeddedStore();
const run = async (batches: Parameters<typeof runBatches>[1], config: unknown = {}) => runBatches(await db.fresh(), batches, config, T0);
const ON = { requireScanBeforeDeploy: true };
const REASON = `deployed ${IMAGE} with no ECR scan result before the deploy (requireScanBeforeDeploy)`;

/** A scan as rule ecr-image-scan emits it: by digest and tag, Inspector, complete, 5 minutes in (the deploy is at 7). */
const scan = (o: Partial<ScanSignal> = {}): ScanSignal => ({
  kind: 'scan', id: 'v-1', rule: 'ecr-image-scan', time: at(300), source: 'ecr-event', ref: 'eventbridge:scan-1', account: '111122223333', region: 'us-east-1',
  image: `${REGISTRY}/payments-api@${DIGEST}`, registry: REGISTRY, repository: 'payments-api', digest: DIGEST, tags: ['v2.3.1-hotfix'],
  status: 'complete', scanner: 'inspector', severityCounts: { CRITICAL: 2, HIGH: 5, MEDIUM: 0, TOTAL: 7 }, ...o,
});
const chain = (...scans: ScanSignal[]) => [[build()], [push()], scans, [deploy()]];

describe('requireScanBeforeDeploy', () => {
  it('is off by default: an unscanned deploy changes nothing, and no scan is read', async () => {
    const { findings } = await run(chain());
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'HIGH', stages: ['build', 'push', 'deploy'], modifiers: [] });
    expect(findings[0]!.severityEvidence.unscannedDeploys).toBeUndefined();
  });

  it('raises a deploy with no scan result before it one step, and says which image', async () => {
    const { findings } = await run(chain(), ON);
    expect(findings[0]).toMatchObject({ severity: 'CRITICAL', baseSeverity: 'HIGH', modifiers: [{ kind: 'unscanned-deploy', reason: REASON, steps: 1 }] });
    expect(findings[0]!.severityEvidence.unscannedDeploys).toEqual([IMAGE]);
    expect(findings[0]!.description).toContain(`Severity raised: ${REASON}.`);
  });

  it('leaves a deploy scanned before it at its ladder step, and names the scan in the description', async () => {
    const { findings } = await run(chain(scan()), ON);
    expect(findings[0]).toMatchObject({ severity: 'HIGH', modifiers: [] });
    expect(findings[0]!.severityEvidence.unscannedDeploys).toBeUndefined();
    expect(findings[0]!.description).toContain(`The deployed image ${IMAGE} was scanned by Inspector at ${at(300)} before the deploy: 2 CRITICAL, 5 HIGH.`);
    // The scan is no evidence of the chain: not on its timeline.
    expect(findings[0]!.timeline.map((e) => e.kind)).toEqual(['build', 'push', 'deploy']);
  });

  it('counts a scan at the deploy’s own time as before it, and an ECR basic scan as well as Inspector’s', async () => {
    const { findings } = await run(chain(scan({ time: at(420), scanner: 'ecr-basic', severityCounts: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, TOTAL: 0 } })), ON);
    expect(findings[0]).toMatchObject({ severity: 'HIGH', modifiers: [] });
    expect(findings[0]!.description).toContain(`was scanned by ECR basic scanning at ${at(420)} before the deploy: no findings.`);
  });

  it('raises a deploy whose only scan came after it', async () => {
    const { findings } = await run([[build()], [push()], [deploy()], [scan({ time: at(500) })]], ON);
    expect(findings[0]).toMatchObject({ severity: 'CRITICAL', modifiers: [{ kind: 'unscanned-deploy', reason: REASON }] });
  });

  it('raises a deploy whose scan before it FAILED: a failed scan is no scan result', async () => {
    const { findings } = await run(chain(scan({ status: 'failed', severityCounts: undefined })), ON);
    expect(findings[0]).toMatchObject({ severity: 'CRITICAL', modifiers: [{ kind: 'unscanned-deploy' }] });
  });

  it('matches by digest when the deploy names it, even a scan that names no tag', async () => {
    const byDigest = `${REGISTRY}/payments-api@${DIGEST}`;
    const { findings } = await run([[build()], [push()], [scan({ tags: undefined })], [deploy({ images: [byDigest] })]], ON);
    expect(findings[0]).toMatchObject({ severity: 'HIGH', modifiers: [] });
    expect(findings[0]!.description).toContain(`The deployed image ${byDigest} was scanned by Inspector`);
  });

  it('reads the scans of the digest the chain’s push gave the tag: a scan of what the tag named before does not count', async () => {
    const older = `sha256:${'0a'.repeat(32)}`;
    const { findings } = await run(chain(scan({ id: 'v-old', digest: older, image: `${REGISTRY}/payments-api@${older}` })), ON);
    expect(findings[0]).toMatchObject({ severity: 'CRITICAL', modifiers: [{ kind: 'unscanned-deploy', reason: REASON }] });
  });

  it('reads by tag when no digest is known (a build and its deploy, no push seen)', async () => {
    const tagOnly = scan({ digest: undefined, image: IMAGE, tags: ['v2.3.1-hotfix'] });
    const unscanned = await run([[build()], [deploy()]], ON);
    const scanned = await run([[build()], [tagOnly], [deploy()]], ON);
    expect(unscanned.findings[0]).toMatchObject({ severity: 'CRITICAL', modifiers: [{ kind: 'unscanned-deploy' }] });
    expect(scanned.findings[0]).toMatchObject({ severity: 'HIGH', modifiers: [] });
  });

  it('does not grade the deploy’s other images (sidecars are not the chain’s)', async () => {
    const { findings } = await run(chain(scan()), ON);
    const withSidecar = await run([[build()], [push()], [scan()], [deploy({ images: [IMAGE, 'docker.io/library/envoy:1.30'] })]], ON);
    expect(withSidecar.findings[0]).toMatchObject({ severity: findings[0]!.severity, modifiers: [] });
  });
});
