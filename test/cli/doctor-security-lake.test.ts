/**
 * `an1261 doctor` with sources.securityLake: the subscriber role is assumed with its external id,
 * then the queue (GetQueueAttributes), the bucket (ListObjectsV2 under aws/, one key) and its first
 * object (GetObject of the Parquet magic) are checked with the role's credentials; the OCSF gaps
 * of the configured sources are notes, never failures.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { formatDoctorTable } from '../../lambdas/cli/doctor/report-format';
import { parseConfig } from '../../lambdas/core/model/config';
import { OCSF_GAPS } from '../../lambdas/core/sources/ocsf';
import { type AccountMocks, type AccountScenario, SAMPLE_CONFIG, healthyAccount, mockAccount, row, rows, runDoctorOn, serviceError } from './doctor-mocks';

const QUEUE_ARN = 'arn:aws:sqs:us-east-1:999988887777:AmazonSecurityLake-a1b2c3d4-Main-Queue';
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/999988887777/AmazonSecurityLake-a1b2c3d4-Main-Queue';
const BUCKET = 'aws-security-data-lake-us-east-1-o8ljvyadzmvbxjshzh3mdjtqlpnvid';
const ROLE = 'arn:aws:iam::999988887777:role/AmazonSecurityLake-a1b2c3d4-S3-Subscriber';
const KEY = 'aws/VPC_FLOW/2.0/region=us-east-1/accountId=111122223333/eventDay=20261102/8f1c.gz.parquet';
const KMS = 'arn:aws:kms:us-east-1:999988887777:key/0d2f1c3e-1111-4222-8333-944455556666';

function lakeConfig(over: Record<string, unknown> = {}) {
  const base = JSON.parse(JSON.stringify(SAMPLE_CONFIG)) as { sources: Record<string, unknown> };
  base.sources.securityLake = { queueArn: QUEUE_ARN, bucketArn: `arn:aws:s3:::${BUCKET}`, roleArn: ROLE, externalId: 'an1261-3f9a', sources: ['VPC_FLOW', 'EKS_AUDIT'], ...over };
  return parseConfig(base);
}

describe('an1261 doctor: Security Lake subscriber', () => {
  let mocks: AccountMocks;
  let scenario: AccountScenario;
  const sqs = mockClient(SQSClient);
  const s3 = mockClient(S3Client);
  /** The access key each SQS / S3 call was signed with. */
  let usedKeys: string[];
  const keyOf = async (getClient: () => { config: { credentials: () => Promise<{ accessKeyId: string }> } }) => {
    try {
      usedKeys.push((await getClient().config.credentials()).accessKeyId);
    } catch {
      usedKeys.push('the SDK chain'); // no credentials in the test environment
    }
  };

  beforeAll(() => (mocks = mockAccount(() => scenario)));
  afterAll(() => {
    mocks.restore();
    sqs.restore();
    s3.restore();
  });
  beforeEach(() => {
    scenario = healthyAccount();
    mocks.reset();
    sqs.reset();
    s3.reset();
    usedKeys = [];
    mocks.sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIASUBSCRIBERROLE01', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date('2026-11-02T04:00:00Z') } });
    sqs.on(GetQueueAttributesCommand).callsFake(async (_i, getClient) => (await keyOf(getClient as never), { Attributes: { ApproximateNumberOfMessages: '3' } }));
    s3.on(ListObjectsV2Command).callsFake(async (_i, getClient) => (await keyOf(getClient as never), { Contents: [{ Key: KEY, LastModified: new Date('2026-11-02T02:55:00Z') }], KeyCount: 1 }));
    s3.on(GetObjectCommand).callsFake(async (_i, getClient) => (await keyOf(getClient as never), { Body: { transformToByteArray: async () => new Uint8Array(Buffer.from('PAR1')) } }));
  });

  it('PASS for role, queue, bucket and read, all with the subscriber role; the gaps are notes and leave the exit status alone', async () => {
    const report = await runDoctorOn({ config: lakeConfig() });
    expect(row(report, 'security-lake.role', ROLE)).toMatchObject({ status: 'PASS', evidence: 'assumed by arn:aws:sts::111122223333:assumed-role/auditor/me with the external id' });
    expect(row(report, 'security-lake.queue', QUEUE_ARN)).toMatchObject({ status: 'PASS', evidence: `reachable as role ${ROLE}, 3 notifications waiting` });
    expect(row(report, 'security-lake.bucket', BUCKET)).toMatchObject({ status: 'PASS', evidence: `listable as role ${ROLE}; first object under aws/: ${KEY} (written 5 min ago)` });
    expect(row(report, 'security-lake.read', BUCKET)).toMatchObject({ status: 'PASS', evidence: `read the first bytes of ${KEY}: Parquet` });
    expect(report.exitCode).toBe(0);
    expect(report.notes?.map((n) => n.id)).toEqual(OCSF_GAPS.filter((g) => g.source !== 'CLOUD_TRAIL_MGMT').map((g) => `security-lake.gap.${g.id}`));
    expect(usedKeys).toEqual(['ASIASUBSCRIBERROLE01', 'ASIASUBSCRIBERROLE01', 'ASIASUBSCRIBERROLE01']);
    expect(mocks.sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toMatchObject({ RoleArn: ROLE, ExternalId: 'an1261-3f9a', RoleSessionName: 'an1261-doctor' });
    expect(sqs.commandCalls(GetQueueAttributesCommand)[0]!.args[0].input).toMatchObject({ QueueUrl: QUEUE_URL });
    expect(s3.commandCalls(ListObjectsV2Command)[0]!.args[0].input).toEqual({ Bucket: BUCKET, Prefix: 'aws/', MaxKeys: 1 });
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toEqual({ Bucket: BUCKET, Key: KEY, Range: 'bytes=0-3' });
  });

  it('the table lists the notes under the checks, after a NOTES heading', async () => {
    const table = formatDoctorTable(await runDoctorOn({ config: lakeConfig({ sources: ['EKS_AUDIT'] }) }));
    expect(table).toMatch(/\nNOTES \(not failures\): what Security Lake’s OCSF records lose, so signals that need it are not produced\nNOTE {4}EKS_AUDIT {2}requestObject \/ responseObject/);
    expect(table).not.toContain('NOTE    VPC_FLOW');
  });

  it('without a role the caller’s own credentials are used', async () => {
    const report = await runDoctorOn({ config: lakeConfig({ roleArn: undefined, externalId: undefined }) });
    expect(rows(report, 'security-lake.role')).toEqual([]);
    expect(row(report, 'security-lake.queue').evidence).toBe('reachable as arn:aws:sts::111122223333:assumed-role/auditor/me, 3 notifications waiting');
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(usedKeys[0]).toBe('the SDK chain');
  });

  it('FAIL when the role cannot be assumed (wrong external id), and nothing is checked as another identity', async () => {
    mocks.sts.on(AssumeRoleCommand).rejects(serviceError('AccessDenied', 'User is not authorized to perform: sts:AssumeRole', 403));
    const report = await runDoctorOn({ config: lakeConfig() });
    expect(row(report, 'security-lake.role', ROLE)).toMatchObject({
      status: 'FAIL',
      evidence: 'missing IAM permission sts:AssumeRole (AccessDenied)',
      fix: `check sources.securityLake.roleArn and externalId against the subscriber (Security Lake console → Subscribers → the detector’s subscriber: Role ARN, External ID), and allow the caller sts:AssumeRole on ${ROLE}`,
    });
    expect(rows(report, 'security-lake.queue')).toEqual([]);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('FAIL when the queue does not exist, naming where its ARN is shown', async () => {
    sqs.on(GetQueueAttributesCommand).rejects(serviceError('AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.', 400));
    const r = row(await runDoctorOn({ config: lakeConfig() }), 'security-lake.queue');
    expect(r.status).toBe('FAIL');
    expect(r.evidence).toBe(`sqs:GetQueueAttributes failed: AWS.SimpleQueueService.NonExistentQueue: The specified queue does not exist.: no queue at ${QUEUE_URL}`);
    expect(r.fix).toContain('into sources.securityLake.queueArn');
  });

  it('WARN when the bucket lists but no source wrote under aws/ yet; no read check then', async () => {
    s3.on(ListObjectsV2Command).resolves({ KeyCount: 0 });
    const report = await runDoctorOn({ config: lakeConfig() });
    expect(row(report, 'security-lake.bucket')).toMatchObject({ status: 'WARN', evidence: `listable as role ${ROLE}, but no object under aws/ yet: no AWS source has written to the lake` });
    expect(rows(report, 'security-lake.read')).toEqual([]);
    expect(report.exitCode).toBe(1);
  });

  it('FAIL when the bucket denies listing: the subscriber lacks data (S3) access', async () => {
    s3.on(ListObjectsV2Command).rejects(serviceError('AccessDenied', 'Access Denied', 403));
    const r = row(await runDoctorOn({ config: lakeConfig() }), 'security-lake.bucket');
    expect(r).toMatchObject({ status: 'FAIL', evidence: `missing IAM permission s3:ListBucket (AccessDenied) as role ${ROLE}` });
    expect(r.fix).toContain('access type S3');
  });

  it('FAIL naming kms:Decrypt when the first object cannot be read and the lake has a KMS key', async () => {
    s3.on(GetObjectCommand).rejects(serviceError('AccessDenied', 'User is not authorized to perform kms:Decrypt', 403));
    const r = row(await runDoctorOn({ config: lakeConfig({ kmsKeyArn: KMS }) }), 'security-lake.read');
    expect(r).toMatchObject({ status: 'FAIL', fix: `the key policy of ${KMS} must allow kms:Decrypt to role ${ROLE}, and the role s3:GetObject` });
  });

  it('no Security Lake in the config: no rows, no notes', async () => {
    const report = await runDoctorOn({ config: SAMPLE_CONFIG });
    expect(report.checks.filter((c) => c.id.startsWith('security-lake'))).toEqual([]);
    expect(report.notes).toBeUndefined();
  });
});
