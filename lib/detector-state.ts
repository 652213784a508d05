/**
 * `DetectorState`: what the detector keeps — the customer-managed KMS key every resource of the
 * pipeline is encrypted with, the DynamoDB correlation state (pk/sk, TTL on `expiresAt`) and the
 * publisher's idempotency table (TTL on `expiration`), both on demand with point-in-time recovery.
 *
 * @example
 * const state = new DetectorState(this, 'State', { removalPolicy: RemovalPolicy.RETAIN });
 * state.bindStateTable(myIngestFunction); // STATE_TABLE_NAME + read/write
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ENV } from '../lambdas/contract';

export interface DetectorStateProps {
  /**
   * What happens to the key and both tables on `cdk destroy`. The state is short-lived correlation
   * data (TTL), so the default removes it.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

export class DetectorState extends Construct {
  /** Customer-managed key (rotated) for the tables and every other resource of the pipeline. */
  readonly key: kms.Key;
  /** Correlation state: signals, links and findings, each expiring by TTL. */
  readonly stateTable: dynamodb.Table;
  /** Powertools idempotency records of the publisher. */
  readonly idempotencyTable: dynamodb.Table;

  constructor(scope: Construct, id: string, props: DetectorStateProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', { description: 'an1261-detector: state, queues, topic and logs', enableKeyRotation: true, removalPolicy });
    // CloudWatch Logs encrypts the functions' log groups with the key.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
      }),
    );
    const table = (tid: string, keys: Pick<dynamodb.TableProps, 'partitionKey' | 'sortKey'>, ttl: string) =>
      new dynamodb.Table(this, tid, {
        ...keys,
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        timeToLiveAttribute: ttl,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: this.key,
        removalPolicy,
      });
    this.stateTable = table('StateTable', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING } }, 'expiresAt');
    this.idempotencyTable = table('IdempotencyTable', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } }, 'expiration');
  }

  /** Lets an ingest function correlate: sets STATE_TABLE_NAME and grants read/write on the state table. */
  bindStateTable(fn: lambda.Function): void {
    fn.addEnvironment(ENV.stateTable, this.stateTable.tableName);
    this.stateTable.grantReadWriteData(fn);
  }
}
