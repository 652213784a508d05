/**
 * CloudTrail log files (`{"Records":[…]}`, gzipped as S3 delivers them, or plain): ECR PutImage
 * with its caller, EC2 RunInstances with the instances it launched, and the unrelated calls a trail
 * is mostly made of.
 */
import { gzipSync } from 'node:zlib';
import type { Rng } from '../rng';

export type Caller =
  | { type: 'AssumedRole'; account: string; role: string; session: string }
  | { type: 'IAMUser'; account: string; user: string };

function userIdentity(rng: Rng, c: Caller): Record<string, unknown> {
  if (c.type === 'IAMUser') {
    return { type: 'IAMUser', principalId: `AIDA${rng.hex(16).toUpperCase()}`, arn: `arn:aws:iam::${c.account}:user/${c.user}`, accountId: c.account, accessKeyId: `AKIA${rng.hex(16).toUpperCase()}`, userName: c.user };
  }
  const roleId = `AROA${rng.hex(16).toUpperCase()}`;
  return {
    type: 'AssumedRole',
    principalId: `${roleId}:${c.session}`,
    arn: `arn:aws:sts::${c.account}:assumed-role/${c.role}/${c.session}`,
    accountId: c.account,
    accessKeyId: `ASIA${rng.hex(16).toUpperCase()}`,
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: roleId, arn: `arn:aws:iam::${c.account}:role/${c.role}`, accountId: c.account, userName: c.role },
      attributes: { creationDate: '2026-10-30T06:00:00Z', mfaAuthenticated: 'false' },
      ...(c.session.startsWith('i-') ? { ec2RoleDelivery: '2.0' } : {}),
    },
  };
}

function base(rng: Rng, caller: Caller, at: number, eventSource: string, eventName: string, sourceIp: string, userAgent: string): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: userIdentity(rng, caller),
    eventTime: new Date(at).toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource,
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: sourceIp,
    userAgent,
    requestID: rng.uuid(),
    eventID: rng.uuid(),
    readOnly: eventName.startsWith('Get') || eventName.startsWith('BatchGet') || eventName.startsWith('Describe'),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: caller.account,
    eventCategory: 'Management',
  };
}

export interface PutImage {
  caller: Caller;
  at: number;
  repository: string;
  tag?: string;
  digest: string;
  sourceIp?: string;
  userAgent?: string;
}

export function putImageRecord(rng: Rng, p: PutImage): Record<string, unknown> {
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', size: rng.int(1500, 9000), digest: `sha256:${rng.hex(64)}` }, layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', size: rng.int(1e6, 9e7), digest: `sha256:${rng.hex(64)}` }] });
  return {
    ...base(rng, p.caller, p.at, 'ecr.amazonaws.com', 'PutImage', p.sourceIp ?? 'AWS Internal', p.userAgent ?? 'docker/27.3.1 go/go1.22.7 git-commit/41ca978 kernel/6.1.112 os/linux arch/amd64'),
    requestParameters: { repositoryName: p.repository, ...(p.tag ? { imageTag: p.tag } : {}), registryId: p.caller.account, imageManifest: manifest },
    responseElements: { image: { repositoryName: p.repository, registryId: p.caller.account, imageManifest: manifest, imageId: { imageDigest: p.digest, ...(p.tag ? { imageTag: p.tag } : {}) } } },
    resources: [{ ARN: `arn:aws:ecr:us-east-1:${p.caller.account}:repository/${p.repository}`, accountId: p.caller.account }],
  };
}

/** An instance an Auto Scaling group (or a fleet) launched: id, primary private IP, its ENI. */
export interface Launched {
  instanceId: string;
  ip: string;
  eni: string;
}

/**
 * EC2 RunInstances as Auto Scaling calls it (its service-linked role), with `responseElements`
 * naming each launched instance, its primary IP and its network interface.
 */
export function runInstancesRecord(rng: Rng, account: string, at: number, instances: readonly Launched[], launchTemplate = 'lt-0c1runner'): Record<string, unknown> {
  const caller: Caller = { type: 'AssumedRole', account, role: 'AWSServiceRoleForAutoScaling', session: 'AutoScaling' };
  const subnet = `subnet-${rng.hex(17)}`;
  const vpc = `vpc-${rng.hex(17)}`;
  const dns = (ip: string) => `ip-${ip.replace(/\./g, '-')}.ec2.internal`;
  const launchTime = Math.floor(at / 1000) * 1000;
  return {
    ...base(rng, caller, at, 'ec2.amazonaws.com', 'RunInstances', 'autoscaling.amazonaws.com', 'autoscaling.amazonaws.com'),
    requestParameters: { instancesSet: { items: [{ minCount: instances.length, maxCount: instances.length }] }, launchTemplate: { launchTemplateId: launchTemplate, version: '7' }, subnetId: subnet, clientToken: rng.uuid() },
    responseElements: {
      requestId: rng.uuid(),
      reservationId: `r-${rng.hex(17)}`,
      ownerId: account,
      groupSet: {},
      instancesSet: {
        items: instances.map((i, n) => ({
          instanceId: i.instanceId,
          imageId: 'ami-0c7217cdde317cfec',
          instanceState: { code: 0, name: 'pending' },
          privateDnsName: dns(i.ip),
          amiLaunchIndex: n,
          instanceType: 'c6i.2xlarge',
          launchTime,
          placement: { availabilityZone: 'us-east-1a', tenancy: 'default' },
          subnetId: subnet,
          vpcId: vpc,
          privateIpAddress: i.ip,
          networkInterfaceSet: {
            items: [{ networkInterfaceId: i.eni, subnetId: subnet, vpcId: vpc, ownerId: account, status: 'in-use', privateIpAddress: i.ip, privateDnsName: dns(i.ip), attachment: { deviceIndex: 0, status: 'attaching', attachTime: launchTime, deleteOnTermination: true }, privateIpAddressesSet: { item: [{ privateIpAddress: i.ip, privateDnsName: dns(i.ip), primary: true }] } }],
          },
          iamInstanceProfile: { arn: `arn:aws:iam::${account}:instance-profile/gitlab-runner`, id: `AIPA${rng.hex(16).toUpperCase()}` },
        })),
      },
    },
  };
}

/** Calls a trail holds besides PutImage: image pulls, token fetches, STS and EC2 reads. */
export function otherRecord(rng: Rng, caller: Caller, at: number, repository: string): Record<string, unknown> {
  const [source, name] = rng.pick([['ecr.amazonaws.com', 'BatchGetImage'], ['ecr.amazonaws.com', 'GetAuthorizationToken'], ['ecr.amazonaws.com', 'GetDownloadUrlForLayer'], ['sts.amazonaws.com', 'AssumeRole'], ['ec2.amazonaws.com', 'DescribeInstances']] as const);
  return { ...base(rng, caller, at, source, name, 'AWS Internal', 'aws-sdk-go-v2/1.30.4'), requestParameters: source === 'ecr.amazonaws.com' ? { repositoryName: repository, registryId: caller.account } : {}, responseElements: null };
}

export function trailFile(records: ReadonlyArray<Record<string, unknown>>, gzip: boolean): string | Buffer {
  const text = JSON.stringify({ Records: records });
  return gzip ? gzipSync(text) : text;
}

export function trailName(account: string, at: number, hash: string, gzip: boolean): string {
  const stamp = new Date(at).toISOString().replace(/[-:]/g, '').slice(0, 13);
  return `${account}_CloudTrail_us-east-1_${stamp}Z_${hash}.json${gzip ? '.gz' : ''}`;
}
