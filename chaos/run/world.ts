/**
 * The AWS a chaos run talks to, all on loopback: dynalite (in this process) for the state and
 * idempotency tables, and `moto_server` (its own process, a free port, stopped by its PID) for the
 * findings queue, Security Hub and the SNS topic with a queue subscribed to it (what on-call
 * receives). The handlers reach them through the standard SDK environment (AWS_ENDPOINT_URL for
 * moto, AWS_ENDPOINT_URL_DYNAMODB for dynalite); the harness's own clients are exempt from faults.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../lambdas/adapters/embedded-dynamodb';
import { createIdempotencyTable, createQueue, topicWithQueue } from '../../test/emulator/emulator-aws';
import { onPath, startMotoServer } from '../../test/emulator/global-setup';
import { exemptFromChaos } from '../install-fault-injector';

export const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export interface World {
  readonly dynalite: EmbeddedDynamoDb;
  readonly motoEndpoint: string;
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly securityHub: SecurityHubClient;
  readonly stateTable: string;
  readonly idempotencyTable: string;
  readonly findingsQueue: { url: string; arn: string };
  readonly topicArn: string;
  readonly inboxUrl: string;
  /** The environment every handler of the run reads (plus its own variables). */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/** Why a chaos run cannot start here, or undefined when it can. */
export function missingEmulator(): string | undefined {
  return onPath('moto_server') ? undefined : 'moto_server is not on PATH (pip install "moto[server]"): the findings path (SQS, Security Hub, SNS) runs on it';
}

async function startMoto(): Promise<{ endpoint: string; pid: number }> {
  const moto = onPath('moto_server');
  if (!moto) throw new Error(missingEmulator());
  return startMotoServer(moto, 'an1261-chaos-moto-');
}

export async function startWorld(configFile: string): Promise<World> {
  const moto = await startMoto();
  const stop = () => {
    try {
      process.kill(-moto.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  // Never leave the emulator behind: not on an error, an exit, or Ctrl-C / a timeout's SIGTERM.
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
  try {
    const dynalite = await startEmbeddedDynamoDb('an1261-state');
    const dynamodb = exemptFromChaos(new DynamoDBClient({ endpoint: dynalite.endpoint, region: REGION, credentials: CREDENTIALS }));
    exemptFromChaos(dynalite.client);
    const motoClient = { endpoint: moto.endpoint, region: REGION, credentials: CREDENTIALS };
    const sqs = exemptFromChaos(new SQSClient(motoClient));
    const sns = exemptFromChaos(new SNSClient(motoClient));
    const securityHub = exemptFromChaos(new SecurityHubClient(motoClient));
    const idempotencyTable = await createIdempotencyTable(dynamodb, 'an1261-idempotency');
    const findingsQueue = await createQueue(sqs, 'an1261-findings');
    const { topicArn, queueUrl: inboxUrl } = await topicWithQueue(sns, sqs, 'an1261-alerts');
    const env = {
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
      STATE_TABLE_NAME: dynalite.tableName,
      FINDINGS_QUEUE_URL: findingsQueue.url,
      IDEMPOTENCY_TABLE_NAME: idempotencyTable,
      TOPIC_ARN: topicArn,
      SECURITY_HUB_ENABLED: 'true',
      AN1261_CONFIG_FILE: configFile,
      POWERTOOLS_LOG_LEVEL: process.env.AN1261_CHAOS_LOG_LEVEL ?? 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_METRICS_NAMESPACE: 'AN1261',
      POWERTOOLS_TRACE_ENABLED: 'false',
    };
    return {
      dynalite,
      motoEndpoint: moto.endpoint,
      dynamodb,
      sqs,
      sns,
      securityHub,
      stateTable: dynalite.tableName,
      idempotencyTable,
      findingsQueue,
      topicArn,
      inboxUrl,
      env,
      async close() {
        for (const c of [dynamodb, sqs, sns, securityHub]) c.destroy();
        await dynalite.close();
        stop();
      },
    };
  } catch (e) {
    stop();
    throw e;
  }
}
