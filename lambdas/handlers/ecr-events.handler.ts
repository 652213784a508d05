/** Lambda entry: ECR pushes from EventBridge ("ECR Image Action" PUSH, "AWS API Call via CloudTrail" PutImage) and image scans ("ECR Image Scan", "Inspector2 Scan"). */
import { serviceName } from '../contract';
import { eventBridgeIngestHandler } from './ingest/ingest-handlers';
import { createIngestRuntime } from './ingest/ingest-runtime';

export const handler = eventBridgeIngestHandler(createIngestRuntime(serviceName('ecr-events')), 'ecr');
