/**
 * How the CLI reaches an account: region, profile and the retry strategy every SDK client shares
 * (adaptive, so throttling slows the client down instead of failing the run). Kept apart from the
 * account reader so that a command needing one client loads that client only (the EC2 client alone
 * is ~75 MB of resident code).
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

/** Attempts per call, the first included: enough for a burst of throttling on FilterLogEvents or LookupEvents (2 TPS). */
export const DEFAULT_MAX_ATTEMPTS = 10;

/** Credentials of an assumed role (STS AssumeRole), in the SDK's credential-identity shape. */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface AwsAccess {
  /** Default: the SDK's chain (AWS_REGION, the profile's region …). */
  region?: string;
  /** A named profile of ~/.aws/config (SSO, assume-role and credential_process all work through it). */
  profile?: string;
  maxAttempts?: number;
  /** Credentials to use instead of the SDK chain (a role assumed for `doctor --account`, the Security Lake subscriber role). */
  credentials?: TemporaryCredentials;
}

/** Client options shared by every client (credentials come from the SDK's standard provider chain). */
export function sdkClientConfig(access: AwsAccess): { region?: string; profile?: string; credentials?: TemporaryCredentials; retryMode: string; maxAttempts: number } {
  return {
    ...(access.region ? { region: access.region } : {}),
    ...(access.credentials ? { credentials: access.credentials } : access.profile ? { profile: access.profile } : {}),
    retryMode: 'adaptive',
    maxAttempts: access.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
}

export function createLogsClient(access: AwsAccess): CloudWatchLogsClient {
  return new CloudWatchLogsClient(sdkClientConfig(access));
}

