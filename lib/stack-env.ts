/**
 * Where the stack is bound: nowhere unless the user says so. `cdk synth` with credentials must not
 * write the caller's account or Region into the template, so the CDK CLI's CDK_DEFAULT_ACCOUNT /
 * CDK_DEFAULT_REGION (taken from whatever credentials happen to be loaded) are ignored. Bind the
 * stack explicitly with context: `cdk deploy -c account=111122223333 -c region=eu-west-1`.
 */
import type { Environment } from 'aws-cdk-lib';

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** The stack's `env` from the `account` / `region` context values; undefined: environment-agnostic. */
export function explicitStackEnv(context: (key: string) => unknown): Environment | undefined {
  const account = context('account');
  const region = context('region');
  if (account !== undefined && (typeof account !== 'string' || !ACCOUNT.test(account))) throw new Error(`context "account": ${JSON.stringify(account)} is not a 12-digit AWS account id`);
  if (region !== undefined && (typeof region !== 'string' || !REGION.test(region))) throw new Error(`context "region": ${JSON.stringify(region)} is not an AWS Region name (e.g. us-east-1)`);
  if (account === undefined && region === undefined) return undefined;
  return { ...(account !== undefined ? { account } : {}), ...(region !== undefined ? { region } : {}) };
}
