/**
 * Who made an audit event: the Kubernetes user and groups, and on EKS the IAM principal that
 * aws-iam-authenticator put in `user.extra` (values are always arrays). Assumed-role session ARNs
 * are normalized to their role ARN, because approvedBuilders.principals match roles, not sessions.
 */
import type { ActorRef } from '../../model/signal';
import { type JsonObject, firstStringAt, objAt, strAt, stringsAt } from './json-fields';

/**
 * `arn:<p>:sts::<acct>:assumed-role/<role>/<session>` → `arn:<p>:iam::<acct>:role/<role>` and the
 * session name; any other ARN is returned as is.
 */
export function normalizePrincipalArn(arn: string): { arn: string; sessionName?: string } {
  if (!arn.startsWith('arn:')) return { arn };
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[2] !== 'sts') return { arn };
  const resource = parts[5]!;
  if (!resource.startsWith('assumed-role/')) return { arn };
  const rest = resource.slice('assumed-role/'.length);
  const slash = rest.indexOf('/');
  const role = slash >= 0 ? rest.slice(0, slash) : rest;
  if (role.length === 0) return { arn };
  const session = slash >= 0 ? rest.slice(slash + 1) : '';
  return { arn: `arn:${parts[1]}:iam::${parts[4]}:role/${role}`, ...(session ? { sessionName: session } : {}) };
}

/** The actor of an audit event's `user`, or undefined when it names nobody. */
export function actorOf(user: JsonObject | undefined): ActorRef | undefined {
  if (!user) return undefined;
  const actor: ActorRef = {};
  const username = strAt(user, 'username');
  if (username) actor.k8sUser = username;
  const groups = stringsAt(user, 'groups');
  if (groups.length > 0) actor.k8sGroups = groups;
  // An AWS doc sample flattens `extra` into `user`; read both places.
  const extra = objAt(user, 'extra') ?? user;
  const rawArn = firstStringAt(extra, 'arn') ?? firstStringAt(extra, 'canonicalArn') ?? (username?.startsWith('arn:') ? username : undefined);
  if (rawArn) {
    const normalized = normalizePrincipalArn(rawArn);
    actor.arn = normalized.arn;
    if (normalized.arn !== rawArn) actor.sessionArn = rawArn;
    const sessionName = firstStringAt(extra, 'sessionName') ?? normalized.sessionName;
    if (sessionName) actor.sessionName = sessionName;
  }
  return Object.keys(actor).length > 0 ? actor : undefined;
}
