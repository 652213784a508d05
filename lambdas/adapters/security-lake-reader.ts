/**
 * Read-only questions `an1261 doctor` asks of a Security Lake subscription: is the subscriber's
 * notification queue reachable (sqs:GetQueueAttributes), and can the data lake bucket be listed
 * (s3:ListBucket on the `aws/` prefix, where Security Lake writes the AWS sources). The clients are
 * built with the credentials the detector reads with: the subscriber role, when there is one.
 * @aws-sdk/client-s3 and @aws-sdk/client-sqs are loaded only when a Security Lake is configured.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsCall } from './account-reader-errors';
import { type AwsAccess, sdkClientConfig } from './aws-access';

export interface QueueInfo {
  approximateMessages?: number;
  /** The queue's server-side encryption key, when any. */
  kmsMasterKeyId?: string;
}

export interface FirstObject {
  key?: string;
  lastModified?: Date;
}

/** `arn:aws:sqs:us-east-1:111122223333:name` → its queue URL (and region). */
export function queueUrlOfArn(arn: string): { url: string; region: string } | undefined {
  const m = /^arn:(aws[\w-]*):sqs:([\w-]+):(\d{12}):([\w-]{1,80})$/.exec(arn);
  if (!m) return undefined;
  const [, partition, region, account, name] = m;
  const suffix = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return { url: `https://sqs.${region}.${suffix}/${account}/${name}`, region: region! };
}

/** `arn:aws:s3:::aws-security-data-lake-us-east-1-abc` → bucket name and, from Security Lake's naming, its region. */
export function bucketOfArn(arn: string): { bucket: string; region?: string } | undefined {
  const m = /^arn:aws[\w-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/.exec(arn);
  if (!m) return undefined;
  const bucket = m[1]!;
  const region = /^aws-security-data-lake-([a-z]{2}(?:-[a-z]+)+-\d)-/.exec(bucket)?.[1];
  return { bucket, ...(region ? { region } : {}) };
}

export class SecurityLakeReader {
  readonly sqs: SQSClient;
  readonly s3: S3Client;

  constructor(access: AwsAccess, regions: { queue: string; bucket: string }) {
    this.sqs = new SQSClient({ ...sdkClientConfig(access), region: regions.queue });
    this.s3 = new S3Client({ ...sdkClientConfig(access), region: regions.bucket, followRegionRedirects: true });
  }

  async queueAttributes(queueUrl: string): Promise<QueueInfo> {
    const out = await awsCall('sqs:GetQueueAttributes', () => this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'KmsMasterKeyId'] })));
    const a = out.Attributes ?? {};
    const n = Number(a.ApproximateNumberOfMessages);
    return { ...(Number.isFinite(n) ? { approximateMessages: n } : {}), ...(a.KmsMasterKeyId ? { kmsMasterKeyId: a.KmsMasterKeyId } : {}) };
  }

  /** The first object under `prefix`, or `{}` when there is none (the listing itself proves access). */
  async firstObject(bucket: string, prefix: string): Promise<FirstObject> {
    const out = await awsCall('s3:ListBucket', () => this.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 })));
    const o = out.Contents?.[0];
    return o ? { ...(o.Key ? { key: o.Key } : {}), ...(o.LastModified ? { lastModified: o.LastModified } : {}) } : {};
  }

  /** The first `n` bytes of an object as text (a Parquet file starts with `PAR1`): proves s3:GetObject and kms:Decrypt. */
  async firstBytes(bucket: string, key: string, n: number): Promise<string> {
    const out = await awsCall('s3:GetObject', () => this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${n - 1}` })));
    const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    return Buffer.from(bytes.subarray(0, n)).toString('latin1');
  }

  destroy(): void {
    this.sqs.destroy();
    this.s3.destroy();
  }
}
