/**
 * Rule ecr-image-scan: an image scan that finished, from ECR basic scanning ("ECR Image Scan",
 * scan-status COMPLETE or FAILED) or Amazon Inspector enhanced scanning ("Inspector2 Scan",
 * scan-status INITIAL_SCAN_COMPLETE). A scan is never an anchor nor evidence on its own: it tells
 * whether a deploy of a chain's image had a scan result before it (`requireScanBeforeDeploy`).
 * A FAILED scan is a signal too (status `failed`): it is not a scan result, and says so.
 *
 * Every value is checked as the push rules check theirs: repository, digest and tags through the
 * image-reference grammar (`pushTarget`), counts as small whole numbers under short upper-case keys.
 * A tag or count the grammar refuses is dropped and counted; a scan naming no usable image is rejected.
 */
import type { ScanSignal } from '../../model/signal';
import { asObject, reasonValue } from '../../records/ecr/fields';
import { pushTarget } from '../../records/ecr/push-target';
import type { EcrImageScan } from '../../records/ecr/types';
import { stableId } from '../../util/hash';
import { type Rule, type RuleContext, type RuleOutcome, signalsOutcome } from '../rule';

const ID = 'ecr-image-scan';
/** Tags kept per scan: each is a state item (ECR allows 1,000 tags on an image). */
export const MAX_SCAN_TAGS = 20;
/** Severity keys kept per scan (ECR and Inspector name at most seven). */
const MAX_COUNT_KEYS = 10;
const COUNT_KEY = /^[A-Z][A-Z_]{0,31}$/;

/** complete, failed, or undefined for a status that is neither (PENDING, IN_PROGRESS …). */
function statusOf(raw: string | undefined): ScanSignal['status'] | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'COMPLETE' || raw.endsWith('_COMPLETE')) return 'complete';
  if (raw === 'FAILED' || raw.endsWith('_FAILED')) return 'failed';
  return undefined;
}

/** The counts that are whole numbers ≥ 0 under upper-case keys; the number of entries refused. */
function severityCounts(raw: unknown): { counts?: Record<string, number>; refused: number } {
  const o = asObject(raw);
  if (o === undefined) return { refused: raw === undefined ? 0 : 1 };
  const counts: Record<string, number> = {};
  let refused = 0;
  for (const [k, v] of Object.entries(o)) {
    if (COUNT_KEY.test(k) && typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && Object.keys(counts).length < MAX_COUNT_KEYS) counts[k] = v;
    else refused++;
  }
  return Object.keys(counts).length > 0 ? { counts, refused } : { refused };
}

function evaluateImageScan(ev: EcrImageScan, ctx: RuleContext): RuleOutcome {
  const status = statusOf(ev.scanStatus);
  if (status === undefined) return { ignore: `ecr-event:scan-status-ignored:${reasonValue(ev.scanStatus)}` };
  const target = pushTarget(ev.account, ev.region, ev.repositoryName, undefined, ev.imageDigest);
  if (target === undefined) return { reject: 'ecr-event:invalid-repository-name', detail: ev.repositoryName };
  if (ev.imageDigest !== undefined && target.digest === undefined) ctx.drop?.('ecr-event:invalid-image-digest');

  const rawTags = Array.isArray(ev.imageTags) ? (ev.imageTags as unknown[]) : [];
  if (ev.imageTags !== undefined && !Array.isArray(ev.imageTags)) ctx.drop?.('ecr-event:invalid-image-tags');
  const tags: string[] = [];
  for (const t of rawTags) {
    const tag = typeof t === 'string' && t.length > 0 ? pushTarget(ev.account, ev.region, ev.repositoryName, t)?.tag : undefined;
    if (tag === undefined) ctx.drop?.('ecr-event:invalid-image-tag');
    else if (tags.length >= MAX_SCAN_TAGS) ctx.drop?.('ecr-event:scan-tags-capped');
    else if (!tags.includes(tag)) tags.push(tag);
  }
  if (target.digest === undefined && tags.length === 0) return { reject: 'ecr-event:scan-without-image', detail: ev.repositoryName };

  const { counts, refused } = severityCounts(ev.severityCounts);
  for (let i = 0; i < refused; i++) ctx.drop?.('ecr-event:invalid-severity-count');

  // The EventBridge id is unique per event; without it, the scan's own facts identify it.
  const id = ev.eventId !== undefined ? stableId(ID, ev.eventId) : stableId(ID, undefined, ev.scanner, ev.account, ev.region, ev.repositoryName, target.digest, tags.join(','), status, ev.time);
  const image = target.digest !== undefined ? target.image : pushTarget(ev.account, ev.region, ev.repositoryName, tags[0])!.image;
  const signal: ScanSignal = {
    kind: 'scan',
    id,
    rule: ID,
    time: ev.time,
    source: 'ecr-event',
    ref: ctx.ref,
    account: ev.account,
    region: ev.region,
    image,
    registry: target.registry,
    repository: target.repository,
    ...(target.digest !== undefined ? { digest: target.digest } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    status,
    scanner: ev.scanner,
    ...(counts ? { severityCounts: counts } : {}),
  };
  return signalsOutcome(signal);
}

export const ecrImageScan: Rule<EcrImageScan> = {
  id: ID,
  source: 'ecr-event',
  title: 'Image scan finished in Amazon ECR (EventBridge ECR Image Scan, Inspector2 Scan)',
  description:
    'An ECR basic or Amazon Inspector enhanced scan of an image finished (or failed). Never a chain on its own: where scanning is on (requireScanBeforeDeploy), a deploy of an image built on a host with no scan result before it raises the finding one step, and a scan before the deploy is named in the finding.',
  evaluate: evaluateImageScan,
};
