/**
 * One read-only view of an AWS account for `an1261 doctor`: every SDK client is built here with the
 * same region, profile and retry strategy (aws-access.ts: adaptive, so throttling slows the client
 * down instead of failing the run).
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { awsCall } from './account-reader-errors';
import { CloudTrailReader } from './cloudtrail-reader';
import { CloudWatchLogsReader } from './cloudwatch-logs-reader';
import { Ec2FlowLogReader } from './ec2-flow-logs-reader';
import { EksReader } from './eks-reader';
import { EventBridgeReader } from './eventbridge-reader';
import { SecurityHubReader } from './security-hub-reader';

export { type AwsAccess, DEFAULT_MAX_ATTEMPTS, type TemporaryCredentials, createLogsClient, sdkClientConfig } from './aws-access';
import { type AwsAccess, type TemporaryCredentials, sdkClientConfig } from './aws-access';

export interface CallerIdentity {
  account: string;
  arn: string;
}

export class AccountReader {
  readonly logs: CloudWatchLogsReader;
  readonly eks: EksReader;
  readonly ec2: Ec2FlowLogReader;
  readonly cloudTrail: CloudTrailReader;
  readonly eventBridge: EventBridgeReader;
  readonly securityHub: SecurityHubReader;
  private readonly sts: STSClient;

  constructor(readonly access: AwsAccess) {
    const config = sdkClientConfig(access);
    this.sts = new STSClient(config);
    this.logs = new CloudWatchLogsReader(new CloudWatchLogsClient(config));
    this.eks = new EksReader(new EKSClient(config));
    this.ec2 = new Ec2FlowLogReader(new EC2Client(config));
    this.cloudTrail = new CloudTrailReader(new CloudTrailClient(config));
    this.eventBridge = new EventBridgeReader(new EventBridgeClient(config));
    this.securityHub = new SecurityHubReader(new SecurityHubClient(config));
  }

  /** The region every client uses; throws a clear error when none is configured anywhere. */
  async region(): Promise<string> {
    try {
      return await this.sts.config.region();
    } catch (e) {
      throw new Error('no AWS region: pass --region, set AWS_REGION, or give the profile a region', { cause: e });
    }
  }

  async identity(): Promise<CallerIdentity> {
    const out = await awsCall('sts:GetCallerIdentity', () => this.sts.send(new GetCallerIdentityCommand({})));
    return { account: out.Account ?? 'unknown', arn: out.Arn ?? 'unknown' };
  }

  /** Credentials of `roleArn` (with `externalId` when the role's trust policy asks for one), for a reader of another account. */
  async assumeRole(roleArn: string, sessionName: string, externalId?: string): Promise<TemporaryCredentials> {
    const out = await awsCall('sts:AssumeRole', () =>
      this.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: 900, ...(externalId ? { ExternalId: externalId } : {}) })),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`sts:AssumeRole of ${roleArn} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}), ...(c.Expiration ? { expiration: c.Expiration } : {}) };
  }

  destroy(): void {
    for (const c of [this.sts, this.logs.client, this.eks.client, this.ec2.client, this.cloudTrail.client, this.eventBridge.client, this.securityHub.client]) c.destroy();
  }
}
