/**
 * The detection config as a file: its name in each function's bundle, and the one loader the CDK
 * app, the CLI and the handlers share. Reading and JSON errors name the file; schema errors
 * (parseConfig) name the file and the key.
 */
import { readFileSync } from 'node:fs';
import { type Config, ConfigError, DEFAULT_CONFIG, parseConfig } from '../core/model/config';
import { errnoCode, errorMessage } from '../core/util/errors';

/** The name the construct gives the effective config beside each handler, and the handlers look for. */
export const CONFIG_FILE_NAME = 'an1261.config.json';

/** Where the config is inside a deployed function: the Lambda task root. */
export const BUNDLED_CONFIG_PATH = `/var/task/${CONFIG_FILE_NAME}`;

/** The config file cannot be read or is not JSON; `file` is the path, `cause` the underlying error. */
export class ConfigFileError extends ConfigError {
  constructor(
    readonly file: string,
    message: string,
    options: { cause: unknown },
  ) {
    super(message, [message], options);
  }
}

export interface LoadConfigOptions {
  /**
   * What an absent file means: an error, or the defaults (a handler whose bundle holds no config).
   * @default 'error'
   */
  readonly ifMissing?: 'error' | 'defaults';
  /**
   * Where the path came from, prefixed to error messages, e.g. `AN1261_CONFIG_FILE`.
   * @default no prefix
   */
  readonly origin?: string;
}

/**
 * Reads, parses and validates a config file; no file given means the defaults.
 * @example const config = loadConfigFile('deploy/an1261.config.json');
 */
export function loadConfigFile(file: string | undefined, options: LoadConfigOptions = {}): Config {
  return loadConfigFileWithRaw(file, options).config;
}

/**
 * {@link loadConfigFile}, and the file's JSON as written (undefined when there is no file): what
 * `an1261 tune` patches, keys and all, without the defaults parsing fills in.
 */
export function loadConfigFileWithRaw(file: string | undefined, options: LoadConfigOptions = {}): { raw: unknown; config: Config } {
  if (!file) return { raw: undefined, config: DEFAULT_CONFIG };
  const where = options.origin ? `${options.origin} ${file}` : file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT' && options.ifMissing === 'defaults') return { raw: undefined, config: DEFAULT_CONFIG };
    throw new ConfigFileError(file, `${where}: cannot read config (${errnoCode(e) ?? errorMessage(e)})`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigFileError(file, `${where}: config is not valid JSON (${errorMessage(e)})`, { cause: e });
  }
  return { raw: json, config: parseConfig(json, file) };
}
