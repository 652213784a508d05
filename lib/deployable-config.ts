/**
 * What a deployment needs beyond the shared schema: CloudWatch Logs subscriptions need concrete
 * log-group names (globs only route files in the CLI). Fails at synth naming the key.
 */
import type { Config } from '../lambdas/core/model/config';
import { ConfigError } from '../lambdas/core/model/config';

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
