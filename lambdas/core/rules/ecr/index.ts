/**
 * The ECR rules, one registry per record type: CloudTrail records (trail files, CloudWatch
 * Logs, EventBridge "… via CloudTrail" details), EventBridge "ECR Image Action" events, and image
 * scans (EventBridge "ECR Image Scan" and "Inspector2 Scan"). The CloudTrail registry also holds
 * the one EC2 rule (RunInstances: entity resolution), first, so its ignore reasons count for EC2 calls.
 */
import type { CloudTrailRecord, EcrImageAction, EcrImageScan } from '../../records/ecr/types';
import type { RuleRegistry } from '../rule';
import { cloudTrailRunInstances } from '../ec2/cloudtrail-run-instances.rule';
import { cloudTrailPutImage } from './cloudtrail-put-image.rule';
import { ecrImagePush } from './ecr-image-push.rule';
import { ecrImageScan } from './ecr-image-scan.rule';

export const CLOUDTRAIL_RULES: RuleRegistry<CloudTrailRecord> = [cloudTrailRunInstances, cloudTrailPutImage];
export const ECR_IMAGE_ACTION_RULES: RuleRegistry<EcrImageAction> = [ecrImagePush];
export const ECR_IMAGE_SCAN_RULES: RuleRegistry<EcrImageScan> = [ecrImageScan];
