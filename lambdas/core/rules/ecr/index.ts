/**
 * The ECR push rules, one registry per record type: CloudTrail records (trail files, CloudWatch
 * Logs, EventBridge "… via CloudTrail" details) and EventBridge "ECR Image Action" events.
 */
import type { CloudTrailRecord, EcrImageAction } from '../../records/ecr/types';
import type { RuleRegistry } from '../rule';
import { cloudTrailPutImage } from './cloudtrail-put-image.rule';
import { ecrImagePush } from './ecr-image-push.rule';

export const CLOUDTRAIL_RULES: RuleRegistry<CloudTrailRecord> = [cloudTrailPutImage];
export const ECR_IMAGE_ACTION_RULES: RuleRegistry<EcrImageAction> = [ecrImagePush];
