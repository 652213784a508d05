/** Lambda entry: ECR pushes from EventBridge ("ECR Image Action" PUSH, "AWS API Call via CloudTrail" PutImage). */
import { serviceName } from '../contract';
import { eventBridgeIngestHandler } from './ingest/ingest-handlers';
import { createIngestRuntime } from './ingest/ingest-runtime';

export const handler = eventBridgeIngestHandler(createIngestRuntime(serviceName('ecr-events')), 'ecr');
