/**
 * Credentials of a role assumed with STS AssumeRole (and an external id): what a Security Lake
 * subscriber reads the lake's objects with. Cached until shortly before they expire, so one Lambda
 * instance assumes the role once an hour, not once per object; a failed AssumeRole is retried on
 * the next call.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { An1261Error } from '../core/util/errors';
import { type ClientSource, clientGetter } from './client-source';

export interface AssumedRole {
  roleArn: string;
  externalId?: string;
  /** Default `an1261-detector`. */
  sessionName?: string;
  /** Default 3600 s. */
  durationSeconds?: number;
}

/** What an SDK client's `credentials` provider returns. */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Refresh this long before the credentials expire. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * A credential provider for SDK clients (`new S3Client({ credentials })`).
 * @example new S3Client({ credentials: assumedRoleCredentials(() => sts(), { roleArn, externalId }) })
 */
export function assumedRoleCredentials(sts: ClientSource<STSClient>, role: AssumedRole, now: () => number = () => Date.now()): () => Promise<AwsCredentialIdentity> {
  const client = clientGetter(sts);
  let cached: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const assume = async (): Promise<AwsCredentialIdentity> => {
    const out = await (await client()).send(
      new AssumeRoleCommand({
        RoleArn: role.roleArn,
        RoleSessionName: role.sessionName ?? 'an1261-detector',
        DurationSeconds: role.durationSeconds ?? 3600,
        ...(role.externalId ? { ExternalId: role.externalId } : {}),
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new An1261Error(`AssumeRole ${role.roleArn} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}), ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}) };
  };
  return async () => {
    if (cached && (!cached.expiration || cached.expiration.getTime() - REFRESH_MARGIN_MS > now())) return cached;
    pending ??= assume().then(
      (c) => {
        cached = c;
        pending = undefined;
        return c;
      },
      (e: unknown) => {
        pending = undefined;
        throw e;
      },
    );
    return pending;
  };
}
