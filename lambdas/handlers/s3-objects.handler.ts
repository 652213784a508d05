/**
 * Lambda entry: log objects announced on the S3 intake queue (S3 event notifications or EventBridge
 * "Object Created" events, SNS-wrapped or not, and Security Lake subscriber notifications): VPC flow
 * logs delivered to S3 (text or Parquet), CloudTrail (organisation) trail files, Security Lake OCSF
 * objects. ReportBatchItemFailures; idempotent per object (records in the state table).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { assumedRoleCredentials } from '../adapters/assumed-role-credentials';
import { clientGetter } from '../adapters/client-source';
import { s3ObjectBody } from '../adapters/s3-object-body';
import { StateTableIdempotencyStore } from '../adapters/state-table-idempotency';
import { ENV, serviceName } from '../contract';
import { createIngestRuntime } from './ingest/ingest-runtime';
import { OBJECT_IDEMPOTENCY_KEY_PREFIX, s3ObjectsIngestHandler } from './ingest/s3-objects-ingest';
import { requiredEnv } from './shared/env';

const runtime = createIngestRuntime(serviceName('s3-objects'));
const { tracing } = runtime.tools;
const lake = runtime.config.sources.securityLake;

// Built on their first request (kept out of the cold start). Buckets may live in another Region
// (a log-archive account's): the client follows S3's redirect to the bucket's Region.
const s3Options = { retryMode: 'adaptive', maxAttempts: 6, followRegionRedirects: true } as const;
const intakeS3 = clientGetter(() => tracing.captureClient(new S3Client(s3Options)));
// Security Lake objects are read as the subscriber role Security Lake created, assumed with its external id.
const lakeS3 = lake?.roleArn
  ? clientGetter(() =>
      tracing.captureClient(
        new S3Client({
          ...s3Options,
          credentials: assumedRoleCredentials(() => tracing.captureClient(new STSClient({ retryMode: 'standard', maxAttempts: 5 })), {
            roleArn: lake.roleArn!,
            ...(lake.externalId ? { externalId: lake.externalId } : {}),
            sessionName: 'an1261-security-lake',
          }),
        }),
      ),
    )
  : intakeS3;

const tableName = requiredEnv(ENV.stateTable);

export const handler = s3ObjectsIngestHandler({
  runtime,
  bodyOf: (ref, isLake) => s3ObjectBody(isLake ? lakeS3 : intakeS3, { bucket: ref.bucket, key: ref.key, ...(ref.versionId ? { versionId: ref.versionId } : {}), ...(ref.size !== undefined ? { size: ref.size } : {}) }),
  persistenceStore: async () =>
    new StateTableIdempotencyStore({
      tableName,
      client: await tracing.captureClient(new DynamoDBClient({ retryMode: 'adaptive', maxAttempts: 6 })),
      partitionPrefix: OBJECT_IDEMPOTENCY_KEY_PREFIX,
    }),
});
