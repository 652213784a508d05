/**
 * The `requireScanBeforeDeploy` modifier, pure: a chain whose deployed image had no completed ECR
 * scan (basic or Inspector) before its deploy is raised one step, where scanning is on. The
 * deployed images without a scan are severity evidence (`SeverityEvidence.unscannedDeploys`),
 * merged as a union like the other lists, so a finding never forgets an unscanned deploy.
 */
import type { Config } from '../model/config';
import type { SeverityEvidence, SeverityStep } from '../model/finding';

/** At most this many unscanned deployed images are kept on a finding (the first in sort order). */
export const MAX_UNSCANNED_DEPLOYS = 20;

/** The modifier, when `requireScanBeforeDeploy` is on and a deployed image had no scan result before its deploy. */
export function unscannedDeployStep(e: SeverityEvidence, config: Pick<Config, 'requireScanBeforeDeploy'>): SeverityStep | undefined {
  const images = e.unscannedDeploys ?? [];
  if (!config.requireScanBeforeDeploy || images.length === 0) return undefined;
  const more = images.length > 1 ? ` (and ${images.length - 1} more)` : '';
  return { kind: 'unscanned-deploy', reason: `deployed ${images[0]}${more} with no ECR scan result before the deploy (requireScanBeforeDeploy)`, steps: 1 };
}

/** The union of two evidences' unscanned deploys, as a partial SeverityEvidence (empty when neither has any). */
export function mergeUnscannedDeploys(a: SeverityEvidence, b: SeverityEvidence): Pick<SeverityEvidence, 'unscannedDeploys'> {
  const images = uniqueSorted([...(a.unscannedDeploys ?? []), ...(b.unscannedDeploys ?? [])]);
  return images.length > 0 ? { unscannedDeploys: images } : {};
}

/** Sorted, without duplicates, at most MAX_UNSCANNED_DEPLOYS. */
export function uniqueSorted(images: Iterable<string>): string[] {
  return [...new Set(images)].sort().slice(0, MAX_UNSCANNED_DEPLOYS);
}
