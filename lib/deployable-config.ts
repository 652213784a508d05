/**
 * What a deployment needs beyond the shared schema: CloudWatch Logs subscriptions need concrete
 * log-group names (globs only route files in the CLI). Fails at synth naming the key. Valid but
 * unsafe settings (config-warnings.ts) become synth warnings, as `an1261 config check` prints them.
 */
import { Annotations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Config } from '../lambdas/core/model/config';
import { ConfigError } from '../lambdas/core/model/config';
import { configWarnings, formatConfigWarning } from '../lambdas/core/model/config-warnings';

const CONCRETE = /^[\w\-/.#]+$/;

export function assertDeployableConfig(config: Config): void {
  const issues: string[] = [];
  config.sources.flowLogs.forEach((f, i) => {
    if (!CONCRETE.test(f.logGroup)) issues.push(`config key "sources.flowLogs[${i}].logGroup": "${f.logGroup}" must be a log group name (no wildcards) to be subscribed`);
  });
  config.sources.hostLogs.forEach((h, i) => {
    if (!CONCRETE.test(h.logGroup)) issues.push(`config key "sources.hostLogs[${i}].logGroup": "${h.logGroup}" must be a log group name (no wildcards) to be subscribed`);
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
