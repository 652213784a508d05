/**
 * IAM principal ARNs as AWS writes them in CloudTrail and EKS audit `user.extra`: STS session ARNs
 * are parsed, and assumed-role sessions normalized to their role ARN, because allowlists
 * (`approvedBuilders.principals`) name roles, not sessions.
 */

export interface StsArn {
  partition: string;
  account: string;
  /** `assumed-role`, `federated-user`, `user` (the last is seen in AWS doc samples only). */
  kind: string;
  name: string;
  session?: string;
}

/** `arn:<partition>:sts::<account>:<kind>/<name>[/<session>]`, else undefined. */
export function parseStsArn(arn: string): StsArn | undefined {
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'sts') return undefined;
  const [, partition, , , account, resource] = parts as [string, string, string, string, string, string];
  const slash = resource.indexOf('/');
  if (slash <= 0 || !/^\d{12}$/.test(account)) return undefined;
  const kind = resource.slice(0, slash);
  const rest = resource.slice(slash + 1);
  const slash2 = rest.indexOf('/');
  const name = slash2 >= 0 ? rest.slice(0, slash2) : rest;
  if (name.length === 0) return undefined;
  return { partition, account, kind, name, ...(slash2 >= 0 ? { session: rest.slice(slash2 + 1) } : {}) };
}

/** The role ARN of an assumed-role session ARN. */
export function roleArnOf(sts: StsArn): string {
  return `arn:${sts.partition}:iam::${sts.account}:role/${sts.name}`;
}

/**
 * `arn:<p>:sts::<acct>:assumed-role/<role>/<session>` → `arn:<p>:iam::<acct>:role/<role>` and the
 * session name; any other ARN is returned as is.
 */
export function normalizePrincipalArn(arn: string): { arn: string; sessionName?: string } {
  const sts = parseStsArn(arn);
  if (sts?.kind !== 'assumed-role') return { arn };
  return { arn: roleArnOf(sts), ...(sts.session ? { sessionName: sts.session } : {}) };
}

/** The account of an IAM or STS principal ARN (`arn:<p>:iam::<acct>:…`, `arn:<p>:sts::<acct>:…`), else undefined. */
export function accountOfPrincipalArn(arn: string | undefined): string | undefined {
  return /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(arn ?? '')?.[1];
}
