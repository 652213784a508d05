/** The one way this app makes an SQS queue: KMS-encrypted with the detector's key, TLS only, 14 days. */
import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export function encryptedQueue(scope: Construct, id: string, key: kms.IKey, extra: Partial<sqs.QueueProps> = {}): sqs.Queue {
  return new sqs.Queue(scope, id, { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key, enforceSSL: true, retentionPeriod: Duration.days(14), ...extra });
}
