/**
 * What a deployment needs beyond the shared schema: CloudWatch Logs subscriptions need concrete
 * log-group names (globs only route files in the CLI); a reader's kms:Decrypt grant needs a key ARN,
 * not an alias; Lambda reads SQS queues of its own Region only; a member account is another account.
 * Fails at synth naming the key (the Region and account checks when the stack is bound to them).
 * Valid but unsafe settings (config-warnings.ts) and deployment caveats become synth warnings, as
 * `an1261 config check` prints them.
 */
import { Annotations, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Config } from '../lambdas/core/model/config';
import { ConfigError } from '../lambdas/core/model/config';
import { configWarnings, formatConfigWarning } from '../lambdas/core/model/config-warnings';

const CONCRETE = /^[\w\-/.#]+$/;

/** A KMS key ARN (not an alias): what an IAM policy can grant kms:Decrypt on. */
const KEY_ARN = /^arn:aws[\w-]*:kms:[\w-]+:\d{12}:key\/[0-9a-f-]{36}$/;
/** The Region of an ARN. */
const regionOf = (arn: string) => arn.split(':')[3] ?? '';

/**
 * Throws a ConfigError naming each key a deployment cannot use. `scope` (the detector) gives the
 * stack's Region and account: checked against them when the stack is bound to them.
 */
export function assertDeployableConfig(config: Config, scope?: IConstruct): void {
  const issues: string[] = [];
  const stack = scope ? Stack.of(scope) : undefined;
  const region = stack && !Token.isUnresolved(stack.region) ? stack.region : undefined;
  const account = stack && !Token.isUnresolved(stack.account) ? stack.account : undefined;
  config.sources.flowLogs.forEach((f, i) => {
    if (!CONCRETE.test(f.logGroup)) issues.push(`config key "sources.flowLogs[${i}].logGroup": "${f.logGroup}" must be a log group name (no wildcards) to be subscribed`);
  });
  config.sources.hostLogs.forEach((h, i) => {
    if (!CONCRETE.test(h.logGroup)) issues.push(`config key "sources.hostLogs[${i}].logGroup": "${h.logGroup}" must be a log group name (no wildcards) to be subscribed`);
  });
  const keyArn = (key: string, arn: string | undefined) => {
    if (arn !== undefined && !KEY_ARN.test(arn)) issues.push(`config key "${key}": "${arn}" must be a key ARN (arn:aws:kms:<region>:<account>:key/<id>) to be deployed: an alias cannot scope the reader's kms:Decrypt grant`);
  };
  const seen = new Set<string>();
  config.sources.s3.forEach((b, i) => {
    keyArn(`sources.s3[${i}].kmsKeyArn`, b.kmsKeyArn);
    const id = `${b.bucket}/${b.prefix}`;
    if (seen.has(id)) issues.push(`config key "sources.s3[${i}]": s3://${id} is listed twice`);
    seen.add(id);
  });
  const lake = config.sources.securityLake;
  if (lake) {
    // With a subscriber role, reads and decryption go through that role: the key is its business.
    if (!lake.roleArn) keyArn('sources.securityLake.kmsKeyArn', lake.kmsKeyArn);
    if (region && regionOf(lake.queueArn) !== region) {
      issues.push(`config key "sources.securityLake.queueArn": the queue is in ${regionOf(lake.queueArn)}, the stack in ${region}: Lambda reads SQS queues of its own Region only (deploy the detector there, or subscribe in ${region})`);
    }
  }
  config.accounts.members.forEach((m, i) => {
    if (account && m.id === account) issues.push(`config key "accounts.members[${i}].id": ${m.id} is the account the detector is deployed in; subscribe its log groups directly (sources.eksClusters, sources.hostLogs), not through the cross-account destination`);
  });
  if (issues.length > 0) throw new ConfigError(`Invalid configuration for deployment:\n${issues.map((l) => `  - ${l}`).join('\n')}`, issues);
}

/**
 * Adds each config warning to `scope` (the stack). Warnings never fail a plain synth (cdk-nag is
 * separate); they are acknowledgeable, so `cdk synth --strict` can be made to pass for an accepted
 * one: the id is `an1261:config:<key>` with `[n]` written `.n` (the CDK CLI cuts ids at `]`), e.g.
 * `an1261:config:trustedDestinations.awsServices.1`. Returns the warnings.
 */
export function annotateConfigWarnings(scope: IConstruct, config: Config): ReturnType<typeof configWarnings> {
  const warnings = configWarnings(config);
  for (const w of warnings) Annotations.of(scope).addWarningV2(`an1261:config:${w.key.replace(/\[(\d+)\]/g, '.$1')}`, formatConfigWarning(w));
  return warnings;
}

/**
 * Deployment caveats of a valid config, added to `scope` (the stack) as acknowledgeable warnings with
 * the ids of `annotateConfigWarnings`. Returns them.
 */
export function annotateDeploymentWarnings(scope: IConstruct, config: Config): ReturnType<typeof configWarnings> {
  const warnings: ReturnType<typeof configWarnings> = [];
  const stack = Stack.of(scope);
  const lake = config.sources.securityLake;
  if (lake?.roleArn && !lake.externalId) {
    warnings.push({ key: 'sources.securityLake.roleArn', message: 'no externalId: Security Lake creates subscriber roles that trust the subscriber only with the external id given at subscription, so AssumeRole will be refused unless this role does not require one' });
  }
  if (lake && Token.isUnresolved(stack.region)) {
    warnings.push({ key: 'sources.securityLake.queueArn', message: `the stack is not bound to a Region: deploy it in ${regionOf(lake.queueArn)}, the queue's Region (Lambda reads SQS queues of its own Region only), e.g. with -c region=${regionOf(lake.queueArn)}` });
  }
  config.sources.s3.forEach((b, i) => {
    if (b.notifications === 'eventbridge' && b.account && (Token.isUnresolved(stack.account) || b.account !== stack.account)) {
      warnings.push({ key: `sources.s3[${i}].notifications`, message: `"Object Created" events of s3://${b.bucket} reach the default event bus of ${b.account}: unless this stack runs there, that account must forward them to this account's default bus (docs/deploy-many-accounts.md)` });
    }
  });
  for (const w of warnings) Annotations.of(scope).addWarningV2(`an1261:config:${w.key.replace(/\[(\d+)\]/g, '.$1')}`, formatConfigWarning(w));
  return warnings;
}
