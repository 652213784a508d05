/**
 * The config bundled beside a handler: AN1261_CONFIG_FILE, else `${LAMBDA_TASK_ROOT}/an1261.config.json`.
 * An absent file means defaults (the CDK app bundles the file only when the user gave a config);
 * unreadable, non-JSON or invalid content throws, naming the file and (through parseConfig) the
 * offending key. The reading itself is the contract's loader, shared with the CDK app and the CLI.
 */
import { join } from 'node:path';
import { CONFIG_FILE_NAME, ENV, loadConfigFile } from '../../contract';
import type { Config } from '../../core/model/config';
import { type Env, optionalEnv } from './env';

/** The path the config is read from, for logging at cold start. */
export function configFilePath(env: Env = process.env): string {
  return optionalEnv(ENV.configFile, env) ?? join(optionalEnv('LAMBDA_TASK_ROOT', env) ?? process.cwd(), CONFIG_FILE_NAME);
}

/**
 * Reads and validates the config once (call it at module scope).
 * @example const config = loadHandlerConfig(); // DEFAULT_CONFIG when no file is bundled
 */
export function loadHandlerConfig(env: Env = process.env): Config {
  return loadConfigFile(configFilePath(env), { ifMissing: 'defaults', origin: ENV.configFile });
}
