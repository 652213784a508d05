/**
 * Who made an audit event: the Kubernetes user and groups, and on EKS the IAM principal that
 * aws-iam-authenticator put in `user.extra` (values are always arrays). Assumed-role session ARNs
 * are normalized to their role ARN, because approvedBuilders.principals match roles, not sessions.
 */
import { normalizePrincipalArn } from '../../model/principal-arn';
import type { ActorRef } from '../../model/signal';
import { type JsonObject, firstStringAt, objAt, strAt, stringsAt } from './json-fields';

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
