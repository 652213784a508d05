/** ECR pushes from EventBridge (ECR Image Action, CloudTrail via EventBridge) and CloudTrail PutImage records. */
export { isCloudTrailRecord, normalizeCloudTrail } from './cloudtrail';
export { isEventBridgeEvent, normalizeEcrEvents } from './eventbridge';
