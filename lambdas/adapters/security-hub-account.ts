/**
 * The account and Region findings are imported into. With the default ProductArn, Security Hub
 * only accepts findings whose AwsAccountId is the calling account, so this is the publisher's
 * identity: on Lambda, read from the invoked function ARN (no API call); in the CLI, `--account`
 * or STS GetCallerIdentity, and the Region the SDK resolved.
 */
import { GetCallerIdentityCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';

export interface ImportTarget {
  account: string;
  region: string;
}

const FUNCTION_ARN = /^arn:(aws|aws-cn|aws-us-gov):lambda:([a-z0-9-]+):(\d{12}):function:/;

/**
 * Account and Region from a Lambda context's `invokedFunctionArn`.
 * @example targetFromFunctionArn('arn:aws:lambda:eu-west-1:111122223333:function:publish') // { account: '111122223333', region: 'eu-west-1' }
 */
export function targetFromFunctionArn(arn: string): ImportTarget {
  const m = FUNCTION_ARN.exec(arn);
  if (!m) throw new Error(`invokedFunctionArn ${JSON.stringify(arn.slice(0, 200))} is not a Lambda function ARN`);
  return { account: m[3]!, region: m[2]! };
}

/** The caller's account (STS GetCallerIdentity, standard SDK credentials/endpoint) unless `account` is given. */
export async function resolveImportTarget(securityHub: SecurityHubClient, account?: string, stsConfig: STSClientConfig = {}): Promise<ImportTarget> {
  const region = await securityHub.config.region();
  if (!region) throw new Error('No AWS Region: set AWS_REGION or a profile region, or pass --region');
  if (account) {
    if (!/^\d{12}$/.test(account)) throw new Error(`--account ${JSON.stringify(account)} is not a 12-digit AWS account id`);
    return { account, region };
  }
  const sts = new STSClient({ region, ...stsConfig });
  try {
    const id = await sts.send(new GetCallerIdentityCommand({}));
    if (!id.Account) throw new Error('STS GetCallerIdentity returned no Account');
    return { account: id.Account, region };
  } finally {
    sts.destroy();
  }
}
