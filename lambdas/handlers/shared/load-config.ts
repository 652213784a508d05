/**
 * Loads the detection config bundled beside a handler: AN1261_CONFIG_FILE, else
 * `${LAMBDA_TASK_ROOT}/an1261.config.json`. An absent file means defaults (the CDK app bundles the
 * file only when the user gave a config); unreadable, non-JSON or invalid content throws, naming the
 * file and (through parseConfig) the offending key.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, DEFAULT_CONFIG, parseConfig } from '../../core/model/config';
import { type Env, optionalEnv } from './env';

export const CONFIG_FILE_NAME = 'an1261.config.json';

/** The path the config is read from, for logging at cold start. */
export function configFilePath(env: Env = process.env): string {
  return optionalEnv('AN1261_CONFIG_FILE', env) ?? join(optionalEnv('LAMBDA_TASK_ROOT', env) ?? process.cwd(), CONFIG_FILE_NAME);
}

/**
 * Reads and validates the config once (call it at module scope).
 * @example const config = loadHandlerConfig(); // DEFAULT_CONFIG when no file is bundled
 */
export function loadHandlerConfig(env: Env = process.env): Config {
  const file = configFilePath(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_CONFIG;
    throw new Error(`AN1261_CONFIG_FILE ${file}: cannot read config (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`AN1261_CONFIG_FILE ${file}: config is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  return parseConfig(json, file);
}
