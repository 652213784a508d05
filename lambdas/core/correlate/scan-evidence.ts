/**
 * Whether each deployed image of a chain had a completed ECR scan (basic or Inspector) before its
 * deploy, read only when `requireScanBeforeDeploy` is on. A chain's deployed images are the images
 * of its deploys that are the chain's own (those whose image keys the chain's pushes and builds
 * name); a deploy's sidecars are not. Scans are read by digest when the deploy names one or a push of
 * the chain gives the deployed tag its digest, else by tag (a tag moves: a scan of what the tag
 * named earlier is not a scan of what was deployed, so the digest is preferred whenever known).
 * A scan counts when its status is complete and its time is at or before the deploy's.
 *
 * Scans are read when a chain is graded; a scan never re-grades one. A scan that arrives after its
 * deploy was graded, though its time is earlier, does not lower the finding (findings never
 * de-escalate): EventBridge usually delivers a scan before the audit log that carries the deploy,
 * and a replay correlates in event-time order.
 */
import { parseImageRef } from '../model/image-ref';
import type { DeploySignal, PushSignal, ScanSignal, Signal } from '../model/signal';
import { imagePartitionKeys } from './state-keys';
import { uniqueSorted } from './unscanned-deploys';
import { severityCountsText } from './signal-summary';

/** Scans read per image partition (scan on push plus Inspector's rescans: few per image). */
const MAX_SCANS_READ = 100;
/** Scanned deployed images named in a finding's description. */
const MAX_SCANS_DESCRIBED = 3;

/** What the scans say about the chain's deploys. */
export interface DeployScans {
  /** Deployed images (as the deploy names them) with no completed scan at or before their deploy. */
  unscanned: string[];
  /** Deployed images with a completed scan before their deploy, and the latest such scan. */
  scanned: Array<{ image: string; deployTime: string; scan: ScanSignal }>;
}

/** The state reads this needs (EvidenceReader.signalsIn). */
export type ScanReader = (pk: string, fromMs: number, toMs: number, nowSec: number, prefix: 'V', limit: number) => Promise<Signal[]>;

/** The partition to read a deployed image's scans from: its digest, a chain push's digest of its tag, else its tag. */
function scanPartition(image: string, deployMs: number, pushes: readonly PushSignal[]): string | undefined {
  const ref = parseImageRef(image);
  if (!ref) return undefined;
  if (ref.digest) return `I#digest:${ref.digest}`;
  const tagKey = imagePartitionKeys(image).find((k) => k.startsWith('I#tag:'));
  // The chain's latest push of this tag before the deploy (else its earliest after) says which content the tag named.
  const sameTag = pushes.filter((p) => p.digest && tagKey !== undefined && imagePartitionKeys(p.image).includes(tagKey)).sort((a, b) => a.time.localeCompare(b.time));
  const push = [...sameTag].reverse().find((p) => Date.parse(p.time) <= deployMs) ?? sameTag[0];
  return push?.digest ? `I#digest:${push.digest}` : tagKey;
}

/**
 * Reads the scans of the chain's deployed images. `chainKeys` are the image partitions of the
 * chain's pushes and builds (those its deploys were read from).
 */
export async function readDeployScans(read: ScanReader, deploys: readonly DeploySignal[], pushes: readonly PushSignal[], chainKeys: ReadonlySet<string>, nowSec: number): Promise<DeployScans> {
  const wanted: Array<{ image: string; deployMs: number; deployTime: string; pk: string }> = [];
  for (const d of deploys) {
    const deployMs = Date.parse(d.time);
    for (const image of new Set(d.images)) {
      if (!imagePartitionKeys(image).some((k) => chainKeys.has(k))) continue;
      const pk = scanPartition(image, deployMs, pushes);
      if (pk) wanted.push({ image, deployMs, deployTime: d.time, pk });
    }
  }
  // One read per partition, up to its latest deploy.
  const until = new Map<string, number>();
  for (const w of wanted) until.set(w.pk, Math.max(until.get(w.pk) ?? 0, w.deployMs));
  const scansOf = new Map<string, ScanSignal[]>();
  for (const [pk, to] of until) {
    const scans = (await read(pk, 0, to, nowSec, 'V', MAX_SCANS_READ)).filter((s): s is ScanSignal => s.kind === 'scan' && s.status === 'complete');
    scansOf.set(pk, scans);
  }
  const unscanned: string[] = [];
  const scanned = new Map<string, DeployScans['scanned'][number]>();
  for (const w of wanted) {
    const before = (scansOf.get(w.pk) ?? []).filter((s) => Date.parse(s.time) <= w.deployMs).sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));
    const latest = before[before.length - 1];
    if (!latest) unscanned.push(w.image);
    else if (!scanned.has(w.image) || scanned.get(w.image)!.deployTime > w.deployTime) scanned.set(w.image, { image: w.image, deployTime: w.deployTime, scan: latest });
  }
  const missing = new Set(unscanned);
  return {
    unscanned: uniqueSorted(unscanned),
    // An image deployed twice, once before its scan and once after, is unscanned: the first deploy ran it unscanned.
    scanned: [...scanned.values()].filter((s) => !missing.has(s.image)).sort((a, b) => a.image.localeCompare(b.image)),
  };
}

const SCANNER_NAME: Record<ScanSignal['scanner'], string> = { 'ecr-basic': 'ECR basic scanning', inspector: 'Inspector' };

/**
 * The description's sentence on scanned deploys, e.g. `The deployed image x was scanned by Inspector
 * at 2025-03-04T10:16:00.000Z before the deploy: 2 CRITICAL, 5 HIGH.`; undefined when none was.
 */
export function scannedDeploysSentence(scans: DeployScans | undefined): string | undefined {
  if (!scans || scans.scanned.length === 0) return undefined;
  const parts = scans.scanned.slice(0, MAX_SCANS_DESCRIBED).map(({ image, scan }) => {
    const counts = severityCountsText(scan.severityCounts);
    return `${image} was scanned by ${SCANNER_NAME[scan.scanner]} at ${scan.time} before the deploy${counts ? `: ${counts}` : ''}`;
  });
  const more = scans.scanned.length > MAX_SCANS_DESCRIBED ? ` (and ${scans.scanned.length - MAX_SCANS_DESCRIBED} more)` : '';
  return `The deployed image ${parts.join('; ')}${more}.`;
}
