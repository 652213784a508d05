/**
 * Object keys in AWS's layouts (VPC User Guide "Flow log files"; CloudTrail User Guide "Finding your
 * CloudTrail log files" and "CloudTrail log file examples"; Security Lake's `aws/<SOURCE>/<version>/
 * region=…/accountId=…/eventDay=…/` partitions), and keys that are not: odd, hostile, or another
 * service's. A key is never an error: it is read, or a counted ignore or reject.
 */
import { type KeyClass, KEY_REASONS, classifyLocalPath, classifyObjectKey, isRefusal } from '../../../lambdas/core/objects/object-key';

const A = '111122223333';
const FLOW = `${A}_vpcflowlogs_us-east-1_fl-1234abcd_20261102T0205Z_fe123456`;
const TRAIL = `${A}_CloudTrail_us-east-2_20261102T0210Z_Mu0KsOhtH1ar15ZZ.json.gz`;

/** The fields that matter of a classification (or its refusal). */
function brief(k: KeyClass): Record<string, unknown> {
  if (isRefusal(k)) return { refused: k.refused, reason: k.reason };
  return { kind: k.kind, format: k.format, layout: k.layout, account: k.account, region: k.region, day: k.day, hour: k.hour, lakeSource: k.lakeSource, organizationId: k.organizationId };
}

const read = (kind: string, format: string, layout: string, extra: Record<string, unknown> = {}) => ({
  kind,
  format,
  layout,
  account: A,
  region: 'us-east-1',
  day: '2026-11-02',
  hour: undefined,
  lakeSource: undefined,
  organizationId: undefined,
  ...extra,
});

describe('classifyObjectKey: the layouts AWS writes', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['flow logs, text, daily', `AWSLogs/${A}/vpcflowlogs/us-east-1/2026/11/02/${FLOW}.log.gz`, read('vpc-flow', 'text', 'flow-logs')],
    ['flow logs, text, hourly partitions', `AWSLogs/${A}/vpcflowlogs/us-east-1/2026/11/02/03/${FLOW}.log.gz`, read('vpc-flow', 'text', 'flow-logs', { hour: '03' })],
    ['flow logs, Parquet', `AWSLogs/${A}/vpcflowlogs/us-east-1/2026/11/02/${FLOW}.log.parquet`, read('vpc-flow', 'parquet', 'flow-logs')],
    ['flow logs under a customer prefix', `org/flow-logs/AWSLogs/${A}/vpcflowlogs/us-east-1/2026/11/02/${FLOW}.log.gz`, read('vpc-flow', 'text', 'flow-logs')],
    [
      'flow logs, Hive-compatible',
      `AWSLogs/aws-account-id=${A}/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/month=11/day=02/${FLOW}.log.parquet`,
      read('vpc-flow', 'parquet', 'flow-logs-hive'),
    ],
    [
      'flow logs, Hive-compatible, hourly, prefixed',
      `p/AWSLogs/aws-account-id=${A}/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/month=11/day=02/hour=23/${FLOW}.log.gz`,
      read('vpc-flow', 'text', 'flow-logs-hive', { hour: '23' }),
    ],
    ['CloudTrail, account trail', `AWSLogs/${A}/CloudTrail/us-east-2/2026/11/02/${TRAIL}`, read('cloudtrail', 'json', 'cloudtrail', { region: 'us-east-2' })],
    [
      'CloudTrail, organisation trail',
      `trails/AWSLogs/o-exampleorgid/${A}/CloudTrail/us-east-2/2026/11/02/${TRAIL}`,
      read('cloudtrail', 'json', 'cloudtrail-organization', { region: 'us-east-2', organizationId: 'o-exampleorgid' }),
    ],
    ['CloudTrail in GovCloud', `AWSLogs/${A}/CloudTrail/us-gov-west-1/2026/11/02/${TRAIL}`, read('cloudtrail', 'json', 'cloudtrail', { region: 'us-gov-west-1' })],
    [
      'Security Lake, VPC flow (source version 2.0)',
      `aws/VPC_FLOW/2.0/region=us-east-1/accountId=${A}/eventDay=20261102/e5a3b1c2.gz.parquet`,
      read('security-lake', 'parquet', 'security-lake', { lakeSource: 'VPC_FLOW' }),
    ],
    [
      'Security Lake, CloudTrail management (version 1.0)',
      `aws/CLOUD_TRAIL_MGMT/1.0/region=eu-west-1/accountId=${A}/eventDay=20261102/part-0.parquet`,
      read('security-lake', 'parquet', 'security-lake', { lakeSource: 'CLOUD_TRAIL_MGMT', region: 'eu-west-1' }),
    ],
    ['Security Lake, EKS audit', `aws/EKS_AUDIT/2.0/region=us-east-1/accountId=${A}/eventDay=20261102/x.zstd.parquet`, read('security-lake', 'parquet', 'security-lake', { lakeSource: 'EKS_AUDIT' })],
  ])('%s', (_what, key, expected) => {
    expect(brief(classifyObjectKey(key))).toEqual(expected);
  });
});

describe('classifyObjectKey: objects that are not read', () => {
  it.each<[string, string, 'ignore' | 'reject', string]>([
    ['CloudTrail digest', `AWSLogs/${A}/CloudTrail-Digest/us-east-2/2026/11/02/${A}_CloudTrail-Digest_us-east-2_t_us-east-2_20261102T021015Z.json.gz`, 'ignore', KEY_REASONS.cloudTrailDigest],
    ['CloudTrail digest of an organisation trail', `AWSLogs/o-exampleorgid/${A}/CloudTrail-Digest/us-east-2/2026/11/02/d.json.gz`, 'ignore', KEY_REASONS.cloudTrailDigest],
    ['CloudTrail Insights', `AWSLogs/${A}/CloudTrail-Insight/us-east-2/2026/11/02/i.json.gz`, 'ignore', KEY_REASONS.cloudTrailInsight],
    ['another service (ELB access logs)', `AWSLogs/${A}/elasticloadbalancing/us-east-1/2026/11/02/x.log.gz`, 'ignore', KEY_REASONS.unknownService],
    ['another Hive service', `AWSLogs/aws-account-id=${A}/aws-service=route53/aws-region=us-east-1/year=2026/month=11/day=02/x.gz`, 'ignore', KEY_REASONS.unknownService],
    ['a folder marker', `AWSLogs/${A}/vpcflowlogs/us-east-1/2026/11/02/`, 'ignore', KEY_REASONS.unknownFileType],
    ['a flow-log folder holding a CSV', `AWSLogs/${A}/vpcflowlogs/us-east-1/2026/11/02/${FLOW}.csv`, 'ignore', KEY_REASONS.unknownFileType],
    ['a key of no AWS layout', 'uploads/report.pdf', 'ignore', KEY_REASONS.notALogKey],
    ['AWSLogs alone', 'AWSLogs/', 'ignore', KEY_REASONS.notALogKey],
    ['a Security Lake custom source', `ext/okta/1.0/region=us-east-1/accountId=${A}/eventDay=20261102/x.parquet`, 'ignore', KEY_REASONS.lakeSourceNotRead],
    ['a Security Lake source not mapped', `aws/ROUTE53/2.0/region=us-east-1/accountId=${A}/eventDay=20261102/x.parquet`, 'ignore', KEY_REASONS.lakeSourceNotRead],
    ['a Security Lake object that is not Parquet', `aws/VPC_FLOW/2.0/region=us-east-1/accountId=${A}/eventDay=20261102/x.json`, 'ignore', KEY_REASONS.unknownFileType],
  ])('%s', (_what, key, refused, reason) => {
    expect(brief(classifyObjectKey(key))).toEqual({ refused, reason });
  });
});

describe('classifyObjectKey: hostile and odd keys', () => {
  it.each<[string, string, string]>([
    ['an account of 11 digits', `AWSLogs/11112222333/vpcflowlogs/us-east-1/2026/11/02/${FLOW}.log.gz`, KEY_REASONS.invalidAccount],
    ['an account of 13 digits (Hive)', `AWSLogs/aws-account-id=1111222233334/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/month=11/day=02/x.log.gz`, KEY_REASONS.invalidAccount],
    ['an organisation trail without an account', `AWSLogs/o-exampleorgid/CloudTrail/us-east-2/2026/11/02/${TRAIL}`, KEY_REASONS.invalidAccount],
    ['a region that is not one', `AWSLogs/${A}/vpcflowlogs/../../etc/2026/11/02/${FLOW}.log.gz`, KEY_REASONS.invalidRegion],
    ['a region with an injection', `AWSLogs/${A}/CloudTrail/us-east-1;rm -rf/2026/11/02/${TRAIL}`, KEY_REASONS.invalidRegion],
    ['a Hive region that is not one', `AWSLogs/aws-account-id=${A}/aws-service=vpcflowlogs/aws-region=US_EAST/year=2026/month=11/day=02/x.log.gz`, KEY_REASONS.invalidRegion],
    ['a month 13', `AWSLogs/${A}/vpcflowlogs/us-east-1/2026/13/02/${FLOW}.log.gz`, KEY_REASONS.invalidDate],
    ['an hour 24', `AWSLogs/${A}/vpcflowlogs/us-east-1/2026/11/02/24/${FLOW}.log.gz`, KEY_REASONS.invalidDate],
    ['a year of letters', `AWSLogs/${A}/CloudTrail/us-east-2/yyyy/11/02/${TRAIL}`, KEY_REASONS.invalidDate],
    ['a lake day that is not one', `aws/VPC_FLOW/2.0/region=us-east-1/accountId=${A}/eventDay=2026-11-02/x.parquet`, KEY_REASONS.invalidDate],
    ['a lake account that is not one', `aws/VPC_FLOW/2.0/region=us-east-1/accountId=external_synthetic/eventDay=20261102/x.parquet`, KEY_REASONS.invalidAccount],
    ['too many folders', `AWSLogs/${A}/vpcflowlogs/us-east-1/2026/11/02/03/04/${FLOW}.log.gz`, KEY_REASONS.unexpectedLayout],
    ['too few folders', `AWSLogs/${A}/CloudTrail/us-east-2/2026/11/${TRAIL}`, KEY_REASONS.unexpectedLayout],
    ['a lake key missing its day', `aws/VPC_FLOW/2.0/region=us-east-1/accountId=${A}/x.parquet`, KEY_REASONS.unexpectedLayout],
    ['a key with a newline', `AWSLogs/${A}/vpcflowlogs/us-east-1/2026/11/02/a\nb.log.gz`, KEY_REASONS.invalidKey],
    ['a key with NUL', `AWSLogs/${A}/CloudTrail/us-east-2/2026/11/02/x\u0000.json.gz`, KEY_REASONS.invalidKey],
    ['an empty key', '', KEY_REASONS.invalidKey],
    ['a key past S3’s 1,024 bytes', `AWSLogs/${A}/vpcflowlogs/us-east-1/2026/11/02/${'x'.repeat(1100)}.log.gz`, KEY_REASONS.tooLong],
    ['a key of 1,024 bytes of multi-byte characters', `AWSLogs/${'é'.repeat(520)}`, KEY_REASONS.tooLong],
  ])('%s is rejected', (_what, key, reason) => {
    expect(brief(classifyObjectKey(key))).toEqual({ refused: 'reject', reason });
  });

  it('takes the first AWSLogs folder as the layout (AWS reserves the name): a later one is part of the layout, not a second start', () => {
    // …/02/AWSLogs/x.log.gz reads as an hourly partition whose hour is "AWSLogs".
    expect(brief(classifyObjectKey(`AWSLogs/${A}/vpcflowlogs/us-east-1/2026/11/02/AWSLogs/x.log.gz`))).toEqual({ refused: 'reject', reason: KEY_REASONS.invalidDate });
  });

  it('never throws, whatever the key', () => {
    const odd = ['/', '//', 'AWSLogs//', 'AWSLogs/o-/', `AWSLogs/aws-account-id=/`, 'aws/', 'aws/VPC_FLOW', 'aws/VPC_FLOW/2.0/region=', '%00', '\ud800', 'AWSLogs/'.repeat(200)];
    for (const k of odd) expect(() => classifyObjectKey(k)).not.toThrow();
  });
});

describe('classifyLocalPath: a local copy told by the tail of its path', () => {
  it('reads the layout under any folder, the last AWSLogs folder starting it', () => {
    expect(brief(classifyLocalPath(`/home/me/AWSLogs-backup/sync/AWSLogs/${A}/vpcflowlogs/us-east-1/2026/11/02/${FLOW}.log.gz`))).toEqual(read('vpc-flow', 'text', 'flow-logs'));
    expect(brief(classifyLocalPath(`/data/AWSLogs/old/AWSLogs/o-exampleorgid/${A}/CloudTrail/us-east-2/2026/11/02/${TRAIL}`))).toMatchObject({ kind: 'cloudtrail', organizationId: 'o-exampleorgid' });
  });

  it('reads Windows separators', () => {
    expect(brief(classifyLocalPath(`C:\\logs\\AWSLogs\\${A}\\vpcflowlogs\\us-east-1\\2026\\11\\02\\${FLOW}.log.parquet`))).toEqual(read('vpc-flow', 'parquet', 'flow-logs'));
  });

  it('finds a Security Lake layout at any depth', () => {
    expect(brief(classifyLocalPath(`/sync/aws-security-data-lake-us-east-1-abc/aws/VPC_FLOW/2.0/region=us-east-1/accountId=${A}/eventDay=20261102/x.gz.parquet`))).toEqual(
      read('security-lake', 'parquet', 'security-lake', { lakeSource: 'VPC_FLOW' }),
    );
  });

  it('leaves a plain file alone (the reader tells it by content)', () => {
    expect(brief(classifyLocalPath('samples/logs/ci-runner-dockerd.log'))).toEqual({ refused: 'ignore', reason: KEY_REASONS.notALogKey });
  });

  it('caps the tail it reads, not the folder above it', () => {
    const deep = `/${'d'.repeat(2000)}/AWSLogs/${A}/vpcflowlogs/us-east-1/2026/11/02/${FLOW}.log.gz`;
    expect(brief(classifyLocalPath(deep))).toEqual(read('vpc-flow', 'text', 'flow-logs'));
  });
});
