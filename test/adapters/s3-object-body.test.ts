/**
 * The S3 side of the object reader: a streamed GetObject for text, ranged GetObjects for Parquet
 * (the exact requests checked), the notified version read, permanent faults told from transient
 * ones; the Security Lake subscriber's assumed-role credentials cached until they expire; the
 * idempotency records spread over 16 partitions of the state table.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { REFRESH_MARGIN_MS, assumedRoleCredentials } from '../../lambdas/adapters/assumed-role-credentials';
import { ObjectAccessError, classifyS3Error, s3ObjectBody } from '../../lambdas/adapters/s3-object-body';
import { IDEMPOTENCY_PARTITIONS, partitionOf } from '../../lambdas/adapters/state-table-idempotency';
import { SourceRouter } from '../../lambdas/core/envelopes/source-router';
import { DEFAULT_CONFIG } from '../../lambdas/core/model/config';
import { classifyObjectKey, isRefusal } from '../../lambdas/core/objects/object-key';
import { readObject } from '../../lambdas/core/objects/object-reader';
import { PARQUET_LIMITS } from '../../lambdas/core/objects/parquet-rows';
import { flowLogKey, flowLogParquet } from '../support/parquet-fixtures';

const s3 = mockClient(S3Client);
const sts = mockClient(STSClient);
const client = new S3Client({ region: 'us-east-1' });
const body = (bytes: Uint8Array) => Object.assign(Readable.from([Buffer.from(bytes)]), { transformToByteArray: async () => bytes });
const err = (name: string, status: number) => Object.assign(new Error(name), { name, $fault: status < 500 ? 'client' : 'server', $metadata: { httpStatusCode: status } });

beforeEach(() => {
  s3.reset();
  sts.reset();
});

describe('s3ObjectBody', () => {
  const KEY = flowLogKey({ account: '111122223333', region: 'us-east-1', day: '2026-11-02', format: 'parquet' });
  const FIELDS = ['version', 'srcaddr', 'dstaddr', 'bytes', 'start', 'action', 'log-status'] as const;
  const pq = flowLogParquet(
    FIELDS,
    Array.from({ length: 3000 }, (_, i) => ['5', `10.0.${i % 200}.${i % 250}`, `198.51.${i % 100}.${i % 250}`, String(i * 7919), String(1793583000 + i), 'ACCEPT', 'OK']),
    { codec: 'GZIP', rowGroupSize: 1000 },
  );

  it('reads Parquet by ranges of the notified version: the footer, then one range per row group', async () => {
    s3.on(GetObjectCommand).callsFake((input: { Range: string }) => {
      const [, s, e] = /^bytes=(\d+)-(\d+)$/.exec(input.Range)!;
      return { Body: body(pq.subarray(Number(s), Number(e) + 1)) };
    });
    const info = classifyObjectKey(KEY);
    if (isRefusal(info)) throw new Error(info.reason);
    let records = 0;
    const obj = s3ObjectBody(client, { bucket: 'logs', key: KEY, versionId: 'v3', size: pq.length });
    for await (const c of readObject(obj, { router: new SourceRouter(DEFAULT_CONFIG.sources), name: `s3://logs/${KEY}`, info, parquet: { ...PARQUET_LIMITS, tailBytes: 4096 } })) records += c.batches.reduce((n, b) => n + b.records.length, 0);
    expect(records).toBe(3000);
    const ranges = s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input);
    expect(ranges[0]).toEqual({ Bucket: 'logs', Key: KEY, VersionId: 'v3', Range: `bytes=${pq.length - 4096}-${pq.length - 1}` });
    expect(ranges.every((r) => r.Bucket === 'logs' && r.Key === KEY && r.VersionId === 'v3')).toBe(true);
    // Footer, then the three row groups (each one coalesced range), never the whole object.
    expect(ranges).toHaveLength(4);
    const spans = ranges.slice(1).map((r) => /^bytes=(\d+)-(\d+)$/.exec(r.Range!)!.slice(1).map(Number) as [number, number]);
    expect(spans.every(([s, e]) => s >= 4 && e < pq.length - 8 && e - s + 1 < pq.length / 2)).toBe(true);
    expect(s3.commandCalls(HeadObjectCommand)).toHaveLength(0);
  });

  it('asks HeadObject for the size when the notification did not give it', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: pq.length });
    s3.on(GetObjectCommand).callsFake((input: { Range: string }) => {
      const [, s, e] = /^bytes=(\d+)-(\d+)$/.exec(input.Range)!;
      return { Body: body(pq.subarray(Number(s), Number(e) + 1)) };
    });
    const file = await s3ObjectBody(client, { bucket: 'logs', key: KEY }).open();
    expect(file.byteLength).toBe(pq.length);
    expect(new Uint8Array(await file.slice(0, 4))).toEqual(new TextEncoder().encode('PAR1'));
    expect(await file.slice(10, 10)).toEqual(new ArrayBuffer(0));
    expect(s3.commandCalls(HeadObjectCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: 'logs', Key: KEY }]);
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: 'logs', Key: KEY, Range: 'bytes=0-3' }]);
  });

  it('streams text with one GetObject', async () => {
    s3.on(GetObjectCommand).resolves({ Body: body(new TextEncoder().encode('hello\n')) as never });
    const chunks: Uint8Array[] = [];
    for await (const c of s3ObjectBody(client, { bucket: 'logs', key: 'k' }).stream()) chunks.push(c);
    expect(Buffer.concat(chunks).toString()).toBe('hello\n');
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: 'logs', Key: 'k' }]);
  });

  it('tells faults a retry cannot mend from the others', async () => {
    s3.on(GetObjectCommand).rejects(err('NoSuchKey', 404));
    await expect(s3ObjectBody(client, { bucket: 'logs', key: 'k' }).stream()[Symbol.asyncIterator]().next()).rejects.toMatchObject({ name: 'ObjectAccessError', reason: 'object:not-found' });
    s3.on(HeadObjectCommand).rejects(Object.assign(new Error('UnknownError'), { name: 'Unknown', $fault: 'client', $metadata: { httpStatusCode: 403 } }));
    await expect(s3ObjectBody(client, { bucket: 'logs', key: 'k' }).open()).rejects.toMatchObject({ reason: 'object:access-denied' });
    expect(classifyS3Error(err('InvalidObjectState', 403), 'x')).toMatchObject({ reason: 'object:not-readable' });
    for (const transient of [err('SlowDown', 503), err('InternalError', 500), Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), err('RequestTimeout', 400)]) {
      const out = classifyS3Error(transient, 'x');
      expect(out).toBe(transient);
      expect(out).not.toBeInstanceOf(ObjectAccessError);
    }
  });
});

describe('assumedRoleCredentials', () => {
  const stsClient = new STSClient({ region: 'us-east-1' });
  const expiring = (at: number) => ({ Credentials: { AccessKeyId: `ASIA${at}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(at) } });

  it('assumes the role with the external id once, until shortly before the credentials expire', async () => {
    let now = 1_000_000;
    sts.on(AssumeRoleCommand).resolvesOnce(expiring(now + 3_600_000)).resolvesOnce(expiring(now + 7_200_000));
    const credentials = assumedRoleCredentials(stsClient, { roleArn: 'arn:aws:iam::444455556666:role/lake', externalId: 'ext-1' }, () => now);
    const [a, b] = await Promise.all([credentials(), credentials()]);
    expect(a).toBe(b);
    now += 3_600_000 - REFRESH_MARGIN_MS - 1;
    expect((await credentials()).accessKeyId).toBe(a.accessKeyId);
    now += 2;
    expect((await credentials()).accessKeyId).not.toBe(a.accessKeyId);
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual(Array(2).fill({ RoleArn: 'arn:aws:iam::444455556666:role/lake', RoleSessionName: 'an1261-detector', DurationSeconds: 3600, ExternalId: 'ext-1' }));
  });

  it('tries again on the next call when AssumeRole failed', async () => {
    sts.on(AssumeRoleCommand).rejectsOnce(err('Throttling', 400)).resolves(expiring(Date.now() + 3_600_000));
    const credentials = assumedRoleCredentials(stsClient, { roleArn: 'arn:aws:iam::444455556666:role/lake' });
    await expect(credentials()).rejects.toMatchObject({ name: 'Throttling' });
    await expect(credentials()).resolves.toMatchObject({ secretAccessKey: 's' });
  });
});

describe('idempotency records on the state table', () => {
  it('spread over the partitions by the hashed key', () => {
    const seen = new Set<string>();
    // Powertools' key: `<prefix>#<md5 of the payload, base64>`.
    for (let i = 0; i < 2000; i++) seen.add(partitionOf(`an1261-s3-objects#${createHash('md5').update(JSON.stringify({ key: `s3://b/k${i}#-` })).digest('base64')}`));
    expect(seen.size).toBe(IDEMPOTENCY_PARTITIONS);
  });
});
