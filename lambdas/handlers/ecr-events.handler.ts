/** Lambda entry: ECR pushes from EventBridge ("ECR Image Action" PUSH, "AWS API Call via CloudTrail" PutImage). */
import { eventBridgeIngestHandler } from './ingest/ingest-handlers';
import { createIngestRuntime } from './ingest/ingest-runtime';

export const handler = eventBridgeIngestHandler(createIngestRuntime('an1261-ecr-events'), 'ecr');
