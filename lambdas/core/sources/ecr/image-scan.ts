/**
 * The envelope of an image scan event: "ECR Image Scan" (aws.ecr, basic scanning) and
 * "Inspector2 Scan" (aws.inspector2, enhanced scanning). Inspector names the repository by its ARN
 * (`arn:aws:ecr:<region>:<account>:repository/<name>`): the registry is the ARN's account and region.
 * Inspector's scans of EC2 instances and Lambda functions name no repository: ignored, counted.
 */
import type { BatchContext } from '../../model/batch';
import { isAccountId, isoTime, isRegion, type JsonObject, preview, str } from '../../records/ecr/fields';
import type { EcrImageScan } from '../../records/ecr/types';

/** The detail-types read as image scans, by EventBridge source. */
export const IMAGE_SCAN_DETAIL_TYPES: Readonly<Record<string, string>> = { 'aws.ecr': 'ECR Image Scan', 'aws.inspector2': 'Inspector2 Scan' };

const REPOSITORY_ARN = /^arn:aws[\w-]*:ecr:([a-z0-9-]+):(\d{12}):repository\/(.+)$/;

export type ParsedScan = EcrImageScan | { reject: string; detail?: string } | { ignore: string };

/** The scan's fields, the reason it cannot be read, or why it is not an image scan. */
export function parseImageScan(ev: JsonObject & { readonly source: string; readonly detail: JsonObject }, ctx: BatchContext): ParsedScan {
  const d = ev.detail;
  const scanner = ev.source === 'aws.inspector2' ? 'inspector' : 'ecr-basic';
  const rawRepository = str(d, 'repository-name');
  if (rawRepository === undefined) return scanner === 'inspector' ? { ignore: 'ecr-event:inspector-scan-not-an-image' } : { reject: 'ecr-event:missing-repository-name' };
  const time = isoTime(str(ev, 'time'));
  if (time === undefined) return { reject: 'ecr-event:invalid-time', detail: preview(ev.time) };
  const arn = REPOSITORY_ARN.exec(rawRepository);
  if (rawRepository.startsWith('arn:') && !arn) return { reject: 'ecr-event:invalid-repository-arn', detail: preview(rawRepository) };
  const account = arn ? arn[2]! : (str(ev, 'account') ?? ctx.account);
  const region = arn ? arn[1]! : (str(ev, 'region') ?? ctx.region);
  if (!isAccountId(account) || !isRegion(region)) return { reject: 'ecr-event:invalid-account-or-region', detail: `${account}/${region}` };
  return {
    time,
    account,
    region,
    repositoryName: arn ? arn[3]! : rawRepository,
    scanner,
    eventId: str(ev, 'id'),
    scanStatus: str(d, 'scan-status'),
    imageDigest: str(d, 'image-digest'),
    imageTags: d['image-tags'],
    severityCounts: d['finding-severity-counts'],
  };
}
