/**
 * Who made a CloudTrail call, from its `userIdentity`: the IAM principal ARN the allowlists match
 * (assumed-role sessions normalized to their role), and the EC2 instance when the caller is an
 * instance-profile session (its session name is the instance id).
 */
import { parseStsArn, roleArnOf, type StsArn } from '../../model/principal-arn';
import type { ActorRef, HostRef } from '../../model/signal';
import { asObject, type JsonObject, objAt, str } from './fields';

export interface Principal {
  actor?: ActorRef;
  host?: HostRef;
}

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

/** The role (or, for federation, the user) that issued a temporary session. */
function issuerArn(ui: JsonObject): string | undefined {
  return str(objAt(objAt(ui, 'sessionContext'), 'sessionIssuer'), 'arn');
}

/** The part of `principalId` after the colon: the session name of role and federated sessions. */
function sessionFromPrincipalId(ui: JsonObject): string | undefined {
  const id = str(ui, 'principalId');
  const colon = id?.indexOf(':') ?? -1;
  return id !== undefined && colon >= 0 && colon < id.length - 1 ? id.slice(colon + 1) : undefined;
}

function principalArn(ui: JsonObject, type: string | undefined, raw: string | undefined, sts: StsArn | undefined): { arn?: string; sessionName?: string } {
  if (type === 'AssumedRole' || sts?.kind === 'assumed-role') {
    // The issuer ARN keeps the role's path, which the session ARN drops.
    const derived = sts?.kind === 'assumed-role' ? roleArnOf(sts) : undefined;
    const arn = issuerArn(ui) ?? derived ?? raw;
    const sessionName = (sts?.kind === 'assumed-role' ? sts.session : undefined) ?? sessionFromPrincipalId(ui);
    return { ...(arn !== undefined ? { arn } : {}), ...(sessionName !== undefined ? { sessionName } : {}) };
  }
  if (type === 'FederatedUser' || sts?.kind === 'federated-user') {
    const arn = issuerArn(ui) ?? raw;
    const sessionName = sts?.kind === 'federated-user' ? sts.name : sessionFromPrincipalId(ui);
    return { ...(arn !== undefined ? { arn } : {}), ...(sessionName !== undefined ? { sessionName } : {}) };
  }
  // IAMUser with an sts ARN (AWS doc sample): the user's IAM ARN is what allowlists name.
  if (sts?.kind === 'user') return { arn: `arn:${sts.partition}:iam::${sts.account}:user/${sts.name}` };
  return raw !== undefined ? { arn: raw } : {};
}

/**
 * Root and IAM users keep their ARN; AWSService, AWSAccount and IdentityCenterUser callers carry no
 * principal ARN, so they yield no actor (the caller is not an IAM principal of this account).
 */
export function principalFromUserIdentity(userIdentity: unknown): Principal {
  const ui = asObject(userIdentity);
  if (ui === undefined) return {};
  const raw = str(ui, 'arn');
  const sts = raw !== undefined ? parseStsArn(raw) : undefined;
  const { arn, sessionName } = principalArn(ui, str(ui, 'type'), raw, sts);
  if (arn === undefined && sessionName === undefined) return {};
  const actor: ActorRef = {
    ...(arn !== undefined ? { arn } : {}),
    ...(raw !== undefined && raw !== arn ? { sessionArn: raw } : {}),
    ...(sessionName !== undefined ? { sessionName } : {}),
  };
  // Only a role session's name can be an instance id given by EC2 (instance-profile credentials).
  const isRoleSession = str(ui, 'type') === 'AssumedRole' || sts?.kind === 'assumed-role';
  const host: HostRef | undefined = isRoleSession && sessionName !== undefined && INSTANCE_ID.test(sessionName) ? { instanceId: sessionName } : undefined;
  return { actor, ...(host ? { host } : {}) };
}
